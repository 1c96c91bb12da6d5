from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "alianza.coalition"
    label = "coalition"
    verbose_name = _("Coalition")
    nav_links = [
        (10, "coalition-about", _("About the coalition"), _("The coalition")),
        (11, "coalition-members", _("Members"), _("The coalition")),
        (12, "coalition-signatories", _("Signatories"), _("The coalition")),
        (13, "coalition-workgroups", _("Workgroups"), _("The coalition")),
        (95, "coalition-join", _("Join the movement")),
    ]
    home_sections = [(10, "coalition/_home_section.html")]

    def ready(self) -> None:
        from alianza.coalition.services.privacy import register_coalition_parts

        register_coalition_parts()
