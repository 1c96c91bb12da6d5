"""Reads for core's own staff pages."""

from __future__ import annotations

from django.db.models import QuerySet

from alianza.core.models import ApiToken, ApiWriteLog

MANAGE_TOKENS = "core.manage_api_tokens"


def api_tokens_visible(user) -> QuerySet[ApiToken]:
    """The tokens ``user`` may see: their own, or everyone's for token managers."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if user.has_perm(MANAGE_TOKENS) else tokens.filter(user=user)


def api_token_writes(token: ApiToken, *, limit: int = 50) -> list[ApiWriteLog]:
    return list(token.writes.order_by("-at", "-pk")[:limit])
