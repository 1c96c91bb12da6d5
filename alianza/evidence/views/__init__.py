"""Views of the evidence module: public dashboards and staff pages."""
