"""Create the staff role groups and give them the permissions they lack."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alianza.core.roles import ROLES, role_groups_sync


class Command(BaseCommand):
    help = "Create the staff role groups (coalition staff, data analysts, outreach, …) and add " \
           "the permissions they lack. Never removes a permission."

    def handle(self, *args, **options) -> None:
        added = role_groups_sync()
        for name in ROLES:
            self.stdout.write(f"{name}: {added[name]} permission(s) added")
