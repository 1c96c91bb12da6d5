from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "alianza.coalition"
    label = "coalition"
    verbose_name = _("Coalition")
    nav_links = [
        (10, "coalition-about", _("About the coalition")),
        (15, "coalition-join", _("Join the movement")),
        (50, "coalition-signatories", _("Signatories")),
        (55, "coalition-members", _("Members")),
        (60, "coalition-workgroups", _("Workgroups")),
    ]
    home_sections = [(10, "coalition/_home_section.html")]

    def ready(self) -> None:
        from alianza.coalition.services.privacy import register_coalition_parts

        register_coalition_parts()
