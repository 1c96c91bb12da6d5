"""API tokens: making, revoking and checking them, and the per-token rate limit."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.core.models import ApiToken
from alianza.core.osdi.errors import OsdiError

# The secret's recognisable start, so that a leaked token is easy to spot (and to search
# for in code and logs).
SECRET_PREFIX = "alz_"
PREFIX_LENGTH = 12
# last_used_at is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)

FAMILIES: dict[str, str] = {
    "people": gettext_lazy("People"),
    "tags": gettext_lazy("Tags"),
    "lists": gettext_lazy("Lists"),
    "petitions": gettext_lazy("Petitions"),
    "forms": gettext_lazy("Forms"),
    "events": gettext_lazy("Events"),
    "advocacy_campaigns": gettext_lazy("Advocacy campaigns"),
    "questions": gettext_lazy("Questions"),
    "messages": gettext_lazy("Messages"),
}
ALL_SCOPES = "*"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def scopes_clean(scopes: list[str]) -> list[str]:
    """``scopes`` checked (``family:read|write`` or ``*``) and without duplicates."""
    cleaned: list[str] = []
    for scope in scopes:
        scope = scope.strip()
        if scope in {ALL_SCOPES, "all"}:
            return [ALL_SCOPES]
        family, _sep, access = scope.partition(":")
        if family not in FAMILIES or access not in {"read", "write"}:
            raise ValueError(scope)
        if scope not in cleaned:
            cleaned.append(scope)
    return cleaned


def api_token_create(*, user, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret, which is not kept anywhere."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], scopes=scopes_clean(scopes),
        prefix=secret[:PREFIX_LENGTH], key_hash=token_hash(secret),
    )
    return token, secret


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke ``token`` (once: a second revocation keeps the first date and author)."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revoked_by = by
            locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


def api_token_authenticate(secret: str | None) -> ApiToken:
    """The live token ``secret`` is, or a 401 ``OsdiError`` saying why not."""
    if not secret:
        raise OsdiError(401, _("A valid OSDI-API-Token header is required."))
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=token_hash(secret.strip())).first())
    if token is None:
        raise OsdiError(401, _("This API token is not valid."))
    if token.revoked_at is not None:
        raise OsdiError(401, _("This API token was revoked."))
    user = token.user
    if not (user.is_active and user.is_staff):
        raise OsdiError(401, _("This API token's user may no longer use the API."))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate() -> tuple[int, int] | None:
    text = getattr(settings, "OSDI_RATE_LIMIT", "600/m") or ""
    match = _RATE.match(text)
    if not match:
        return None
    return int(match[1]), int(match[2] or 1) * _UNIT[match[3]]


def rate_limit_check(token: ApiToken) -> None:
    """Count one request of ``token``; a 429 ``OsdiError`` once its window is full.

    Fixed windows counted in the shared cache, so every web process counts together.
    """
    rate = _rate()
    if rate is None:
        return
    limit, period = rate
    now = time.time()
    window = int(now // period)
    key = f"osdi-rate:{token.pk}:{period}:{window}"
    cache = caches["shared"]
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        retry = max(1, math.ceil((window + 1) * period - now))
        raise OsdiError(429, _("Too many requests for this API token; try again in "
                               "%(seconds)s seconds.") % {"seconds": retry},
                        headers={"Retry-After": str(retry)})
