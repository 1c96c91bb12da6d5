"""Demo positions: the coalition's stance on the bills its agenda names (support, support if
amended, watch), one bill whose position changed, a letter in the library, and alert choices
for the demo policy staff.

Positions are the demo coalition's own choices, not facts about the bills; where a bill's
title or history is not known here, it says so ("to be written by staff"). Safe to run
twice: a bill that already has a position, and a user or letter that exists, are left alone.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from alianza.coalition.models import Workgroup
from alianza.core import roles
from alianza.library.models import Resource, ResourceText
from alianza.policy.models import (
    CALIFORNIA,
    AlertPreference,
    Bill,
    BillPosition,
    BillText,
    Frequency,
    LegislativeSession,
    Stance,
)

SESSION = ("20232024", "2023-2024 Regular Session", datetime.date(2022, 12, 5),
           datetime.date(2024, 11, 30))
STAFF_SUMMARY = {"en": "Summary to be written by staff.",
                 "es": "Resumen pendiente: lo escribirá el equipo de la coalición."}
LETTER_SLUG = "letter-ab-1947-support"


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


# (bill, [(stance, when, note, note_es)]): the last one is current.
POSITIONS = [
    ("AB 1947", [(Stance.SUPPORT, _at(2024, 3, 12),
                  "The coalition supports this bill. Our letter to the author is attached.",
                  "La coalición apoya este proyecto de ley. Adjuntamos nuestra carta a la "
                  "oficina del autor.")]),
    ("AB 2071", [(Stance.WATCH, _at(2024, 3, 5),
                  "We are following this bill while the Policy Workgroup studies it.",
                  "Damos seguimiento a este proyecto de ley mientras el Grupo de trabajo de "
                  "políticas lo estudia."),
                 (Stance.SUPPORT_IF_AMENDED, _at(2024, 4, 16),
                  "After review, the Policy Workgroup recommends support with amendments.",
                  "Después de revisarlo, el Grupo de trabajo de políticas recomienda apoyarlo "
                  "con enmiendas.")]),
    ("AB 2074", [(Stance.WATCH, _at(2024, 3, 5), "", "")]),
    ("AB 2268", [(Stance.SUPPORT, _at(2024, 4, 2), "", "")]),
]
DEMO_STAFF = [("policy", Frequency.IMMEDIATE), ("policy-analyst", Frequency.DAILY)]


def _session() -> LegislativeSession:
    identifier, name, start, end = SESSION
    session, _created = LegislativeSession.objects.get_or_create(
        jurisdiction=CALIFORNIA, identifier=identifier,
        defaults={"name": name, "start_date": start, "end_date": end})
    return session


def _bill(session: LegislativeSession, identifier: str, workgroup: Workgroup | None) -> Bill:
    """The seed bill as the bill import's demo left it, or a bare one if it has not run:
    its title is only its number until the feed (or staff) fills it in."""
    bill, created = Bill.objects.get_or_create(
        session=session, identifier=identifier,
        defaults={"title": identifier, "source": "demo", "is_tracked": True,
                  "workgroup": workgroup})
    if created or not bill.texts.exists():
        for language, summary in STAFF_SUMMARY.items():
            BillText.objects.get_or_create(bill=bill, language=language,
                                           defaults={"summary": summary})
    return bill


def _letter() -> Resource:
    resource = Resource.objects.filter(slug=LETTER_SLUG).first()
    if resource is not None:
        return resource
    resource = Resource.objects.create(slug=LETTER_SLUG, kind=Resource.Kind.BRIEF,
                                       published_on=datetime.date(2024, 3, 12),
                                       is_published=True)
    ResourceText.objects.create(resource=resource, language="en",
                                title="Letter of support: AB 1947",
                                summary="The coalition's letter of support, sent to the "
                                        "author's office.")
    ResourceText.objects.create(resource=resource, language="es",
                                title="Carta de apoyo: AB 1947",
                                summary="La carta de apoyo de la coalición, enviada a la "
                                        "oficina del autor.")
    return resource


def _demo_staff() -> None:
    from alianza.coalition.management.commands.demo_data import DEMO_PASSWORD

    user_model = get_user_model()
    group = Group.objects.filter(name=roles.POLICY).first()
    for username, frequency in DEMO_STAFF:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username, f"{username}@alianza.localhost", DEMO_PASSWORD, is_staff=True)
        if group is not None:
            user.groups.add(group)
        AlertPreference.objects.get_or_create(user=user, defaults={"frequency": frequency})


@transaction.atomic
def demo_positions() -> None:
    session = _session()
    workgroup = Workgroup.objects.filter(slug="policy").first()
    for identifier, history in POSITIONS:
        bill = _bill(session, identifier, workgroup)
        if bill.positions.exists():
            continue
        for stance, when, note, note_es in history:
            position = BillPosition.objects.create(bill=bill, position=stance, note=note,
                                                   note_es=note_es, set_at=when)
        if identifier == "AB 1947":
            position.letters.add(_letter())
    _demo_staff()
