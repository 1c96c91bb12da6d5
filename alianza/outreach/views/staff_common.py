"""What every outreach staff page shares: access rules and the search box's query."""

from __future__ import annotations

from django.http import HttpRequest

from alianza.core.access import forbidden, staff_required

__all__ = ["can", "forbidden", "search_query", "staff_required"]


def can(request: HttpRequest, perm: str) -> bool:
    return request.user.has_perm(perm)


def search_query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:100]
