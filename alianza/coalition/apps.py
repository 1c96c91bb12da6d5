from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "alianza.coalition"
    label = "coalition"
    verbose_name = _("Coalition")

    def ready(self) -> None:
        from alianza.coalition.services.privacy import register_coalition_parts

        register_coalition_parts()
