"""Writing checked bill records: new bills in bulk, changed bills by difference.

A changed bill keeps the actions, votes, versions and sponsors that are still in the feed
(same rows, same ids), loses those the feed dropped and gains the new ones; rows staff
entered (``is_manual``) are never touched. A field staff corrected (``Bill.staff_edited``)
is not overwritten: the feed's value goes into a ``BillConflict`` until staff choose. New
actions and votes on a tracked bill that was imported before become ``BillChange`` rows,
which alerts read.

The caller runs ``write`` inside a transaction and applies its ``BatchResult`` only after
the transaction committed, so a rolled-back batch leaves no trace in counts or caches.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from alianza.policy.bill_status import derive_status, latest_action_date
from alianza.policy.identifiers import session_name
from alianza.policy.importers.bill_records import BillRecord, RecordError
from alianza.policy.importers.bill_sponsors import LegislatorIndex
from alianza.policy.models import (
    Bill,
    BillAction,
    BillChange,
    BillConflict,
    BillVersion,
    BillVote,
    LegislativeSession,
    Sponsorship,
)

# Fields an import writes and staff may correct by hand.
CONFLICT_FIELDS = ("title", "abstract", "classification", "subjects", "status", "status_date")
BILL_FIELDS = [*CONFLICT_FIELDS, "openstates_id", "latest_action_date", "feed_hash",
               "feed_updated_at", "source", "imported_at"]


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    changes: int = 0
    known: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    problems: list[tuple[BillRecord, RecordError]] = field(default_factory=list)


def jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def vote_summary(motion: str, counts: dict[str, int]) -> str:
    if "yes" in counts or "no" in counts:
        return f"{motion} ({counts.get('yes', 0)}–{counts.get('no', 0)})"
    return motion


class BillWriter:
    def __init__(self, *, jurisdiction: str) -> None:
        self.jurisdiction = jurisdiction
        self.sessions: dict[str, LegislativeSession] = {}
        # (session pk, identifier) -> (bill pk, feed hash), for every bill of the sessions
        # seen: an unchanged record is recognised without a query.
        self.known: dict[tuple[int, str], tuple[int, str]] = {}
        self.indexes: dict[str, LegislatorIndex] = {}

    # Called outside the batch's transaction: a session, once made, stays.
    def prepare(self, records: Iterable[BillRecord]) -> None:
        for identifier in {r.session for r in records} - self.sessions.keys():
            session, _ = LegislativeSession.objects.get_or_create(
                jurisdiction=self.jurisdiction, identifier=identifier,
                defaults={"name": session_name(identifier)})
            self.sessions[identifier] = session
            for ident, pk, feed_hash in Bill.objects.filter(session=session).values_list(
                    "identifier", "pk", "feed_hash"):
                self.known[session.pk, ident] = (pk, feed_hash)

    def apply(self, result: BatchResult) -> None:
        self.known.update(result.known)

    def is_unchanged(self, record: BillRecord) -> bool:
        found = self.known.get((self.sessions[record.session].pk, record.identifier))
        return found is not None and found[1] == record.hash

    def _index(self, session: str) -> LegislatorIndex:
        if session not in self.indexes:
            self.indexes[session] = LegislatorIndex(session)
        return self.indexes[session]

    def write(self, records: list[BillRecord], *, now: datetime.datetime) -> BatchResult:
        result = BatchResult()
        creates: list[BillRecord] = []
        updates: list[tuple[BillRecord, int]] = []
        for record in records:
            found = self.known.get((self.sessions[record.session].pk, record.identifier))
            if found is not None and found[1] == record.hash:
                result.unchanged += 1
            elif found is None:
                creates.append(record)
            else:
                updates.append((record, found[0]))
        creates, updates = self._refuse_taken_ids(creates, updates, result)
        if creates:
            self._create(creates, now, result)
        if updates:
            self._update(updates, now, result)
        return result

    def _refuse_taken_ids(self, creates, updates, result):
        """An Open States id already on another bill (a feed that renumbered a bill, or a
        hand-edited file) is refused rather than stolen."""
        mine = {r.openstates_id: pk for r, pk in updates if r.openstates_id}
        mine.update({r.openstates_id: None for r in creates if r.openstates_id})
        owners = dict(Bill.objects.filter(openstates_id__in=list(mine)).values_list(
            "openstates_id", "pk")) if mine else {}
        taken = {ident for ident, owner in owners.items() if owner != mine[ident]}
        if not taken:
            return creates, updates
        holders = dict(Bill.objects.filter(openstates_id__in=taken).values_list(
            "openstates_id", "identifier"))

        def keep(record: BillRecord) -> bool:
            if record.openstates_id in taken:
                result.problems.append((record, RecordError(
                    "record.id_taken", identifier=record.identifier,
                    other=holders[record.openstates_id])))
                return False
            return True
        return [r for r in creates if keep(r)], [(r, pk) for r, pk in updates if keep(r)]

    def _create(self, records: list[BillRecord], now: datetime.datetime,
                result: BatchResult) -> None:
        bills = []
        for record in records:
            derived = derive_status(record.actions, bill_classification=record.classification)
            bills.append(Bill(
                session=self.sessions[record.session], identifier=record.identifier,
                openstates_id=record.openstates_id, title=record.title,
                classification=record.classification, subjects=record.subjects,
                abstract=record.abstract, status=derived.status, status_date=derived.date,
                latest_action_date=latest_action_date(record.actions),
                feed_hash=record.hash, feed_updated_at=record.updated_at,
                source=record.source, imported_at=now))
        Bill.objects.bulk_create(bills, batch_size=500)
        children: dict[type[Model], list[Model]] = defaultdict(list)
        for record, bill in zip(records, bills, strict=True):
            children[BillAction] += [self._action(bill.pk, a) for a in record.actions]
            children[BillVote] += [self._vote(bill.pk, v) for v in record.votes]
            children[BillVersion] += [self._version(bill.pk, v) for v in record.versions]
            children[Sponsorship] += self._sponsors(bill.pk, record)
            result.known[bill.session_id, bill.identifier] = (bill.pk, record.hash)
        for model, rows in children.items():
            model.objects.bulk_create(rows, batch_size=2000)
        result.created += len(bills)

    def _update(self, updates: list[tuple[BillRecord, int]], now: datetime.datetime,
                result: BatchResult) -> None:
        ids = [pk for _record, pk in updates]
        bills = Bill.objects.in_bulk(ids)
        existing: dict[type[Model], dict[int, list]] = {}
        for model in (BillAction, BillVote, BillVersion, Sponsorship):
            grouped: dict[int, list] = defaultdict(list)
            for row in model.objects.filter(bill_id__in=ids).order_by("pk"):
                grouped[row.bill_id].append(row)
            existing[model] = grouped
        conflicts: dict[int, list[BillConflict]] = defaultdict(list)
        edited = [pk for pk in ids if bills[pk].staff_edited]
        for conflict in BillConflict.objects.filter(bill_id__in=edited).order_by(
                "-resolved_at", "-pk"):
            conflicts[conflict.bill_id].append(conflict)
        plan = _Plan()
        for record, pk in updates:
            bill = bills[pk]
            announce = bill.is_tracked and bool(bill.feed_hash)
            actions = self._diff_actions(bill, record, existing[BillAction][pk], plan,
                                         announce)
            self._diff(existing[BillVote][pk], [self._vote(pk, v) for v in record.votes],
                       _vote_key, plan, BillVote, on_new=plan.announce_vote if announce
                       else None, update=("passed", "counts"))
            self._diff(existing[BillVersion][pk],
                       [self._version(pk, v) for v in record.versions],
                       _version_key, plan, BillVersion)
            self._diff(existing[Sponsorship][pk], self._sponsors(pk, record), _sponsor_key,
                       plan, Sponsorship)
            derived = derive_status(actions, bill_classification=record.classification)
            feed = {"title": record.title, "abstract": record.abstract,
                    "classification": record.classification, "subjects": record.subjects,
                    "status": derived.status, "status_date": derived.date}
            result.conflicts += self._apply_fields(bill, feed, conflicts[pk], record.source,
                                                   plan)
            bill.openstates_id = record.openstates_id or bill.openstates_id
            bill.latest_action_date = latest_action_date(actions)
            bill.feed_hash, bill.feed_updated_at = record.hash, record.updated_at
            bill.source, bill.imported_at = record.source, now
            result.known[bill.session_id, bill.identifier] = (pk, record.hash)
        plan.run(list(bills.values()))
        result.updated += len(updates)
        result.changes += len(plan.changes)

    def _diff_actions(self, bill: Bill, record: BillRecord, rows: list[BillAction],
                      plan: _Plan, announce: bool) -> list[BillAction]:
        """The bill's actions after the import, the manual ones included."""
        manual = [row for row in rows if row.is_manual]
        wanted = [self._action(bill.pk, a) for a in record.actions]

        def on_new(action: BillAction) -> None:
            if announce:
                plan.changes.append(BillChange(
                    bill_id=bill.pk, kind=BillChange.Kind.ACTION, occurred_on=action.date,
                    description=action.description))
        kept = self._diff([row for row in rows if not row.is_manual], wanted, _action_key,
                          plan, BillAction, on_new=on_new, update=("order",))
        return [*kept, *manual]

    @staticmethod
    def _diff(rows: list, wanted: list, key: Callable[[Any], tuple], plan: _Plan,
              model: type[Model], *, on_new: Callable[[Any], None] | None = None,
              update: tuple[str, ...] = ()) -> list:
        """Match wanted rows to stored ones by ``key`` (each stored row used once); plan
        the deletes, inserts and updates of ``update`` fields; return the resulting rows."""
        pool: dict[tuple, list] = defaultdict(list)
        for row in rows:
            pool[key(row)].append(row)
        result = []
        for new in wanted:
            matches = pool.get(key(new))
            if matches:
                old = matches.pop(0)
                if any(getattr(old, name) != getattr(new, name) for name in update):
                    for name in update:
                        setattr(old, name, getattr(new, name))
                    plan.updates[model, update].append(old)
                result.append(old)
            else:
                plan.creates[model].append(new)
                if on_new:
                    on_new(new)
                result.append(new)
        plan.deletes[model] += [row.pk for left in pool.values() for row in left]
        return result

    def _apply_fields(self, bill: Bill, feed: dict[str, Any], conflicts: list[BillConflict],
                      source: str, plan: _Plan) -> int:
        """Write the feed's values, except over a staff correction: there a conflict is
        opened (or updated), unless staff already chose their value over this same feed
        value. Returns how many conflicts were opened or changed."""
        count = 0
        for name, value in feed.items():
            if name not in bill.staff_edited:
                setattr(bill, name, value)
                continue
            stored, offered = jsonable(getattr(bill, name)), jsonable(value)
            open_ = next((c for c in conflicts if c.field == name and not c.resolved_at), None)
            if stored == offered:
                if open_:  # the feed came round to staff's value: settled, on that value
                    open_.resolved_at, open_.kept, open_.feed_value = plan.now, "staff", offered
                    plan.conflict_saves.append(open_)
                continue
            if open_ is not None:
                if open_.feed_value != offered or open_.staff_value != stored:
                    open_.feed_value, open_.staff_value, open_.source = offered, stored, source
                    open_.detected_at = plan.now
                    plan.conflict_saves.append(open_)
                    count += 1
                continue
            declined = next((c for c in conflicts if c.field == name and c.kept == "staff"),
                            None)
            if declined is not None and declined.feed_value == offered:
                continue
            plan.conflict_creates.append(BillConflict(
                bill=bill, field=name, staff_value=stored, feed_value=offered, source=source))
            count += 1
        return count

    # Rows from records.
    @staticmethod
    def _action(bill_id: int, a) -> BillAction:
        return BillAction(bill_id=bill_id, order=a.order, date=a.date,
                          description=a.description, classification=list(a.classification),
                          chamber=a.chamber, organization=a.organization)

    @staticmethod
    def _vote(bill_id: int, v) -> BillVote:
        return BillVote(bill_id=bill_id, identifier=v.identifier, motion=v.motion,
                        date=v.date, chamber=v.chamber, organization=v.organization,
                        passed=v.passed, counts=v.counts)

    @staticmethod
    def _version(bill_id: int, v) -> BillVersion:
        return BillVersion(bill_id=bill_id, note=v.note, date=v.date, url=v.url,
                           media_type=v.media_type)

    def _sponsors(self, bill_id: int, record: BillRecord) -> list[Sponsorship]:
        index = self._index(record.session)
        return [Sponsorship(
            bill_id=bill_id, name=s.name, person_id=s.person_id, primary=s.primary,
            classification=s.classification,
            legislator_id=index.match(person_id=s.person_id, name=s.name,
                                      chamber=s.chamber or record.number.chamber))
            for s in record.sponsors]


def _action_key(a: BillAction) -> tuple:
    return (a.date, a.description, a.chamber, a.organization, tuple(a.classification))


def _vote_key(v: BillVote) -> tuple:
    return (v.date, v.motion, v.chamber, v.organization, v.identifier)


def _version_key(v: BillVersion) -> tuple:
    return (v.date, v.note, v.url, v.media_type)


def _sponsor_key(s: Sponsorship) -> tuple:
    return (s.name, s.person_id, s.primary, s.classification, s.legislator_id)


class _Plan:
    """The writes of a batch of changed bills, run together in bulk."""

    def __init__(self) -> None:
        from django.utils import timezone

        self.now = timezone.now()
        self.creates: dict[type[Model], list] = defaultdict(list)
        self.deletes: dict[type[Model], list[int]] = defaultdict(list)
        self.updates: dict[tuple[type[Model], tuple[str, ...]], list] = defaultdict(list)
        self.changes: list[BillChange] = []
        self.conflict_creates: list[BillConflict] = []
        self.conflict_saves: list[BillConflict] = []

    def announce_vote(self, vote: BillVote) -> None:
        self.changes.append(BillChange(bill_id=vote.bill_id, kind=BillChange.Kind.VOTE,
                                       occurred_on=vote.date,
                                       description=vote_summary(vote.motion, vote.counts)))

    def run(self, bills: list[Bill]) -> None:
        for model, pks in self.deletes.items():
            for start in range(0, len(pks), 500):
                model.objects.filter(pk__in=pks[start:start + 500]).delete()
        for (model, names), rows in self.updates.items():
            model.objects.bulk_update(rows, list(names), batch_size=500)
        for model, rows in self.creates.items():
            model.objects.bulk_create(rows, batch_size=2000)
        Bill.objects.bulk_update(bills, BILL_FIELDS, batch_size=200)
        BillConflict.objects.bulk_create(self.conflict_creates)
        BillConflict.objects.bulk_update(
            self.conflict_saves,
            ["feed_value", "staff_value", "source", "detected_at", "resolved_at", "kept"])
        BillChange.objects.bulk_create(self.changes, batch_size=500)
        changes_announce(self.changes)


def changes_announce(changes: list[BillChange]) -> None:
    """Immediate alerts for the new changes go out once the batch commits."""
    from alianza.policy.services.alerts import bill_changes_announce

    bill_changes_announce(change_ids=[change.pk for change in changes if change.pk])
