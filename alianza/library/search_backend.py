"""The library's search backend: modelsearch's database backends, with one text search
configuration per language on PostgreSQL.

Why this and not a home-made index: modelsearch already keeps an index table in step with
the models (signals, a task per save, ``rebuild_modelsearch_index``), uses SQLite's FTS5 and
PostgreSQL's tsvectors, and is what the Wagtail ecosystem maintains. What it lacks for a
bilingual library is per-row language: its PostgreSQL backend stems every row with one
``SEARCH_CONFIG``. So, on PostgreSQL:

- our migration ``0002`` creates ``alianza_en`` and ``alianza_es``: copies of the ``english``
  and ``spanish`` configurations whose word mappings run ``unaccent`` before the stemmer;
- this backend indexes each ``ResourceText`` with its own language's configuration (rows
  are grouped by language and handed to modelsearch's own indexer, unchanged);
- the query (``alianza.library.search``) is stemmed with both configurations and OR-ed, so
  "families" finds an English "family" and "familias" a Spanish "familia".

On SQLite, FTS5 has no Spanish stemmer; the same migration rebuilds modelsearch's FTS5
table with the ``porter unicode61 remove_diacritics 2`` tokenizer: accents are folded for
both languages and the Porter stemmer (English) also strips Spanish plurals ("familias" →
"familia"), which covers most of what readers type. PostgreSQL is the production database.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.db import connection

LANGUAGE_CONFIGS = {"en": "alianza_en", "es": "alianza_es"}


def language_config(language: str, params: dict[str, Any] | None = None) -> str:
    configs = (params or {}).get("LANGUAGE_CONFIGS") or LANGUAGE_CONFIGS
    return configs.get(language, configs["en"])


def SearchBackend(params: dict[str, Any]):  # noqa: N802 - the name modelsearch looks up
    if connection.vendor != "postgresql":
        from modelsearch.backends.database import SearchBackend as database_backend

        return database_backend(params)

    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
    )

    class LanguageIndex(PostgresIndex):
        """Index each language's rows with that language's configuration."""

        def add_items(self, model, objs) -> None:
            groups: dict[str, list] = defaultdict(list)
            for obj in objs:
                language = getattr(obj, "search_language", None)
                config = language_config(language, params) if language else self.backend.config
                groups[config].append(obj)
            for config, group in groups.items():
                # A copy per configuration: the shared backend is never mutated, so
                # concurrent threads each see their own.
                backend = copy.copy(self.backend)
                backend.config = config
                PostgresIndex(backend).add_items(model, group)

    class LanguagePostgresSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex

    return LanguagePostgresSearchBackend(params)
