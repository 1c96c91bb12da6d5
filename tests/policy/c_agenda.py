"""Shared pieces of the agenda tests: a small agenda made through the services, and small
LTEL data files imported through the evidence module's own import."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import Group
from django.test import Client

from alianza.evidence.services.datasets import dataset_import
from alianza.policy.models import Agenda, AgendaItem, Bill, IssueArea, LegislativeSession
from alianza.policy.services.agenda import agenda_item_save, agenda_publish, agenda_save
from tests.evidence.web.conftest import LTEL_HEADER

LA_COUNTY = "19000000000000"
LAUSD = "19647330000000"
STATE = "00000000000000"


def make_agenda(*, slug: str = "2023-24", year: str = "2023-24", publish: bool = True,
                session: LegislativeSession | None = None, spanish: bool = True) -> Agenda:
    texts = {"en": {"title": f"Policy Agenda {year}", "introduction": "What we ask for."}}
    if spanish:
        texts["es"] = {"title": f"Agenda de políticas {year}",
                       "introduction": "Lo que pedimos."}
    return agenda_save(agenda=None, slug=slug, year_label=year, session=session, texts=texts)


def add_item(agenda: Agenda, *, title: str, kind: str = "priority",
             parent: AgendaItem | None = None, level: str = "state", es: str = "",
             body: str = "", areas: list[IssueArea] | None = None,
             bills: list[Bill] | None = None, citations: list[dict] | None = None
             ) -> AgendaItem:
    texts = {"en": {"title": title, "body": body}}
    if es:
        texts["es"] = {"title": es, "body": ""}
    return agenda_item_save(agenda=agenda, item=None, kind=kind, parent=parent, level=level,
                            texts=texts, issue_areas=areas or [], bills=bills or [],
                            budget_items=[], citations=citations or [])


def published(agenda: Agenda) -> Agenda:
    return agenda_publish(agenda=agenda, published=True)


def ltel_rows_file(folder: Path, *, year: str, state_el: int | str = 400,
                   county_ltel: int | str = 30, district_ltel: int | str | None = 25,
                   name: str = "") -> Path:
    """An LTEL download with the state, Los Angeles County and (unless ``None``) LAUSD.

    A value of "*" is a suppressed cell, as the CDE prints it.
    """
    rows = [
        (year, "00", "00000", "0000000", "", "", "", "", "T", "All", "ALL",
         900, 120, state_el, 260, 0, 1680, 45, 70, 660),
        (year, "19", "00000", "0000000", "Los Angeles", "", "", "", "O", "All", "ALL",
         300, 40, 150, 90, 0, 580, 15, county_ltel, 240),
    ]
    if district_ltel is not None:
        rows.append((year, "19", "64733", "0000000", "Los Angeles", "Los Angeles Unified", "",
                     "N", "D", "All", "ALL", 200, 30, 110, 60, 0, 400, 10, district_ltel, 170))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"LTELDOWNLOAD{year[2:4]}{year[5:7]}.txt")
    lines = [LTEL_HEADER] + ["\t".join(str(v) for v in row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    return path


def import_file(path: Path):
    return dataset_import(path=path, source_name=path.name).dataset


def policy_client(django_user_model, username: str = "policy") -> Client:
    """A staff member holding the Policy role, as staff are set up in production."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name="Policy"))
    client = Client()
    client.force_login(user)
    return client
