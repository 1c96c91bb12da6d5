"""The full-text part of a library search: which resources' texts match, and how well.

The index is modelsearch's (rows kept current by its signal handlers and task; rebuilt by
``manage.py library_search_rebuild``); configured per language in ``search_backend.py``.
This module only reads it, with one SQL statement per backend, because the library filters
and counts on the *resource* (topics, audiences, partners are many-to-many, the language
filter is "which versions exist"), which modelsearch's query API cannot express on the
database backends. The statement returns the best score of each resource's texts, higher
is better, for the selector to filter, count and order in Python. Texts are mapped to
their resources through the in-memory facet table rather than a join: a join to every
text row cost more than the match itself on broad searches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from alianza.library.search_backend import language_config
from alianza.library.search_facets import facet_table

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
    sql = (
        "SELECT CAST(ie.object_id AS INTEGER), "
        "-bm25(modelsearch_indexentry_fts, 0.0, 1.0, 4.0) "
        "FROM modelsearch_indexentry_fts "
        "JOIN modelsearch_indexentry ie ON ie.id = modelsearch_indexentry_fts.rowid "
        "WHERE modelsearch_indexentry_fts MATCH %s AND ie.content_type_id = %s"
    )
    return sql, [match, _content_type_id()]


def _postgres_query(terms: list[str]) -> tuple[str, list]:
    # The words stemmed as English OR as Spanish: each row was indexed in its own
    # language's configuration, so one of the two forms is the one it holds.
    text = " ".join(terms)
    en, es = language_config("en", _params()), language_config("es", _params())
    return ("(SELECT plainto_tsquery(%s::regconfig, %s) || plainto_tsquery(%s::regconfig, %s) "
            "AS q) q", [en, text, es, text])


# The rank weighs the title four times the body, as on SQLite, without joining the two
# vectors again. Computing it means reading each row's vectors: most of a broad search's
# time, so a filtered search ranks only the texts its filters keep (``text_ranks``).
_RANK = "4 * ts_rank(ie.title, q.q) + ts_rank(ie.body, q.q)"


def _postgres_sql(terms: list[str], *, ranked: bool = True) -> tuple[str, list]:
    # The match goes through library_document() and its index (migration 0003).
    query, params = _postgres_query(terms)
    sql = (
        f"SELECT ie.object_id::bigint, {_RANK if ranked else 'NULL'} "
        f"FROM modelsearch_indexentry ie CROSS JOIN {query} "
        f"WHERE ie.content_type_id = %s AND library_document(ie.title, ie.body) @@ q.q"
    )
    return sql, [*params, _content_type_id()]


def text_match_sql(query: str, *, ranked: bool = True) -> tuple[str, list] | None:
    """SQL returning ``(text id, score)`` for every resource text that matches (the score
    NULL when not ``ranked``; SQLite always ranks, its rank costs nothing more), or None
    when the query has no words."""
    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return _postgres_sql(terms, ranked=ranked)
    if connection.vendor == "sqlite":
        return _sqlite_sql(terms)
    raise NotImplementedError(f"library search needs SQLite or PostgreSQL, not {connection.vendor}")


@dataclass
class Hits:
    """The published resources with a matching text: ``texts`` maps each to its matching
    text ids; ``scores`` holds each text's score when the match was ranked."""

    texts: dict[int, list[int]] = field(default_factory=dict)
    scores: dict[int, float] | None = None


def text_hits(query: str, *, ranked: bool = True) -> Hits:
    statement = text_match_sql(query, ranked=ranked)
    if statement is None:
        return Hits()
    sql, params = statement
    owners = facet_table().owners
    hits = Hits(scores={})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for text_id, score in cursor.fetchall():
            resource_id = owners.get(text_id)
            if resource_id is None:  # unpublished
                continue
            hits.texts.setdefault(resource_id, []).append(text_id)
            if score is None:
                hits.scores = None
            elif hits.scores is not None:
                hits.scores[text_id] = float(score)
    return hits


def text_ranks(query: str, text_ids: list[int]) -> dict[int, float]:
    """Scores of some matching texts (PostgreSQL; SQLite's hits are always ranked)."""
    terms = search_terms(query)
    if not terms or not text_ids:
        return {}
    query_sql, params = _postgres_query(terms)
    sql = (f"SELECT ie.object_id::bigint, {_RANK} FROM modelsearch_indexentry ie "
           f"CROSS JOIN {query_sql} WHERE ie.content_type_id = %s "
           f"AND ie.object_id = ANY(%s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _content_type_id(), [str(pk) for pk in text_ids]])
        return {text_id: float(score or 0.0) for text_id, score in cursor.fetchall()}


def resource_scores(query: str, hits: Hits, resource_ids: list[int]) -> dict[int, float]:
    """The best score among each resource's matching texts, ranking them now if needed:
    all at once again when most matches are wanted, otherwise just theirs."""
    scores = hits.scores
    if scores is None:
        wanted = [text for pk in resource_ids for text in hits.texts[pk]]
        if len(resource_ids) * 2 > len(hits.texts):
            scores = text_hits(query, ranked=True).scores or {}
        else:
            scores = text_ranks(query, wanted)
    return {pk: max(scores.get(text, 0.0) for text in hits.texts[pk]) for pk in resource_ids}


def text_matches(query: str) -> dict[int, float]:
    """``{resource id: best score}`` for the published resources with a text that matches
    every word."""
    hits = text_hits(query, ranked=True)
    return resource_scores(query, hits, list(hits.texts))
