"""Import Open States v3 bill JSON from files: one bill, a list, or API pages, in a file or
a folder of files (read in name order).

- Idempotent and incremental: a record whose stored parts did not change (``feed_hash``)
  is skipped without a write; a changed one is rewritten by difference
  (importers/bill_writer.py).
- Every bill records where it was read (the file, or the API address a fetched page came
  from) and when.
- Bad input is reported per record with the file and the record's position, and the rest of
  the file is imported; a file that is not JSON changes nothing. Records are written in
  batches, each in one transaction: a failure never leaves half a bill, and a batch that
  fails is retried a bill at a time so one bad bill does not cost the others.
- Events (``/events`` pages) in the same files become hearings (importers/bill_events.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from alianza.policy.importers.bill_events import EventRecord, event_record, hearings_write
from alianza.policy.importers.bill_records import (
    BillRecord,
    RecordError,
    bill_record,
    document_records,
    is_event,
    read_document,
)
from alianza.policy.importers.bill_sponsors import sponsorships_link
from alianza.policy.importers.bill_writer import BatchResult, BillWriter
from alianza.policy.models import CALIFORNIA

BATCH_SIZE = 500


@dataclass(frozen=True)
class Problem:
    """Something refused, by code (see importers/messages.py) with the file and, for a
    record, its position (1 is the first record of the file)."""

    code: str
    file: str
    position: int | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportReport:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    changes: int = 0
    hearings_created: int = 0
    hearings_updated: int = 0
    hearings_removed: int = 0
    sponsors_linked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.problems)

    def add(self, batch: BatchResult) -> None:
        self.created += batch.created
        self.updated += batch.updated
        self.unchanged += batch.unchanged
        self.conflicts += batch.conflicts
        self.changes += batch.changes


def bill_files(paths: Iterable[Path | str]) -> list[Path]:
    """The JSON files named, a folder standing for the ``.json`` files inside it."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.glob("*.json") if p.is_file())
        else:
            found.append(path)
    return found


def import_bill_files(paths: Sequence[Path | str], *, jurisdiction: str = CALIFORNIA,
                      batch_size: int = BATCH_SIZE) -> ImportReport:
    report = ImportReport()
    writer = BillWriter(jurisdiction=jurisdiction)
    pending = _Pending(writer=writer, report=report, batch_size=batch_size)
    # Hearings come after every bill, whatever the order of the files: an event names bills.
    hearings: list[tuple[list[EventRecord], str]] = []
    for path in bill_files(paths):
        report.files += 1
        hearings += _import_file(path, writer=writer, report=report, pending=pending,
                                 jurisdiction=jurisdiction)
    pending.flush()
    for events, source in hearings:
        with transaction.atomic():
            tally = hearings_write(events, jurisdiction=jurisdiction, source=source,
                                   now=timezone.now())
        report.hearings_created += tally.created
        report.hearings_updated += tally.updated
        report.hearings_removed += tally.removed
        report.changes += tally.changes
    if writer.sessions:
        report.sponsors_linked = sponsorships_link(
            session_ids=[s.pk for s in writer.sessions.values()])
    return report


def _import_file(path: Path, *, writer: BillWriter, report: ImportReport, pending: _Pending,
                 jurisdiction: str) -> list[tuple[list[EventRecord], str]]:
    name = str(path)
    try:
        document = read_document(path)
        items = document_records(document)
    except RecordError as error:
        report.problems.append(Problem(error.code, name, None, error.params))
        return []
    # A page a fetch wrote says which address it came from; a file is named in full.
    source = str(path.resolve())[:500]
    if isinstance(document, dict) and document.get("source_url"):
        source = str(document["source_url"])[:500]
    bills, events, problems = _read_records(items, jurisdiction)
    foreign = [p for p in problems if p.code == "record.other_jurisdiction"]
    if items and len(foreign) == len(items):  # the whole file is another state's
        report.problems.append(Problem("file.other_jurisdiction", name, None,
                                       foreign[0].params))
        return []
    report.problems += [Problem(p.code, name, p.position, p.params) for p in problems]
    if bills:
        writer.prepare(bills)
        for record in bills:
            record.file, record.source = name, source
            if writer.is_unchanged(record):  # no transaction, no write
                report.unchanged += 1
            else:
                pending.add(record)
    return [(events, source)] if events else []


class _Pending:
    """Changed bills waiting to be written, across files: API pages hold 20 bills, and
    writing 500 at a time costs far fewer statements than 20."""

    def __init__(self, *, writer: BillWriter, report: ImportReport, batch_size: int) -> None:
        self.writer, self.report, self.batch_size = writer, report, batch_size
        self.records: list[BillRecord] = []
        self.keys: set[tuple[str, str]] = set()

    def add(self, record: BillRecord) -> None:
        key = (record.session, record.identifier)
        if key in self.keys:  # the same bill in a later page: write the first one first
            self.flush()
            if self.writer.is_unchanged(record):
                self.report.unchanged += 1
                return
        self.records.append(record)
        self.keys.add(key)
        if len(self.records) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.records:
            _write_batch(self.records, writer=self.writer, report=self.report)
        self.records, self.keys = [], set()


@dataclass(frozen=True)
class _Refused:
    code: str
    position: int
    params: dict[str, str]


def _read_records(items: list[Any], jurisdiction: str
                  ) -> tuple[list[BillRecord], list[EventRecord], list[_Refused]]:
    bills: list[BillRecord] = []
    events: list[EventRecord] = []
    problems: list[_Refused] = []
    first_at: dict[tuple[str, str], int] = {}
    first_id: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        try:
            if is_event(item):
                events.append(event_record(item, position=position, jurisdiction=jurisdiction))
                continue
            record = bill_record(item, position=position, jurisdiction=jurisdiction)
        except RecordError as error:
            problems.append(_Refused(error.code, position, error.params))
            continue
        key = (record.session, record.identifier)
        earlier = first_at.get(key) or (first_id.get(record.openstates_id)
                                        if record.openstates_id else None)
        if earlier:
            problems.append(_Refused("record.duplicate", position, {
                "identifier": record.identifier, "first": str(earlier)}))
            continue
        first_at[key] = position
        if record.openstates_id:
            first_id[record.openstates_id] = position
        bills.append(record)
    return bills, events, problems


def _write_batch(records: list[BillRecord], *, writer: BillWriter,
                 report: ImportReport) -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            result = writer.write(records, now=now)
    except DatabaseError:
        if len(records) == 1:
            record = records[0]
            report.problems.append(Problem("record.not_saved", record.file, record.position,
                                           {"identifier": record.identifier}))
            return
        for record in records:  # find the bill that failed; keep the others
            _write_batch([record], writer=writer, report=report)
        return
    writer.apply(result)
    report.add(result)
    report.problems += [Problem(error.code, record.file, record.position, error.params)
                        for record, error in result.problems]
