from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _sync_role_groups(sender: AppConfig, apps=None, using: str = "default", **kwargs) -> None:
    """After every migrate, permissions added since land in the role groups."""
    from alianza.core.roles import role_groups_sync

    role_groups_sync(using=using, **({"apps": apps} if apps is not None else {}))


class CoreConfig(AppConfig):
    name = "alianza.core"
    label = "core"
    verbose_name = _("Core")
    default = True
    # The whole export, webhooks, API tokens and Django's admin (for what has no staff page of
    # its own; it checks its own permissions) share one sub-menu, so the staff menu stays one
    # row wide.
    staff_links = [
        (96, "core-site-export", _("Export all data"), "core.export_site", "site-export",
         pgettext_lazy("staff menu", "Settings")),
        (97, "core-webhooks", _("Webhooks"), "core.manage_webhooks", "webhooks",
         pgettext_lazy("staff menu", "Settings")),
        (98, "core-api-tokens", _("API tokens"), "core.add_apitoken", "api-tokens",
         pgettext_lazy("staff menu", "Settings")),
        (99, "admin:index", _("Administration"), "", "admin",
         pgettext_lazy("staff menu", "Settings")),
    ]

    def ready(self) -> None:
        from alianza.core import checks  # noqa: F401  (registers the system checks)
        from alianza.core.privacy import person_data_register
        from alianza.core.webhooks.privacy import webhooks_erase, webhooks_export

        person_data_register("webhooks", export=webhooks_export, erase=webhooks_erase)

        # Sent once per app; answering only core's signal syncs once per migrate, and the
        # sync creates every app's permissions itself first.
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="alianza-role-groups")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that also asks for the second factor."""

    default = False
    default_site = "alianza.core.two_factor.AdminSite"
