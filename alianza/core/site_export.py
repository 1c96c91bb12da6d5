"""What the full site export holds: each app registers its tables (and files) here.

Core imports no app. Each app fills the registry from its ``AppConfig.ready()`` through a
small module of its own (``alianza/<app>/site_export.py``)::

    site_export_register(name="coalition_people", title=_("People"), model=Person,
                         exclude=("notes_private",), files=...)

A table is either a model (every concrete column, minus ``exclude`` and anything secret),
a queryset with chosen ``columns``, or a ``rows`` callable yielding tuples with its own
``columns``. ``files`` is a callable yielding names in the default storage (uploads) that
go into the ZIP under ``files/``. The builder is ``alianza/core/site_export_build.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.text import capfirst

# Column names holding any of these never leave the site: hashes, tokens and secrets would
# let whoever holds the ZIP sign in, confirm or unsubscribe as someone else.
SECRET_WORDS = ("password", "token", "secret", "hash", "session", "otp", "api_key")


@dataclass(frozen=True)
class ExportColumn:
    name: str  # the CSV header
    path: str  # what ``values_list`` reads (a field's attname, or a lookup)
    description: Any = ""  # shown in the README, translated when written


@dataclass(frozen=True)
class ExportTable:
    name: str  # the CSV file is ``<name>.csv``
    title: Any
    description: Any = ""
    columns: tuple[ExportColumn, ...] = ()
    queryset: Callable[[], models.QuerySet] | None = None
    rows: Callable[[], Iterable[Sequence[Any]]] | None = None
    files: Callable[[], Iterable[str]] | None = None
    order: int = 100

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


_TABLES: dict[str, ExportTable] = {}


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS)


def model_columns(model: type[models.Model], *, exclude: Iterable[str] = ()) -> tuple[
        ExportColumn, ...]:
    """Every concrete column of ``model`` (foreign keys as their id), described by the
    field's own verbose name and help text, minus ``exclude`` and secret-looking names."""
    skipped = set(exclude)
    columns = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in skipped or model_field.attname in skipped:
            continue
        if is_secret(model_field.name):
            continue
        description = capfirst(model_field.verbose_name)
        if model_field.is_relation:
            target = model_field.related_model._meta
            description = f"{description} → {target.app_label}.{target.model_name}.id"
        columns.append(ExportColumn(model_field.attname, model_field.attname, description))
    return tuple(columns)


def site_export_register(
    *, name: str = "", title: Any = "", description: Any = "",
    model: type[models.Model] | None = None, exclude: Iterable[str] = (),
    queryset: Callable[[], models.QuerySet] | None = None,
    columns: Sequence[ExportColumn | tuple] | None = None,
    rows: Callable[[], Iterable[Sequence[Any]]] | None = None,
    files: Callable[[], Iterable[str]] | None = None, order: int = 100,
) -> ExportTable:
    """Add (or replace, by ``name``) one table of the export. With a model, the name
    defaults to ``<app label>_<model name>`` and the title to its (translated) plural."""
    if model is not None:
        name = name or f"{model._meta.app_label}_{model._meta.model_name}"
        title = title or capfirst(model._meta.verbose_name_plural)
    if not name or not title:
        raise ValueError("a site export table needs a name and a title")
    if model is not None and queryset is None:
        def queryset(model=model) -> models.QuerySet:
            return model._default_manager.order_by("pk")
    if columns is None:
        if model is None:
            raise ValueError(f"site export table {name!r} needs a model or columns")
        built = model_columns(model, exclude=exclude)
    else:
        built = tuple(column if isinstance(column, ExportColumn) else ExportColumn(*column)
                      for column in columns)
    secret = [column.name for column in built if is_secret(column.name)]
    if secret:
        raise ValueError(f"site export table {name!r} would export secrets: {secret}")
    if queryset is None and rows is None:
        raise ValueError(f"site export table {name!r} needs a model, a queryset or rows")
    table = ExportTable(name=name, title=title, description=description, columns=built,
                        queryset=queryset, rows=rows, files=files, order=order)
    _TABLES[name] = table
    return table


def site_export_unregister(name: str) -> None:
    _TABLES.pop(name, None)


def site_export_tables() -> list[ExportTable]:
    return sorted(_TABLES.values(), key=lambda table: (table.order, table.name))


def site_export_register_models(*models_: type[models.Model], order: int = 100,
                                exclude: Iterable[str] = ()) -> None:
    """Register several models whole (every column but secrets and ``exclude``)."""
    for position, model in enumerate(models_):
        site_export_register(model=model, order=order + position, exclude=exclude)


def file_names(model: type[models.Model], *field_names: str) -> Callable[[], Iterable[str]]:
    """A ``files`` callable: the stored names in ``model``'s file fields, streamed."""
    def names() -> Iterable[str]:
        for field_name in field_names:
            stored = (model._default_manager.exclude(**{field_name: ""})
                      .exclude(**{f"{field_name}__isnull": True})
                      .values_list(field_name, flat=True).order_by("pk"))
            yield from stored.iterator(chunk_size=2000)
    return names


__all__ = ["ExportColumn", "ExportTable", "SECRET_WORDS", "file_names",
           "is_secret", "model_columns", "site_export_register", "site_export_register_models",
           "site_export_tables", "site_export_unregister"]
