"""Import of Open States people files: California's legislators and committees.

A folder of ``legislature/*.yml`` person files (and optionally ``committees/*.yml``) is read
and checked in full before anything is written, so a file for another state, a malformed
file or a file that is not a person refuses the whole import and leaves the database as it
was. Ids are Open States' stable ``ocd-person``/``ocd-organization`` ids, so importing the
same folder twice changes nothing, and importing the 2023-24 snapshot then the current one
keeps both sessions' roles: roles accumulate (a role's end date, once known, is never
cleared by an older file), while names, contact details and offices follow the file read
last. Each row records the file it came from and when.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.core.page_cache import bump_on_commit
from alianza.policy.models import (
    CALIFORNIA,
    Chamber,
    Committee,
    CommitteeMembership,
    District,
    Legislator,
    LegislatorRole,
    Office,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DIVISIONS_CSV = FIXTURES / "ocd" / "state-ca-openstates.csv"
DIVISION_PREFIX = "ocd-division/country:us/state:ca/"
CALIFORNIA_PREFIX = "ocd-jurisdiction/country:us/state:ca/"
DIVISION_KIND = {Chamber.LOWER: "sldl", Chamber.UPPER: "sldu"}
SEATS = {Chamber.LOWER: 80, Chamber.UPPER: 40}
OFFICE_KINDS = {"capitol": Office.Kind.CAPITOL, "district": Office.Kind.DISTRICT,
                "district-mail": Office.Kind.DISTRICT, "primary": Office.Kind.PRIMARY}
LEGISLATOR_FIELDS = ("name", "given_name", "family_name", "other_names", "party", "email",
                     "image_url", "links")


class PeopleImportError(Exception):
    """The files were refused; ``problems`` says why, one line per file, in the active
    language. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    legislators_created: int = 0
    legislators_updated: int = 0
    legislators_unchanged: int = 0
    roles_added: int = 0
    roles_updated: int = 0
    districts_created: int = 0
    committees_created: int = 0
    committees_updated: int = 0
    committees_unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def division_id(chamber: str, number: int) -> str:
    return f"{DIVISION_PREFIX}{DIVISION_KIND[chamber]}:{number}"


# Reading and checking ------------------------------------------------------------------


def _files(folder: Path, sub: str) -> list[Path]:
    """The ``.yml`` files of ``folder/sub`` or, when there is no such subfolder, of
    ``folder`` itself (both the snapshot folder and its legislature folder are accepted)."""
    inner = folder / sub
    where = inner if inner.is_dir() else folder
    return sorted(p for p in where.glob("*.yml") if p.is_file())


def _load(path: Path, problems: list[str]) -> dict | None:
    try:
        with path.open("rb") as handle:
            data = yaml.safe_load(handle)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problems.append(_("%(file)s is not valid YAML (near line %(line)s).")
                        % {"file": path.name, "line": line})
        return None
    except (OSError, UnicodeDecodeError):
        problems.append(_("%(file)s could not be read as text.") % {"file": path.name})
        return None
    if not isinstance(data, dict):
        problems.append(_("%(file)s is not an Open States file: it holds no fields.")
                        % {"file": path.name})
        return None
    return data


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return datetime.date.fromisoformat(value.strip())
    return None


def _seat(role: dict) -> tuple[str, int] | None:
    """(chamber, district number) of a legislative seat, or None for other roles."""
    chamber = role.get("type")
    if chamber not in SEATS or role.get("jurisdiction") != CALIFORNIA:
        return None
    number = str(role.get("district", "")).strip()
    if not number.isdigit() or not 1 <= int(number) <= SEATS[chamber]:
        raise ValueError(number)
    return chamber, int(number)


def _check_person(path: Path, data: dict, problems: list[str]) -> bool:
    name = path.name
    person_id = data.get("id")
    if not (isinstance(person_id, str) and person_id.startswith("ocd-person/")
            and isinstance(data.get("name"), str) and data["name"].strip()):
        problems.append(_("%(file)s is not an Open States person file: it has no ocd-person id "
                          "and name.") % {"file": name})
        return False
    roles = data.get("roles")
    if not isinstance(roles, list) or not roles or not all(isinstance(r, dict) for r in roles):
        problems.append(_("%(file)s names no role in a legislature.") % {"file": name})
        return False
    # A Californian's earlier city or county office is fine (and skipped); any other
    # state's is not.
    others = sorted({str(r.get("jurisdiction")) for r in roles
                     if not str(r.get("jurisdiction")).startswith(CALIFORNIA_PREFIX)})
    if others:
        problems.append(_("%(file)s is about another jurisdiction (%(jurisdiction)s); only "
                          "California's people files are imported.")
                        % {"file": name, "jurisdiction": ", ".join(others)})
        return False
    for role in roles:
        try:
            _seat(role)
        except ValueError:
            problems.append(_("%(file)s names a district that does not exist: %(district)s.")
                            % {"file": name, "district": role.get("district")})
            return False
    return True


def _check_committee(path: Path, data: dict, problems: list[str]) -> bool:
    name = path.name
    if not (isinstance(data.get("id"), str) and data["id"].startswith("ocd-organization/")
            and isinstance(data.get("name"), str) and data.get("chamber") in Chamber.values):
        problems.append(_("%(file)s is not an Open States committee file: it has no "
                          "ocd-organization id, name and chamber.") % {"file": name})
        return False
    if data.get("jurisdiction") != CALIFORNIA:
        problems.append(_("%(file)s is about another jurisdiction (%(jurisdiction)s); only "
                          "California's people files are imported.")
                        % {"file": name, "jurisdiction": data.get("jurisdiction")})
        return False
    members = data.get("members", [])
    if not isinstance(members, list) or not all(
            isinstance(m, dict) and m.get("name") for m in members):
        problems.append(_("%(file)s lists members without names.") % {"file": name})
        return False
    return True


def people_read(folder: Path, committees: Path | None = None
                ) -> tuple[list[tuple[Path, dict]], list[tuple[Path, dict]]]:
    """Every person and committee file, checked; raises ``PeopleImportError`` listing every
    problem found (not only the first)."""
    problems: list[str] = []
    people: list[tuple[Path, dict]] = []
    groups: list[tuple[Path, dict]] = []
    person_files = _files(folder, "legislature") if folder.is_dir() else []
    if not person_files:
        raise PeopleImportError([_("No people files (.yml) were found in %(folder)s.")
                                 % {"folder": folder}])
    if committees is None and (folder / "committees").is_dir():
        committees = folder / "committees"
    committee_files = _files(committees, "committees") if committees else []
    if committees is not None and not committee_files:
        problems.append(_("No committee files (.yml) were found in %(folder)s.")
                        % {"folder": committees})
    seen: dict[str, str] = {}
    for files, check, into in ((person_files, _check_person, people),
                               (committee_files, _check_committee, groups)):
        for path in files:
            data = _load(path, problems)
            if data is None or not check(path, data, problems):
                continue
            if data["id"] in seen:
                problems.append(_("%(file)s repeats the id of %(other)s.")
                                % {"file": path.name, "other": seen[data["id"]]})
                continue
            seen[data["id"]] = path.name
            into.append((path, data))
    if problems:
        raise PeopleImportError(problems)
    return people, groups


# Writing -------------------------------------------------------------------------------


def districts_load(csv_path: Path = DIVISIONS_CSV) -> int:
    """Create the districts the OCD file lists (80 Assembly, 40 Senate); returns how many
    were new."""
    known = set(District.objects.values_list("division_id", flat=True))
    new = []
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            match = re.fullmatch(re.escape(DIVISION_PREFIX) + r"(sldl|sldu):(\d+)",
                                 row.get("id", "").strip())
            if not match or match.group(0) in known:
                continue
            chamber = Chamber.LOWER if match.group(1) == "sldl" else Chamber.UPPER
            new.append(District(division_id=match.group(0), chamber=chamber,
                                number=int(match.group(2))))
            known.add(match.group(0))
    District.objects.bulk_create(new)
    return len(new)


def _party(data: dict) -> str:
    parties = [p for p in data.get("party") or [] if isinstance(p, dict) and p.get("name")]
    current = [p for p in parties if not p.get("end_date")]
    chosen = (current or parties)[-1:] if parties else []
    return str(chosen[0]["name"]) if chosen else ""


def _legislator_values(data: dict) -> dict[str, Any]:
    return {
        "name": str(data["name"]).strip()[:200],
        "given_name": str(data.get("given_name") or "")[:100],
        "family_name": str(data.get("family_name") or "")[:100],
        "other_names": [str(n["name"]) for n in data.get("other_names") or []
                        if isinstance(n, dict) and n.get("name")],
        "party": _party(data)[:60],
        "email": str(data.get("email") or "")[:254],
        "image_url": str(data.get("image") or "")[:500],
        "links": [{"url": str(link["url"]), "note": str(link.get("note") or "")}
                  for link in data.get("links") or [] if isinstance(link, dict)
                  and link.get("url")],
    }


def _district(chamber: str, number: int, report: ImportReport) -> District:
    district, created = District.objects.get_or_create(
        division_id=division_id(chamber, number),
        defaults={"chamber": chamber, "number": number})
    report.districts_created += created
    return district


def _roles_merge(legislator: Legislator, data: dict, report: ImportReport) -> None:
    existing = list(legislator.roles.all())
    for role in data["roles"]:
        seat = _seat(role)
        if seat is None:
            continue  # governor and other roles are not seats in the legislature
        district = _district(*seat, report)
        start, end = _date(role.get("start_date")), _date(role.get("end_date"))
        reason = str(role.get("end_reason") or "")[:200]
        match = next((r for r in existing if r.chamber == seat[0]
                      and r.district_id == district.pk and r.start_date == start
                      and (start is not None or r.end_date == end)), None)
        if match is None:
            existing.append(LegislatorRole.objects.create(
                legislator=legislator, chamber=seat[0], district=district,
                jurisdiction=CALIFORNIA, start_date=start, end_date=end, end_reason=reason))
            report.roles_added += 1
        elif end and (match.end_date != end or match.end_reason != reason):
            # A later file knows the role ended; an older one never un-ends it.
            match.end_date, match.end_reason = end, reason
            match.save(update_fields=["end_date", "end_reason"])
            report.roles_updated += 1


def _offices_wanted(data: dict) -> list[dict[str, str]]:
    wanted = []
    for office in data.get("offices") or []:
        if not isinstance(office, dict):
            continue
        kind = OFFICE_KINDS.get(str(office.get("classification")), Office.Kind.DISTRICT)
        wanted.append({"kind": kind, "name": str(office.get("name") or "")[:200],
                       "address": " ".join(str(office.get("address") or "").split())[:300],
                       "phone": str(office.get("voice") or "")[:40],
                       "fax": str(office.get("fax") or "")[:40],
                       "email": str(office.get("email") or "")[:254]})
    return wanted


def _offices_sync(legislator: Legislator, data: dict) -> bool:
    """Make the offices those of the file. An office keeps its row (its staff contacts and
    letter language) when its address is unchanged, or else takes the place of the one in
    the same position; returns whether anything changed."""
    current = list(legislator.offices.order_by("pk"))
    wanted = _offices_wanted(data)
    changed = False
    pairs: list[tuple[Office | None, dict]] = []
    left = list(current)
    for values in wanted:
        same = next((o for o in left if o.kind == values["kind"]
                     and o.address == values["address"]), None)
        if same:
            left.remove(same)
        pairs.append((same, values))
    for index, (office, values) in enumerate(pairs):
        if office is None:
            office = next((o for o in left if o.kind == values["kind"]), None)
            if office is not None:
                left.remove(office)
            pairs[index] = (office, values)
    for office, values in pairs:
        if office is None:
            Office.objects.create(legislator=legislator, **values)
            changed = True
        elif any(getattr(office, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(office, key, value)
            office.save()
            changed = True
    if left:
        Office.objects.filter(pk__in=[o.pk for o in left]).delete()
        changed = True
    return changed


def _person_import(path: Path, data: dict, now, report: ImportReport) -> Legislator:
    values = _legislator_values(data)
    legislator = Legislator.objects.filter(openstates_id=data["id"]).first()
    created = legislator is None
    if created:
        legislator = Legislator(openstates_id=data["id"])
    changed = any(getattr(legislator, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(legislator, key, value)
    legislator.source, legislator.imported_at = str(path), now
    legislator.save()
    roles_before = report.roles_added + report.roles_updated
    _roles_merge(legislator, data, report)
    changed = _offices_sync(legislator, data) or changed
    changed = changed or report.roles_added + report.roles_updated != roles_before
    if created:
        report.legislators_created += 1
    elif changed:
        report.legislators_updated += 1
    else:
        report.legislators_unchanged += 1
    return legislator


def _committee_import(path: Path, data: dict, now, report: ImportReport,
                      people: dict[str, int]) -> Committee:
    committee = Committee.objects.filter(openstates_id=data["id"]).first()
    created = committee is None
    committee = committee or Committee(openstates_id=data["id"])
    values = {"name": str(data["name"])[:200], "chamber": data["chamber"],
              "jurisdiction": CALIFORNIA}
    changed = any(getattr(committee, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(committee, key, value)
    committee.source, committee.imported_at = str(path), now
    committee.save()
    wanted = [(str(m["name"])[:200], str(m.get("role") or "member")[:60],
               people.get(str(m.get("person_id") or m.get("id") or "")),
               _date(m.get("start_date")), _date(m.get("end_date")))
              for m in data.get("members") or []]
    have = [(m.name, m.role, m.legislator_id, m.start_date, m.end_date)
            for m in committee.members.order_by("pk")]
    if wanted != have:
        committee.members.all().delete()
        CommitteeMembership.objects.bulk_create([
            CommitteeMembership(committee=committee, name=name, role=role,
                                legislator_id=legislator_id, start_date=start, end_date=end)
            for name, role, legislator_id, start, end in wanted])
        changed = True
    if created:
        report.committees_created += 1
    elif changed:
        report.committees_updated += 1
    else:
        report.committees_unchanged += 1
    return committee


def people_import(*, folder: Path, committees: Path | None = None,
                  divisions: Path | None = DIVISIONS_CSV) -> ImportReport:
    """Check every file, then import them all in one transaction."""
    folder, committees = Path(folder), Path(committees) if committees else None
    people, groups = people_read(folder, committees)
    report = ImportReport()
    now = timezone.now()
    with transaction.atomic():
        bump_on_commit("policy")  # some writes are bulk and send no signals
        if divisions is not None:
            report.districts_created += districts_load(Path(divisions))
        for path, data in people:
            _person_import(path, data, now, report)
        ids = dict(Legislator.objects.filter(openstates_id__isnull=False)
                   .values_list("openstates_id", "pk"))
        by_id: dict[str, Committee] = {}
        for path, data in groups:
            by_id[data["id"]] = _committee_import(path, data, now, report, ids)
        parents: dict[str, list[Committee]] = defaultdict(list)
        for _path, data in groups:
            if data.get("parent"):
                parents[data["parent"]].append(by_id[data["id"]])
        for parent_id, children in parents.items():
            parent = Committee.objects.filter(openstates_id=parent_id).first()
            for child in children:
                if child.parent_id != (parent.pk if parent else None):
                    child.parent = parent
                    child.save(update_fields=["parent"])
    return report
