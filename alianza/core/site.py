"""The name the site shows, and who its emails come from: the coalition's own once it has a
profile."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

from alianza.core.page_cache import SITE, generation

CACHE_KEY = "alianza:site-identity"


def _identity() -> tuple[str, str]:
    """(name, contact email) of the coalition, cached briefly: every email asks."""
    # With the cached pages' generation: no process puts an old name into a page it caches
    # after the profile changed.
    key = f"{CACHE_KEY}:{generation(SITE)}"
    found = cache.get(key)
    if found is None:
        profile_model = apps.get_model("coalition", "CoalitionProfile")
        profile = profile_model.objects.only("name", "contact_email").first()
        found = (profile.name, profile.contact_email) if profile else (settings.SITE_NAME, "")
        cache.set(key, found, 60)
    return found[0], found[1]


def site_name() -> str:
    return _identity()[0]


def site_contact_email() -> str:
    return _identity()[1]


def sender_address(configured: str | None = None) -> str:
    """The bare address emails are sent from: ``configured`` (a setting such as
    ``OUTREACH_FROM_EMAIL``) or ``DEFAULT_FROM_EMAIL``; any display name in them is ignored,
    because the name shown is always the coalition's."""
    return parseaddr(configured or settings.DEFAULT_FROM_EMAIL)[1] or parseaddr(
        settings.DEFAULT_FROM_EMAIL)[1]


def sender(configured: str | None = None, *, name: str = "") -> str:
    """The From header value: the coalition's name (or ``name``) and the sender address.

    ``formataddr`` quotes specials and encodes a non-ASCII name ("Coalición …") as an RFC
    2047 encoded word, so every mail client shows it as typed.
    """
    display = " ".join((name or site_name()).split())
    return formataddr((display, sender_address(configured)), charset="utf-8")


def reply_to() -> list[str]:
    """Replies go to the coalition's contact address when its profile has one."""
    contact = site_contact_email()
    return [contact] if contact else []


def site_name_forget() -> None:
    cache.delete(f"{CACHE_KEY}:{generation(SITE)}")
