"""Which legislator a bill's sponsor is: by Open States person id, else by name within the
sponsor's chamber among those who sat in it during the session.

California's feed often names sponsors by family name alone ("Muratsuchi"), and two members
of one house may share it (two Rivases sat in the 2023-24 Assembly): a name that fits more
than one legislator links to none rather than to the wrong one.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from alianza.policy.identifiers import IdentifierError, parse_identifier
from alianza.policy.models import Legislator, LegislatorRole, Sponsorship

_TITLES = re.compile(r"^(assembly ?member|assembly ?woman|assembly ?man|asm|senator|sen|"
                     r"speaker|president pro tem(pore)?|mr|mrs|ms|dr)\b\.?\s*")


def name_key(text: str) -> str:
    """"Rivas, Luz" and "Assemblymember Luz Rivas" -> "luz rivas"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        text = f"{given} {family}"
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return _TITLES.sub("", text).strip()


def _session_window(session: str) -> tuple[datetime.date, datetime.date] | None:
    """California's two-year session runs from early December of the even year before."""
    if len(session) != 8 or not session.isdigit():
        return None
    return (datetime.date(int(session[:4]) - 1, 12, 1),
            datetime.date(int(session[4:]), 11, 30))


class LegislatorIndex:
    """Legislators of one session, looked up by person id or by name within a chamber."""

    def __init__(self, session: str) -> None:
        window = _session_window(session)
        chambers: dict[int, set[str]] = defaultdict(set)
        for legislator_id, chamber, start, end in LegislatorRole.objects.values_list(
                "legislator_id", "chamber", "start_date", "end_date"):
            if window and ((start and start > window[1]) or (end and end < window[0])):
                continue
            chambers[legislator_id].add(chamber)
        self.by_person: dict[str, int] = {}
        self.full: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.family: dict[tuple[str, str], set[int]] = defaultdict(set)
        for row in Legislator.objects.values("pk", "openstates_id", "name", "given_name",
                                             "family_name", "other_names"):
            if row["openstates_id"]:
                self.by_person[row["openstates_id"]] = row["pk"]
            names = [row["name"], f"{row['given_name']} {row['family_name']}"]
            names += [n.get("name", "") if isinstance(n, dict) else str(n)
                      for n in row["other_names"] or []]
            for chamber in chambers.get(row["pk"], ()):
                for name in names:
                    if key := name_key(name):
                        self.full[chamber, key].add(row["pk"])
                if key := name_key(row["family_name"]):
                    self.family[chamber, key].add(row["pk"])

    def match(self, *, person_id: str, name: str, chamber: str) -> int | None:
        if person_id and person_id in self.by_person:
            return self.by_person[person_id]
        key = name_key(name)
        for table in (self.full, self.family):
            found = table.get((chamber, key), set())
            if len(found) == 1:
                return next(iter(found))
            if found:  # more than one: not a guess
                return None
        return None


def bill_chamber(identifier: str) -> str:
    try:
        return parse_identifier(identifier).chamber
    except IdentifierError:
        return ""


def sponsorships_link(*, session_ids: Iterable[int]) -> int:
    """Link the sponsors of these sessions' bills that no legislator was found for when
    they were imported (the legislators may have been imported since); returns how many."""
    rows = list(Sponsorship.objects.filter(bill__session_id__in=list(session_ids),
                                           legislator__isnull=True)
                .select_related("bill__session"))
    indexes: dict[str, LegislatorIndex] = {}
    linked = []
    for row in rows:
        session = row.bill.session.identifier
        index = indexes.get(session) or indexes.setdefault(session, LegislatorIndex(session))
        found = index.match(person_id=row.person_id, name=row.name,
                            chamber=bill_chamber(row.bill.identifier))
        if found:
            row.legislator_id = found
            linked.append(row)
    Sponsorship.objects.bulk_update(linked, ["legislator"], batch_size=500)
    return len(linked)
