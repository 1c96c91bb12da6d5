"""Import a public data file as a dataset version: hash, read, replace, insert figures.

Everything an import writes (the version, the replaced mark on the old version, the figures,
the entities) happens in one transaction: an import that fails leaves nothing behind.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone

from alianza.evidence.cde import CdeTable, file_sha256, load
from alianza.evidence.models import Dataset, Entity, Figure
from alianza.evidence.services.figures import ENTITY_COLUMNS, entity_frame, figure_frame

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000


@dataclass
class ImportOutcome:
    dataset: Dataset
    created: bool  # False: this exact file was imported before; nothing changed
    replaced: Dataset | None = None


def _existing(sha256: str) -> Dataset | None:
    return Dataset.objects.filter(origin=Dataset.Origin.STATE, sha256=sha256).first()


def dataset_import(
    *,
    path: str | Path,
    source_name: str,
    user=None,
    kind: str | None = None,
    source_url: str = "",
) -> ImportOutcome:
    """Import one CDE file. Raises the reader's ``CdeFileError`` for a file it refuses.

    Importing a file whose SHA-256 is already known changes nothing. A file of the same
    kind and school year as the current version replaces it; the old version is kept,
    marked replaced, and its figures stop showing on the dashboards.
    """
    path = Path(path)
    sha256 = file_sha256(path)
    existing = _existing(sha256)
    if existing is not None:
        return ImportOutcome(dataset=existing, created=False)
    table = load(path, kind=kind or None)
    figures = figure_frame(table)
    entities = entity_frame(table, figures)
    try:
        return _store(table, figures, entities, sha256=sha256, source_name=source_name,
                      source_url=source_url, user=user)
    except IntegrityError:
        # The same file imported at the same moment by someone else: theirs stands.
        existing = _existing(sha256)
        if existing is None:
            raise
        return ImportOutcome(dataset=existing, created=False)


def _store(table: CdeTable, figures: pl.DataFrame, entities: pl.DataFrame, *, sha256: str,
           source_name: str, source_url: str, user) -> ImportOutcome:
    school_year = table.school_year or ""
    with transaction.atomic():
        previous = (
            Dataset.objects.select_for_update()
            .filter(kind=table.kind, school_year=school_year, scope="", is_current=True)
            .first()
        )
        if previous is not None:
            # Off first: only one version of a kind and year may be current at a time.
            previous.is_current = False
            previous.status = Dataset.Status.REPLACED
            previous.replaced_at = timezone.now()
            previous.save(update_fields=["is_current", "status", "replaced_at"])
        dataset = Dataset.objects.create(
            kind=table.kind,
            origin=Dataset.Origin.STATE,
            title=table.title,
            source_name=(source_name or table.file_name)[:255],
            source_url=source_url,
            school_year=school_year,
            sha256=sha256,
            imported_by=user if getattr(user, "pk", None) else None,
            row_count=table.row_count,
            figure_count=figures.height,
            notes=_notes(table),
        )
        if previous is not None:
            previous.replaced_by = dataset
            previous.save(update_fields=["replaced_by"])
        figures_insert(dataset=dataset, figures=figures)
        entities_upsert(entities=entities, authoritative=table.kind == "entities")
    return ImportOutcome(dataset=dataset, created=True, replaced=previous)


def _notes(table: CdeTable) -> list[str]:
    notes = list(table.notes)
    if table.school_year_from and table.school_year_from != "column":
        notes.append(f"school year from the {table.school_year_from}")
    if table.sheets:
        notes.append("sheets: " + ", ".join(table.sheets))
    return notes


def figures_insert(*, dataset: Dataset, figures: pl.DataFrame) -> int:
    """Insert a figure frame (columns of :data:`FIGURE_COLUMNS`) for ``dataset``, in batches."""
    count = 0
    for batch in figures.iter_slices(BATCH_SIZE):
        rows = [
            Figure(
                dataset_id=dataset.pk,
                school_year=dataset.school_year,
                level=row[0],
                cds_code=row[1],
                county_code=row[2] or "",
                district_code=row[3] or "",
                entity_name=(row[4] or "")[:200],
                county_name=(row[5] or "")[:100],
                metric=row[7],
                dimension=row[8] or "",
                dimension_value=(row[9] or "")[:60],
                value=None if row[11] else row[10],
                suppressed=bool(row[11]),
                derived=bool(row[12]),
            )
            for row in batch.iter_rows()
        ]
        Figure.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        count += len(rows)
    return count


def entities_upsert(*, entities: pl.DataFrame, authoritative: bool) -> None:
    """Add the entities a file names. The entities file also corrects names already known."""
    if entities.height == 0:
        return
    rows = [
        Entity(
            **{
                key: (value or "")[: Entity._meta.get_field(key).max_length]
                for key, value in zip(ENTITY_COLUMNS, row, strict=True)
            },
            search_name=_search_name(row),
        )
        for row in entities.iter_rows()
    ]
    if authoritative:
        Entity.objects.bulk_create(
            rows, batch_size=BATCH_SIZE, update_conflicts=True,
            unique_fields=["level", "cds_code"],
            update_fields=["name", "county_code", "county_name", "district_code",
                           "district_name", "search_name"],
        )
    else:
        Entity.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _search_name(row: tuple) -> str:
    _level, _cds, name, _cc, county, _dc, district = row
    return fold(" ".join(p for p in (name, district, county) if p))[:400]


def fold(text: str) -> str:
    """Lower case without accents, so "montanez" finds "Montañez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
