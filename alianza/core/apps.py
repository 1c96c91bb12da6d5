from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "alianza.core"
    label = "core"
    verbose_name = _("Core")
    default = True

    def ready(self) -> None:
        from alianza.core import checks  # noqa: F401  (registers the system checks)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that also asks for the second factor."""

    default = False
    default_site = "alianza.core.two_factor.AdminSite"
