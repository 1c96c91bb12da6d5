"""Collections as Action Network pages them, and its OData-like ``filter`` parameter.

``page`` (from 1) and ``per_page`` (default 25, at most ``OSDI_MAX_PER_PAGE``); a page past
the end is an empty page, not an error. ``filter`` is ``field op 'value'`` terms (``eq``,
``gt``, ``lt``) joined with ``and`` / ``or`` (``and`` binds tighter), on the fields a
resource maps to its model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pydantic import BaseModel, Field, create_model

from alianza.core.osdi.errors import OsdiError
from alianza.core.osdi.schemas import OsdiOutput

DEFAULT_PER_PAGE = 25
MAX_FILTER_LENGTH = 1000
# A client pages through a collection by following ``next`` (Action Network's clients loop
# to total_pages): the first page counts the rows, later pages of the same query reuse that
# count for this long instead of counting every row again, and start after the last row of
# the page before instead of skipping every earlier row.
PAGING_SECONDS = 60

_TERM = re.compile(
    r"\s*(?P<field>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<op>eq|gt|lt)\s+"
    r"(?:'(?P<quoted>(?:[^']|'')*)'|(?P<bare>[^\s']+))\s*", re.IGNORECASE)
_JOIN = re.compile(r"\s*(and|or)\s+", re.IGNORECASE)
_LOOKUPS = {"eq": "exact", "gt": "gt", "lt": "lt"}


def max_per_page() -> int:
    return int(getattr(settings, "OSDI_MAX_PER_PAGE", 100))


def _positive_int(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or value > 10**9:
        raise OsdiError(400, _("%(name)s must be a positive whole number.") % {"name": name})
    return value


def _model_field(model: type[models.Model], path: str) -> models.Field | None:
    """The field at the end of an ORM path (``"person__email"``), if it can be found."""
    field = None
    for step in path.split("__"):
        try:
            field = model._meta.get_field(step)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def _value(model: type[models.Model], orm_path: str, raw: str, op: str):
    field = _model_field(model, orm_path)
    if isinstance(field, models.DateTimeField):
        value = _datetime(raw)
        return value
    if isinstance(field, models.DateField):
        return _datetime(raw).date()
    if isinstance(field, models.BooleanField):
        if raw.lower() in {"true", "false"}:
            return raw.lower() == "true"
        raise ValueError(raw)
    if field is not None:
        return field.to_python(raw)
    return raw


def _datetime(raw: str) -> dt.datetime:
    text = raw.strip().replace("Z", "+00:00")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def osdi_filter(queryset: QuerySet, text: str, filters: dict[str, str] | None) -> QuerySet:
    """``queryset`` narrowed by an OSDI ``filter`` expression; 400 if it cannot be read."""
    filters = filters or {}
    if len(text) > MAX_FILTER_LENGTH:
        raise OsdiError(400, _("The filter is too long."))
    position, groups, current, used = 0, [], [], set()
    while True:
        match = _TERM.match(text, position)
        if match is None:
            raise OsdiError(400, _("The filter could not be read; write it as "
                                   "field eq|gt|lt 'value', joined with and / or."))
        field, op = match["field"], match["op"].lower()
        if field not in filters:
            supported = ", ".join(sorted(filters)) or pgettext("filter fields", "none")
            raise OsdiError(400, _("Filtering on %(field)s is not supported (supported: "
                                   "%(supported)s).") % {"field": field,
                                                         "supported": supported})
        raw = match["quoted"].replace("''", "'") if match["quoted"] is not None \
            else match["bare"]
        orm = filters[field]
        used.add(orm)
        try:
            value = _value(queryset.model, orm, raw, op)
        except (ValueError, TypeError, DjangoValidationError):
            raise OsdiError(400, _("%(value)s is not a valid value for %(field)s.")
                            % {"value": raw[:100], "field": field}) from None
        current.append(Q(**{f"{orm}__{_LOOKUPS[op]}": value}))
        position = match.end()
        if position >= len(text):
            break
        join = _JOIN.match(text, position)
        if join is None:
            raise OsdiError(400, _("The filter could not be read; write it as "
                                   "field eq|gt|lt 'value', joined with and / or."))
        if join.group(1).lower() == "or":
            groups.append(current)
            current = []
        position = join.end()
    groups.append(current)
    condition = Q()
    for group in groups:
        both = Q()
        for term in group:
            both &= term
        condition |= both
    narrowed = queryset.filter(condition)
    # A term across a to-many relation may match one row several times.
    return narrowed.distinct() if any("__" in orm for orm in used) else narrowed


def _page_href(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(request.path) + "?" + urlencode(
        sorted(params.items()))


def _query_key(queryset: QuerySet) -> str:
    """The query (its SQL and parameters, without the page), as a cache key."""
    sql, params = queryset.query.sql_with_params()
    text = repr((queryset.db, sql, params))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _total(queryset: QuerySet, key: str, page: int) -> int:
    """The number of rows: counted on the first page (always exact there), and kept for
    the pages that follow."""
    cache = caches["default"]
    cache_key = f"osdi-count:{key}"
    total = cache.get(cache_key) if page > 1 else None
    if total is None:
        total = queryset.count()
        cache.set(cache_key, total, PAGING_SECONDS)
    return total


def _rows(queryset: QuerySet, key: str, page: int, per_page: int) -> list:
    """The page's rows, in pk order. After the page before was served: the rows after its
    last one (an index range, however deep the page). Otherwise the page's ids from the
    primary key first (no wide rows read only to be skipped), then those rows."""
    cache = caches["default"]
    last = cache.get(f"osdi-last:{key}:{per_page}:{page - 1}") if page > 1 else None
    start = (page - 1) * per_page
    if last is not None:
        rows = list(queryset.filter(pk__gt=last)[:per_page])
    elif start == 0:
        rows = list(queryset[:per_page])
    else:
        ids = list(queryset.values_list("pk", flat=True)[start:start + per_page])
        rows = list(queryset.filter(pk__in=ids)) if ids else []
    if rows:
        cache.set(f"osdi-last:{key}:{per_page}:{page}", rows[-1].pk, PAGING_SECONDS)
    return rows


def osdi_collection(request: HttpRequest, queryset: QuerySet, *, name: str,
                    serialize: Callable[[list], list[dict]],
                    filters: dict[str, str] | None = None) -> dict[str, Any]:
    """One page of ``queryset`` as an OSDI collection, ``_embedded["osdi:<name>"]``."""
    page = _positive_int(request, "page", 1)
    per_page = min(_positive_int(request, "per_page", DEFAULT_PER_PAGE), max_per_page())
    text = request.GET.get("filter", "")
    if text.strip():
        queryset = osdi_filter(queryset, text, filters)
    queryset = queryset.order_by("pk")
    try:
        key = _query_key(queryset)
        total = _total(queryset, key, page)
    except (ValueError, TypeError, DjangoValidationError):
        raise OsdiError(400, _("The filter could not be applied.")) from None
    total_pages = math.ceil(total / per_page) if total else 0
    start = (page - 1) * per_page
    rows = _rows(queryset, key, page, per_page) if start < total else []
    items = serialize(rows) if rows else []
    links: dict[str, Any] = {"self": {"href": _page_href(request, page)}}
    if page < total_pages:
        links["next"] = {"href": _page_href(request, page + 1)}
    if 1 < page <= total_pages + 1 and total_pages:
        links["previous"] = {"href": _page_href(request, min(page - 1, total_pages))}
    links[f"osdi:{name}"] = [item["_links"]["self"] for item in items
                             if isinstance(item.get("_links"), dict)
                             and item["_links"].get("self")]
    return {
        "total_pages": total_pages,
        "per_page": per_page,
        "page": page,
        "total_records": total,
        "_links": links,
        "_embedded": {f"osdi:{name}": items},
    }


@cache
def osdi_collection_schema(name: str, item: type[BaseModel]) -> type[BaseModel]:
    """The response schema of a collection of ``item`` named ``name``."""
    title = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", name) if part)
    embedded = create_model(
        f"Osdi{title}Embedded", __base__=OsdiOutput,
        items=(list[item], Field(alias=f"osdi:{name}")),
    )
    return create_model(
        f"Osdi{title}Collection", __base__=OsdiOutput,
        total_pages=(int, ...), per_page=(int, ...), page=(int, ...), total_records=(int, ...),
        links=(dict[str, Any], Field(alias="_links")),
        embedded=(embedded, Field(alias="_embedded")),
    )
