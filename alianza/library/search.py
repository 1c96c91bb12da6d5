"""The full-text part of a library search: which resources' texts match, and how well.

The index is modelsearch's (rows kept current by its signal handlers and task; rebuilt by
``manage.py library_search_rebuild``); configured per language in ``search_backend.py``.
This module only reads it, with one SQL statement per backend, because the library filters
and counts on the *resource* (topics, audiences, partners are many-to-many, the language
filter is "which versions exist"), which modelsearch's query API cannot express on the
database backends. The statement returns the best score of each resource's texts, higher
is better, for the selector to filter, count and order with the ORM.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from alianza.library.search_backend import language_config

MAX_TERMS = 12  # words beyond this add nothing a reader meant, and slow the match
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    return _WORD.findall(query or "")[:MAX_TERMS]


def _content_type_id() -> int:
    from alianza.library.models import ResourceText

    return ContentType.objects.get_for_model(ResourceText).pk


def _params() -> dict:
    return settings.MODELSEARCH_BACKENDS.get("default", {})


def _sqlite_sql(terms: list[str]) -> tuple[str, list]:
    # Each word quoted (FTS5 syntax characters lose their meaning), all required; only the
    # title and body columns. bm25() is negative, lower is better: negate it; the title
    # column weighs more. Column order is modelsearch's: autocomplete, body, title.
    match = "{body title} : (" + " ".join('"' + t.replace('"', "") + '"' for t in terms) + ")"
    # bm25() may not sit inside an aggregate: score the matches first, then group.
    sql = (
        "WITH m AS MATERIALIZED ("
        "SELECT rowid, -bm25(modelsearch_indexentry_fts, 0.0, 1.0, 4.0) AS score "
        "FROM modelsearch_indexentry_fts WHERE modelsearch_indexentry_fts MATCH %s) "
        "SELECT rt.resource_id, MAX(m.score) FROM m "
        "JOIN modelsearch_indexentry ie ON ie.id = m.rowid "
        "JOIN library_resourcetext rt ON rt.id = CAST(ie.object_id AS INTEGER) "
        "WHERE ie.content_type_id = %s "
        "GROUP BY rt.resource_id"
    )
    return sql, [match, _content_type_id()]


def _postgres_sql(terms: list[str]) -> tuple[str, list]:
    # The words stemmed as English OR as Spanish: each row was indexed in its own
    # language's configuration, so one of the two forms is the one it holds.
    text = " ".join(terms)
    en, es = language_config("en", _params()), language_config("es", _params())
    sql = (
        "SELECT rt.resource_id, MAX(ts_rank(ie.title || ie.body, q.q)) "
        "FROM modelsearch_indexentry ie "
        "CROSS JOIN (SELECT plainto_tsquery(%s::regconfig, %s) "
        "|| plainto_tsquery(%s::regconfig, %s) AS q) q "
        "JOIN library_resourcetext rt ON rt.id = ie.object_id::bigint "
        "WHERE ie.content_type_id = %s AND (ie.title || ie.body) @@ q.q "
        "GROUP BY rt.resource_id"
    )
    return sql, [en, text, es, text, _content_type_id()]


def text_match_sql(query: str) -> tuple[str, list] | None:
    """SQL returning ``(resource_id, score)`` for every resource with a matching text, or
    None when the query has no words."""
    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return _postgres_sql(terms)
    if connection.vendor == "sqlite":
        return _sqlite_sql(terms)
    raise NotImplementedError(f"library search needs SQLite or PostgreSQL, not {connection.vendor}")


def text_matches(query: str) -> dict[int, float]:
    """``{resource id: best score}`` for the resources whose texts match every word."""
    statement = text_match_sql(query)
    if statement is None:
        return {}
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {resource_id: float(score or 0.0) for resource_id, score in cursor.fetchall()}
