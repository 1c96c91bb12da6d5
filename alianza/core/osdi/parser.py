"""How the API reads request bodies: JSON, and no NUL anywhere.

PostgreSQL can neither store nor compare text holding the NUL character, so a body or a
query parameter carrying one would fail deep in a write (a 500) or, worse, part-way through
one. Every body passes through here first, so each resource need not check for itself
(addresses and query strings are checked for the whole site by ``RefuseNulMiddleware``).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser

from alianza.core.osdi.errors import OsdiError


def holds_nul(value: Any) -> bool:
    """Whether a decoded JSON value holds NUL in any string, key or value, at any depth."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


def refuse_nul() -> OsdiError:
    return OsdiError(400, _("Text may not contain the NUL character."))


class OsdiParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        if holds_nul(data):
            raise refuse_nul()
        return data
