"""Make, list or revoke OSDI API tokens of a staff user from the command line."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alianza.core.models import ApiToken
from alianza.core.osdi.tokens import FAMILIES, api_token_create, api_token_revoke


class Command(BaseCommand):
    help = ("Print a new OSDI API token for a staff user (shown once), or list or revoke "
            "that user's tokens. Scopes: " + ", ".join(f"{f}:read|write" for f in FAMILIES)
            + ", or * for all.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--scope", action="append", default=[], dest="scopes",
                            help="people:read, people:write, … or *; repeat for more "
                                 "(default: every scope).")
        parser.add_argument("--revoke", metavar="PREFIX",
                            help="Revoke the user's token whose secret starts with PREFIX.")
        parser.add_argument("--list", action="store_true", dest="show_list",
                            help="List the user's tokens.")

    def handle(self, *args, username: str, name: str, scopes: list[str],
               revoke: str | None, show_list: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if show_list:
            for token in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = ("revoked " + timezone.localtime(token.revoked_at).isoformat()
                         if token.revoked_at else "active")
                used = (timezone.localtime(token.last_used_at).isoformat()
                        if token.last_used_at else "never")
                self.stdout.write(f"{token.prefix}  {token.name}  {' '.join(token.scopes)}  "
                                  f"{state}  last used {used}")
            return
        if revoke:
            matches = ApiToken.objects.filter(user=user, prefix__startswith=revoke[:16])
            if len(revoke) < 6 or matches.count() != 1:
                raise CommandError("Give a prefix (6 characters or more) of exactly one of "
                                   "the user's tokens; see --list.")
            token = api_token_revoke(token=matches.get(), by=None)
            self.stdout.write(f"Revoked {token.prefix} ({token.name}).")
            return
        if not (user.is_active and user.is_staff):
            raise CommandError(f"{username} is not an active staff member; a token would "
                               "be refused.")
        try:
            _token, secret = api_token_create(user=user, name=name or "Command line",
                                              scopes=scopes or ["*"])
        except ValueError as exc:
            raise CommandError(f"Unknown scope {exc}.") from None
        self.stdout.write(secret)
