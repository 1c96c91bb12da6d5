"""Hearings from Open States events.

A v3 bill carries no hearings; the API's ``/events`` endpoint does: a committee meeting
with agenda items that name bills. Each (event, bill) pair becomes a ``Hearing`` keyed by
the event's id, so a rescheduled hearing is moved rather than doubled, a cancelled one
removed, and one staff entered by hand (``is_manual``) never touched. A new or moved
hearing of a tracked bill, still to come, is a ``BillChange`` that alerts read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from alianza.policy.identifiers import IdentifierError, normalise_identifier, parse_session
from alianza.policy.importers.bill_records import RecordError, jurisdiction_of
from alianza.policy.importers.bill_writer import changes_announce
from alianza.policy.models import Bill, BillChange, Committee, Hearing

CALIFORNIA_TIME = ZoneInfo("America/Los_Angeles")


@dataclass(frozen=True)
class BillRef:
    openstates_id: str
    session: str
    identifier: str


@dataclass(frozen=True)
class EventRecord:
    position: int
    event_id: str
    starts_at: datetime.datetime
    body: str
    chamber: str
    committee_id: str
    location: str
    notes: str
    status: str
    cancelled: bool
    bills: tuple[BillRef, ...]


@dataclass
class HearingTally:
    created: int = 0
    updated: int = 0
    removed: int = 0
    changes: int = 0
    unmatched: int = 0  # agenda items naming a bill that is not here


def _moment(value: Any) -> datetime.datetime:
    text = str(value or "").strip().replace("Z", "+00:00")
    moment = datetime.datetime.fromisoformat(text)  # ValueError for the caller
    return moment if moment.tzinfo else moment.replace(tzinfo=CALIFORNIA_TIME)


def event_record(item: dict, *, position: int, jurisdiction: str) -> EventRecord:
    juris_id, juris_name = jurisdiction_of(item)
    if juris_id and juris_id != jurisdiction:
        raise RecordError("record.other_jurisdiction", jurisdiction=juris_name)
    event_id = str(item.get("id") or "")[:80]
    name = str(item.get("name") or "").strip()
    if not event_id:
        raise RecordError("event.no_id", name=name)
    try:
        starts_at = _moment(item.get("start_date"))
    except ValueError:
        raise RecordError("event.bad_date", name=name, value=item.get("start_date")) from None
    host = next((p for p in item.get("participants") or [] if isinstance(p, dict)
                 and p.get("entity_type") == "organization"), None) or {}
    organization = host.get("organization") if isinstance(host.get("organization"),
                                                           dict) else {}
    location = item.get("location") if isinstance(item.get("location"), dict) else {}
    bills = []
    for agenda in item.get("agenda") or []:
        for entity in (agenda.get("related_entities") or []) if isinstance(agenda,
                                                                           dict) else []:
            if not isinstance(entity, dict) or entity.get("entity_type") != "bill":
                continue
            bill = entity.get("bill") if isinstance(entity.get("bill"), dict) else {}
            try:
                identifier = normalise_identifier(bill.get("identifier") or entity.get("name"))
                session = parse_session(bill.get("session")) if bill.get("session") else ""
            except IdentifierError:
                identifier, session = "", ""
            if bill.get("id") or identifier:
                bills.append(BillRef(str(bill.get("id") or ""), session, identifier))
    status = str(item.get("status") or "").strip().lower()
    return EventRecord(
        position=position, event_id=event_id, starts_at=starts_at,
        body=str(host.get("name") or organization.get("name") or name)[:200],
        chamber=str(organization.get("classification") or ""),
        committee_id=str(organization.get("id") or ""),
        location=str(location.get("name") or "")[:300],
        notes=str(item.get("description") or "").strip(), status=status,
        cancelled=status == "cancelled" or bool(item.get("deleted")),
        bills=tuple(dict.fromkeys(bills)))


def _committee_key(name: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", name.casefold())
    text = re.sub(r"^\s*(assembly|senate|joint)\s+", "", text)
    text = re.sub(r"\b(standing )?committee( on)?\b", " ", text)
    return " ".join(text.split())


def hearings_write(records: list[EventRecord], *, jurisdiction: str, source: str,
                   now: datetime.datetime) -> HearingTally:
    """Create, move or remove the hearings these events describe; run in a transaction."""
    tally = HearingTally()
    bills = _bills_named(records, jurisdiction)
    committees = _committees(records)
    existing: dict[tuple[str, int], Hearing] = {
        (h.openstates_id, h.bill_id): h for h in Hearing.objects.filter(
            openstates_id__in=[r.event_id for r in records], is_manual=False)}
    today = now.astimezone(CALIFORNIA_TIME).date()
    changes: list[BillChange] = []

    def announce(bill: Bill, record: EventRecord, note: str = "") -> None:
        if bill.is_tracked and bill.feed_hash and record.starts_at.date() >= today:
            where = ", ".join(part for part in (record.body, record.location) if part)
            changes.append(BillChange(
                bill=bill, kind=BillChange.Kind.HEARING,
                occurred_on=record.starts_at.astimezone(CALIFORNIA_TIME).date(),
                description=f"{where} ({note})" if note else where))

    for record in records:
        matched = []
        for ref in record.bills:
            bill = bills.get(("id", ref.openstates_id)) or bills.get(
                ("number", ref.session, ref.identifier))
            if bill is None:
                tally.unmatched += 1
            else:
                matched.append(bill)
        wanted = {} if record.cancelled else {bill.pk: bill for bill in matched}
        for (event_id, bill_id), hearing in list(existing.items()):
            if event_id == record.event_id and bill_id not in wanted:
                if record.cancelled:
                    announce(hearing.bill, record, record.status or "cancelled")
                hearing.delete()
                del existing[event_id, bill_id]
                tally.removed += 1
        for bill in wanted.values():
            values = {"starts_at": record.starts_at, "body": record.body,
                      "location": record.location, "notes": record.notes,
                      "committee": committees.get(record)}
            hearing = existing.get((record.event_id, bill.pk))
            if hearing is None:
                existing[record.event_id, bill.pk] = Hearing.objects.create(
                    bill=bill, openstates_id=record.event_id, source=source,
                    imported_at=now, **values)
                tally.created += 1
                announce(bill, record)
                continue
            if all(getattr(hearing, k) == v for k, v in values.items()):
                continue
            moved = hearing.starts_at != record.starts_at
            for name, value in values.items():
                setattr(hearing, name, value)
            hearing.source, hearing.imported_at = source, now
            hearing.save()
            tally.updated += 1
            if moved:
                announce(bill, record)
    BillChange.objects.bulk_create(changes)
    changes_announce(changes)
    tally.changes = len(changes)
    return tally


def _bills_named(records: list[EventRecord], jurisdiction: str) -> dict[tuple, Bill]:
    refs = [ref for record in records for ref in record.bills]
    found: dict[tuple, Bill] = {}
    ids = {ref.openstates_id for ref in refs if ref.openstates_id}
    for bill in Bill.objects.filter(openstates_id__in=ids):
        found["id", bill.openstates_id] = bill
    numbers = {(ref.session, ref.identifier) for ref in refs if ref.identifier and ref.session}
    sessions = {session for session, _ in numbers}
    identifiers = {identifier for _, identifier in numbers}
    for bill in Bill.objects.filter(session__jurisdiction=jurisdiction,
                                    session__identifier__in=sessions,
                                    identifier__in=identifiers).select_related("session"):
        found["number", bill.session.identifier, bill.identifier] = bill
    return found


def _committees(records: list[EventRecord]) -> dict[EventRecord, Committee | None]:
    by_id = {c.openstates_id: c for c in Committee.objects.filter(
        openstates_id__in={r.committee_id for r in records if r.committee_id})}
    by_name: dict[tuple[str, str], list[Committee]] = {}
    if any(r.committee_id not in by_id for r in records):
        for committee in Committee.objects.filter(parent__isnull=True):
            by_name.setdefault((committee.chamber, _committee_key(committee.name)),
                               []).append(committee)
    result: dict[EventRecord, Committee | None] = {}
    for record in records:
        committee = by_id.get(record.committee_id)
        if committee is None:
            candidates = by_name.get((record.chamber, _committee_key(record.body)), [])
            committee = candidates[0] if len(candidates) == 1 else None
        result[record] = committee
    return result
