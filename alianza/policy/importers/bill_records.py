"""Open States v3 bill JSON, read into plain records before anything is written.

A record is checked whole here (identifier, session, dates, lists), so the writer either
stores all of a bill or none of it. No Django: errors carry a ``code`` and ``params`` that
alianza/policy/importers/messages.py turns into the reader's language.

The API returns one bill, a list, or a page ``{"results": [...], "pagination": {...}}``;
the events endpoint's pages are read the same way and their records told apart by shape
(an event has a ``start_date`` and no ``identifier``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alianza.policy.identifiers import BillNumber, IdentifierError, parse_identifier, parse_session

# Bumped when what is read from a record changes, so every bill is rewritten once.
RECORD_VERSION = 1
MAX_FILE_BYTES = 256 * 1024 * 1024
# Lengths of the columns the values go into: longer text is cut, a longer address dropped.
NAME_LENGTH, NOTE_LENGTH, URL_LENGTH, CLASS_LENGTH, VOTE_ID_LENGTH = 200, 300, 500, 40, 120
CHAMBERS = {"lower", "upper", "legislature"}


class RecordError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}


@dataclass(frozen=True, slots=True)
class ActionRecord:
    order: int
    date: datetime.date
    description: str
    classification: tuple[str, ...]
    chamber: str
    organization: str

    @property
    def key(self) -> tuple:
        return (self.date, self.description, self.chamber, self.organization,
                self.classification)


@dataclass(frozen=True, slots=True)
class SponsorRecord:
    name: str
    person_id: str
    primary: bool
    classification: str
    chamber: str  # the sponsor's chamber when the feed says so


@dataclass(frozen=True, slots=True)
class VersionRecord:
    note: str
    date: datetime.date | None
    url: str
    media_type: str

    @property
    def key(self) -> tuple:
        return (self.note, self.date, self.url, self.media_type)


@dataclass(frozen=True, slots=True)
class VoteRecord:
    identifier: str
    motion: str
    date: datetime.date
    chamber: str
    organization: str
    passed: bool
    counts: dict[str, int]

    @property
    def key(self) -> tuple:
        return (self.date, self.motion, self.chamber, self.organization, self.identifier)


@dataclass(slots=True)
class BillRecord:
    position: int
    openstates_id: str | None
    session: str
    number: BillNumber
    title: str
    classification: list[str]
    subjects: list[str]
    abstract: str
    actions: list[ActionRecord]
    sponsors: list[SponsorRecord]
    versions: list[VersionRecord]
    votes: list[VoteRecord]
    updated_at: datetime.datetime | None = None
    hash: str = field(default="", compare=False)
    file: str = ""  # the file it was read from, for messages
    source: str = ""  # the file, or the API address the page came from

    @property
    def identifier(self) -> str:
        return str(self.number)


def read_document(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """The parsed JSON of a file; ``RecordError`` with a ``file.*`` code if it cannot be."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise RecordError("file.too_large", size=size // (1024 * 1024),
                              limit=max_bytes // (1024 * 1024))
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise RecordError("file.unreadable", reason=reason) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise RecordError("file.malformed", line=error.lineno, column=error.colno) from None
    except (UnicodeDecodeError, RecursionError, ValueError):
        raise RecordError("file.malformed", line="?", column="?") from None


def document_records(document: Any) -> list[Any]:
    """The records of an API response: one object, a list, or a page of results."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        results = document.get("results")
        if isinstance(results, list):
            return results
        if "results" not in document and ("identifier" in document or "title" in document
                                          or "session" in document):
            return [document]
    raise RecordError("file.not_bills")


def is_event(item: Any) -> bool:
    return (isinstance(item, dict) and "start_date" in item and "identifier" not in item
            and any(key in item for key in ("agenda", "all_day", "participants")))


def jurisdiction_of(item: dict) -> tuple[str, str]:
    """(id, name) of the record's jurisdiction, blank where the record does not say."""
    value = item.get("jurisdiction") or item.get("jurisdiction_id") or ""
    if isinstance(value, dict):
        return str(value.get("id") or ""), str(value.get("name") or value.get("id") or "")
    return str(value), str(value)


def bill_record(item: Any, *, position: int, jurisdiction: str) -> BillRecord:
    """Check and read one bill; raises ``RecordError``."""
    if not isinstance(item, dict):
        raise RecordError("record.not_object")
    juris_id, juris_name = jurisdiction_of(item)
    if juris_id and juris_id != jurisdiction:
        raise RecordError("record.other_jurisdiction", jurisdiction=juris_name)
    raw_identifier = item.get("identifier")
    if raw_identifier in (None, ""):
        raise RecordError("record.no_identifier")
    raw_session = item.get("session") or item.get("legislative_session")
    if raw_session in (None, ""):
        raise RecordError("record.no_session", identifier=raw_identifier)
    try:
        number = parse_identifier(raw_identifier)
        session = parse_session(raw_session)
    except IdentifierError as error:
        raise RecordError(f"record.{error.code}", **error.params) from None
    label = str(number)
    record = BillRecord(
        position=position,
        openstates_id=_text(item.get("id"), 80) or None,
        session=session,
        number=number,
        title=_text(item.get("title")),
        classification=_strings(item.get("classification"), "classification", label),
        subjects=_strings(item.get("subject", item.get("subjects")), "subject", label),
        abstract="\n\n".join(_text(a.get("abstract")) for a in
                             _objects(item.get("abstracts"), "abstracts", label)
                             if _text(a.get("abstract"))),
        actions=[_action(a, i, label) for i, a in
                 enumerate(_objects(item.get("actions"), "actions", label), start=1)],
        sponsors=[_sponsor(s, label) for s in
                  _objects(item.get("sponsorships"), "sponsorships", label)],
        versions=[v for version in _objects(item.get("versions"), "versions", label)
                  for v in _versions(version, label)],
        votes=[_vote(v, label) for v in _objects(item.get("votes"), "votes", label)],
        updated_at=_datetime(item.get("updated_at")),
    )
    record.hash = record_hash(record)
    return record


def record_hash(record: BillRecord) -> str:
    """A fingerprint of everything the import stores from the record, so a record whose
    stored parts did not change is skipped (``updated_at`` alone changing is not news)."""
    canonical = [
        RECORD_VERSION, record.openstates_id, record.session, record.identifier, record.title,
        record.classification, record.subjects, record.abstract,
        [[a.order, a.date, a.description, a.classification, a.chamber, a.organization]
         for a in record.actions],
        [[s.name, s.person_id, s.primary, s.classification, s.chamber]
         for s in record.sponsors],
        [[v.note, v.date, v.url, v.media_type] for v in record.versions],
        [[v.identifier, v.motion, v.date, v.chamber, v.organization, v.passed, v.counts]
         for v in record.votes],
    ]
    data = json.dumps(canonical, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def _text(value: Any, limit: int | None = None) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return text[:limit] if limit else text


def _strings(value: Any, name: str, label: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError("record.bad_field", identifier=label, field=name)
    return [v.strip() for v in value if v.strip()]


def _objects(value: Any, name: str, label: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RecordError("record.bad_field", identifier=label, field=name)
    return value


def _date(value: Any, name: str, label: str, *, required: bool = True) -> datetime.date | None:
    if value in (None, "") and not required:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RecordError("record.bad_date", identifier=label, field=name, value=value) from None


def _datetime(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _organization(value: Any) -> tuple[str, str]:
    """(chamber, name) of an Open States organization object."""
    if not isinstance(value, dict):
        return "", ""
    classification = str(value.get("classification") or "")
    return (classification if classification in CHAMBERS else "",
            _text(value.get("name"), NAME_LENGTH))


def _action(item: dict, index: int, label: str) -> ActionRecord:
    chamber, organization = _organization(item.get("organization"))
    description = _text(item.get("description"))
    if not description:
        raise RecordError("record.bad_field", identifier=label, field="actions.description")
    order = item.get("order", index)
    return ActionRecord(
        order=order if isinstance(order, int) and order >= 0 else index,
        date=_date(item.get("date"), "actions.date", label),
        description=description,
        classification=tuple(_strings(item.get("classification"), "actions.classification",
                                      label)),
        chamber=chamber, organization=organization)


def _sponsor(item: dict, label: str) -> SponsorRecord:
    person = item.get("person") if isinstance(item.get("person"), dict) else {}
    role = person.get("current_role") if isinstance(person.get("current_role"), dict) else {}
    chamber = str(role.get("org_classification") or "")
    name = _text(item.get("name") or person.get("name"), NAME_LENGTH)
    if not name:
        raise RecordError("record.bad_field", identifier=label, field="sponsorships.name")
    return SponsorRecord(
        name=name, person_id=_text(person.get("id"), 80),
        primary=bool(item.get("primary")),
        classification=_text(item.get("classification"), CLASS_LENGTH),
        chamber=chamber if chamber in CHAMBERS else "")


def _versions(item: dict, label: str) -> list[VersionRecord]:
    """One row per link: the same version is often published as HTML and as PDF."""
    note = _text(item.get("note"), NOTE_LENGTH)
    date = _date(item.get("date"), "versions.date", label, required=False)
    links = _objects(item.get("links"), "versions.links", label)
    rows = [VersionRecord(note, date, url, _text(link.get("media_type"), 80))
            for link in links if (url := _text(link.get("url"))) and len(url) <= URL_LENGTH]
    return rows or [VersionRecord(note, date, "", "")]


def _vote(item: dict, label: str) -> VoteRecord:
    chamber, organization = _organization(item.get("organization"))
    motion = _text(item.get("motion_text") or item.get("motion"))
    if not motion:
        raise RecordError("record.bad_field", identifier=label, field="votes.motion_text")
    counts: dict[str, int] = {}
    raw_counts = item.get("counts") or []
    if isinstance(raw_counts, dict):
        raw_counts = [{"option": k, "value": v} for k, v in raw_counts.items()]
    for count in _objects(raw_counts, "votes.counts", label):
        value = count.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RecordError("record.bad_field", identifier=label, field="votes.counts")
        counts[_text(count.get("option"), 40) or "other"] = value
    return VoteRecord(
        identifier=_text(item.get("identifier"), VOTE_ID_LENGTH), motion=motion,
        date=_date(item.get("start_date") or item.get("date"), "votes.start_date", label),
        chamber=chamber, organization=organization,
        passed=str(item.get("result") or "").lower() in {"pass", "passed", "adopted"},
        counts=counts)
