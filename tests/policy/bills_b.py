"""Shared by the bill import tests: the hand-written Open States files and the fictional
legislators their sponsors name."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

from alianza.policy.models import Bill, Legislator, LegislatorRole

DATA = Path(__file__).parent / "data" / "bills"
BAD = DATA / "bad"
PAGE_1 = DATA / "fictional-20232024-page-1.json"
PAGE_2 = DATA / "fictional-20232024-page-2.json"
SINGLE = DATA / "fictional-20232024-single-bill.json"
SEEDS = DATA / "ca-20232024-seed-bills.json"
EVENTS = DATA / "events-20232024.json"
PERSON = "ocd-person/0b7a3c1e-0000-4000-8000-00000000000{}"


def legislators() -> dict[str, Legislator]:
    """The fictional members the test bills name: three with Open States ids, one found by
    name only, and two Assembly Members who share a family name."""
    people = {
        "quintero": ("María Quintero", "María", "Quintero", PERSON.format(1), "lower"),
        "okafor": ("Daniel Okafor", "Daniel", "Okafor", PERSON.format(2), "upper"),
        "webb": ("Harold Webb", "Harold", "Webb", PERSON.format(3), "upper"),
        "delgado": ("Rosa Delgado", "Rosa", "Delgado", None, "lower"),
        "lena_rivera": ("Lena Rivera", "Lena", "Rivera", None, "lower"),
        "tomas_rivera": ("Tomás Rivera", "Tomás", "Rivera", None, "lower"),
    }
    made = {}
    for key, (name, given, family, person_id, chamber) in people.items():
        legislator = Legislator.objects.create(name=name, given_name=given, family_name=family,
                                               openstates_id=person_id)
        LegislatorRole.objects.create(legislator=legislator, chamber=chamber,
                                      start_date=datetime.date(2022, 12, 5))
        made[key] = legislator
    return made


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def bill_in(document: dict, identifier: str) -> dict:
    return next(r for r in document["results"] if r["identifier"] == identifier)


def page_with(identifier: str, **changes: Any) -> dict:
    """Page 1 with one bill changed: keys replaced, or ``add_action`` / ``add_vote``."""
    document = copy.deepcopy(load(PAGE_1))
    record = bill_in(document, identifier)
    if action := changes.pop("add_action", None):
        record["actions"].append({"organization": {"name": "Assembly",
                                                   "classification": "lower"},
                                  "order": len(record["actions"]) + 1, **action})
    if vote := changes.pop("add_vote", None):
        record["votes"].append(vote)
    record.update(changes)
    return document


def snapshot() -> list[tuple]:
    """Everything the import writes about bills, to compare before and after."""
    return [
        (b.pk, b.identifier, b.title, b.status, b.status_date, b.feed_hash, b.imported_at,
         sorted(b.actions.values_list("pk", "order", "description")),
         sorted(b.votes.values_list("pk", "motion", "counts")),
         sorted(b.versions.values_list("pk", "url")),
         sorted(b.sponsorships.values_list("pk", "name", "legislator_id")))
        for b in Bill.objects.order_by("pk")
    ]
