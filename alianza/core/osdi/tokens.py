"""API tokens: making, revoking and checking them, and the per-token rate limit."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from alianza.core.models import ApiRateBucket, ApiToken
from alianza.core.osdi.errors import OsdiError

# The secret's recognisable start, so that a leaked token is easy to spot (and to search
# for in code and logs).
SECRET_PREFIX = "alz_"
PREFIX_LENGTH = 12
# last_used_at is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)

FAMILIES: dict[str, str] = {
    "people": pgettext_lazy("API scope", "People"),
    "tags": pgettext_lazy("API scope", "Tags"),
    "lists": pgettext_lazy("API scope", "Lists"),
    "petitions": pgettext_lazy("API scope", "Petitions"),
    "forms": pgettext_lazy("API scope", "Forms"),
    "events": pgettext_lazy("API scope", "Events"),
    "advocacy_campaigns": pgettext_lazy("API scope", "Advocacy campaigns"),
    "questions": pgettext_lazy("API scope", "Questions"),
    "messages": pgettext_lazy("API scope", "Messages"),
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


# What a token's user must hold, beyond the token's scope, to read or write a family: the
# permissions the staff pages for the same records need. Apps register theirs
# (``osdi_family_permissions_register``); a token never opens more than its user's role.
_FAMILY_PERMISSIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def osdi_family_permissions_register(*, family: str, read: tuple[str, ...],
                                     write: tuple[str, ...]) -> None:
    """``read``: the permissions reading ``family`` needs; ``write``: what writing needs
    besides them."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown OSDI scope family {family!r}.")
    _FAMILY_PERMISSIONS[family] = (tuple(read), tuple(write))


def family_permissions(family: str, *, write: bool) -> tuple[str, ...]:
    read, writes = _FAMILY_PERMISSIONS.get(family, ((), ()))
    return (*read, *writes) if write else read


def _refusal(token: ApiToken, family: str, *, write: bool) -> str | None:
    """Why ``token`` may not read (or write) ``family`` (its scope, or its user's role),
    or None if it may."""
    if not token.allows(family, write=write):
        needed = f"{family}:{'write' if write else 'read'}"
        return _("This API token lacks the %(scope)s scope.") % {"scope": needed}
    missing = [perm for perm in family_permissions(family, write=write)
               if not token.user.has_perm(perm)]
    if missing:
        return (_("This API token's user may not do this on the staff pages either (it "
                  "needs the permission %(perm)s).") % {"perm": missing[0]})
    return None


def token_may(token: ApiToken, family: str, *, write: bool) -> bool:
    """Whether ``token`` may read (or write) ``family``: its scope, and its user's role."""
    return _refusal(token, family, write=write) is None


def osdi_require(token: ApiToken, family: str, *, write: bool) -> None:
    """A 403 ``OsdiError`` unless ``token`` may read (or write) ``family``, saying which is
    missing: the token's scope, or its user's permission on the staff pages. Every request
    checks its resource's family; a part of a request that reaches another family (tags
    sent with a signup, an attendance or an outreach) checks that one too."""
    refusal = _refusal(token, family, write=write)
    if refusal is not None:
        raise OsdiError(403, refusal)


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
    permissions_load(user)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def permissions_load(user) -> None:
    """Read everything ``user`` holds, their own permissions and their groups', in one
    statement, into the caches Django's permission checks read first.

    Every API request checks its user's role; Django's ModelBackend would ask in two
    queries, each costing more to build than to run. A superuser holds everything without
    asking, as ModelBackend decides too."""
    if user.is_superuser or not user.is_active:
        return
    from django.contrib.auth.models import Group, Permission

    user_table = type(user)._meta
    own = user_table.get_field("user_permissions").remote_field.through._meta.db_table
    groups = user_table.get_field("groups").remote_field.through._meta.db_table
    group_permissions = Group.permissions.through._meta.db_table
    permission = Permission._meta.db_table
    content_type = Permission._meta.get_field("content_type").related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'u', ct.app_label, p.codename FROM {own} up "
            f"JOIN {permission} p ON p.id = up.permission_id "
            f"JOIN {content_type} ct ON ct.id = p.content_type_id WHERE up.user_id = %s "
            f"UNION SELECT 'g', ct.app_label, p.codename FROM {groups} ug "
            f"JOIN {group_permissions} gp ON gp.group_id = ug.group_id "
            f"JOIN {permission} p ON p.id = gp.permission_id "
            f"JOIN {content_type} ct ON ct.id = p.content_type_id WHERE ug.user_id = %s",
            [user.pk, user.pk])
        rows = cursor.fetchall()
    user._user_perm_cache = {f"{app}.{code}" for whose, app, code in rows if whose == "u"}
    user._group_perm_cache = {f"{app}.{code}" for whose, app, code in rows if whose == "g"}
    user._perm_cache = user._user_perm_cache | user._group_perm_cache


_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate() -> tuple[int, int] | None:
    text = getattr(settings, "OSDI_RATE_LIMIT", "600/m") or ""
    match = _RATE.match(text)
    if not match:
        return None
    return int(match[1]), int(match[2] or 1) * _UNIT[match[3]]


def rate_limit_check(token: ApiToken) -> None:
    """Count one request of ``token``; a 429 ``OsdiError`` when it comes too early.

    ``limit`` requests per ``period`` as the generic cell rate algorithm spaces them: each
    request moves the token's ``paid_until`` on by ``period / limit``; a request is
    refused when that would put it more than ``period`` ahead of now. So a token may
    spend its whole allowance at once, then one more every ``period / limit`` seconds —
    never twice the limit across a window's edge as fixed windows allow. One statement
    in the database every web process shares, whatever the cache.
    """
    rate = _rate()
    if rate is None:
        return
    limit, period = rate
    interval = period / limit
    now = time.time()
    table = ApiRateBucket._meta.db_table
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"  # SQLite's
    with connection.cursor() as cursor:
        # Refused requests leave the row as it is (the WHERE), so they cost nothing later.
        cursor.execute(
            f"INSERT INTO {table} (token_id, paid_until) VALUES (%s, %s) "
            f"ON CONFLICT (token_id) DO UPDATE SET paid_until = "
            f"{greatest}({table}.paid_until, %s) + %s "
            f"WHERE {greatest}({table}.paid_until, %s) + %s <= %s "
            f"RETURNING paid_until",
            [token.pk, now + interval, now, interval, now, interval, now + period])
        if cursor.fetchone() is not None:
            return
    paid_until = ApiRateBucket.objects.filter(token=token).values_list(
        "paid_until", flat=True).first() or now
    retry = max(1, math.ceil(paid_until + interval - period - now))
    raise OsdiError(429, _("Too many requests for this API token; try again in "
                           "%(seconds)s seconds.") % {"seconds": retry},
                    headers={"Retry-After": str(retry)})
