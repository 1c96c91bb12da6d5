"""Views of the outreach module: public pages in ``public``, staff pages in ``staff_*``."""
