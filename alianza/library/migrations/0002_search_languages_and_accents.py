"""Accent folding and per-language stemming for the library's search (see search_backend.py).

PostgreSQL: two text search configurations, ``alianza_en`` and ``alianza_es``, that run
``unaccent`` before the English or Spanish stemmer. SQLite: modelsearch's FTS5 table is
rebuilt with the ``porter unicode61 remove_diacritics 2`` tokenizer (its triggers name the
table, so they keep working), refilled from the index rows already stored.
"""

from django.db import migrations

FTS_TABLE = "modelsearch_indexentry_fts"
ENTRY_TABLE = "modelsearch_indexentry"


def _postgres(schema_editor, forward: bool) -> None:
    execute = schema_editor.execute
    if not forward:
        execute("DROP INDEX IF EXISTS library_search_title_body")
        for name in ("alianza_en", "alianza_es"):
            execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        return
    execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, base, stemmer in (("alianza_en", "english", "english_stem"),
                                ("alianza_es", "spanish", "spanish_stem")):
        execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})")
        execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
                f"hword, hword_part, word, asciiword, asciihword, hword_asciipart "
                f"WITH unaccent, {stemmer}")
    # The library's query matches title and body together (every word, in either).
    execute(f"CREATE INDEX IF NOT EXISTS library_search_title_body ON {ENTRY_TABLE} "
            f"USING gin ((title || body))")


def _sqlite(schema_editor, tokenizer: str) -> None:
    execute = schema_editor.execute
    execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title, "
            f"tokenize = '{tokenizer}')")
    execute(f"INSERT INTO {FTS_TABLE} (rowid, title, body, autocomplete) "  # noqa: S608
            f"SELECT id, title, body, autocomplete FROM {ENTRY_TABLE}")


def forwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _postgres(schema_editor, forward=True)
    elif vendor == "sqlite":
        _sqlite(schema_editor, "porter unicode61 remove_diacritics 2")


def backwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _postgres(schema_editor, forward=False)
    elif vendor == "sqlite":
        _sqlite(schema_editor, "unicode61")


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_library_resources_collections_press"),
        ("modelsearch", "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
