"""Demo advocacy meetings: a May 2024 delegation of co-chairs and parents to the offices of
the chairs of the Assembly and Senate education committees, with asks, notes and
follow-ups (one of them overdue).

The delegation members are made-up people at example.org; the notes are marked as
examples, so nothing here is presented as something a real office said. Bills that do not
exist yet are created with "Summary to be written by staff" rather than invented facts.
Safe to run twice: meetings are found by legislator and date.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.core.roles import POLICY
from alianza.policy.models import (
    CALIFORNIA,
    Bill,
    BudgetItem,
    LegislativeSession,
    Legislator,
    Meeting,
    MeetingAttendee,
    MeetingFollowUp,
    Office,
)
from alianza.policy.services.meetings import (
    meeting_asks_set,
    meeting_attendees_set,
    meeting_create,
)

MURATSUCHI = "ocd-person/78610d0e-c790-4fc9-ab8e-0887adbbe063"  # Assembly Education chair
NEWMAN = "ocd-person/ed40c798-40c1-4fe6-9fb8-c3fee65b48e0"  # Senate Education chair
BILLS = ("AB 1947", "AB 2071", "AB 2074", "AB 2268")
PLACEHOLDER = "Summary to be written by staff"
Role = MeetingAttendee.Role
DELEGATION = [
    ("Graciela Montoya", "graciela.montoya@example.org", Role.CO_CHAIR, "es"),
    ("Daniel Okafor", "daniel.okafor@example.org", Role.CO_CHAIR, "en"),
    ("Rosa Elena Villaseñor", "rosa.villasenor@example.org", Role.PARENT, "es"),
    ("Martín Zúñiga", "martin.zuniga@example.org", Role.PARENT, "es"),
    ("Linh Tran", "linh.tran@example.org", Role.PARENT, "en"),
]


def _session() -> LegislativeSession:
    session, _created = LegislativeSession.objects.get_or_create(
        jurisdiction=CALIFORNIA, identifier="20232024",
        defaults={"name": "2023-2024 Regular Session",
                  "start_date": datetime.date(2022, 12, 5),
                  "end_date": datetime.date(2024, 11, 30)})
    return session


def _bill(session: LegislativeSession, identifier: str) -> Bill:
    bill, _created = Bill.objects.get_or_create(
        session=session, identifier=identifier,
        defaults={"title": PLACEHOLDER, "is_tracked": True})
    return bill


def _owner():
    """The demo's policy staff member, who owns the follow-ups."""
    from alianza.coalition.management.commands.demo_data import DEMO_PASSWORD

    users = get_user_model()
    user = users.objects.filter(username="policy").first()
    if user is None:
        user = users.objects.create_user("policy", "policy@alianza.localhost", DEMO_PASSWORD,
                                          is_staff=True, first_name="Paula",
                                          last_name="Robles")
    group = Group.objects.filter(name=POLICY).first()
    if group:
        user.groups.add(group)
    return user


def _people() -> list[tuple[Person, str]]:
    people = []
    for name, email, role, language in DELEGATION:
        person, _created = Person.objects.get_or_create(
            email=email, defaults={"name": name, "preferred_language": language})
        people.append((person, role))
    return people


def _visit(legislator: Legislator, date: datetime.date, *, purpose: str, said: str,
           outcome: str, bills: list[Bill], budget: BudgetItem, asks: list[tuple],
           follow_ups: list[tuple], owner, people) -> Meeting:
    existing = Meeting.objects.filter(legislator=legislator, date=date).first()
    if existing:
        return existing
    office = legislator.offices.filter(kind=Office.Kind.CAPITOL).first()
    meeting = meeting_create(
        date=date, legislator=legislator, office=office, status=Meeting.Status.DONE,
        purpose=purpose, office_said=said, outcome=outcome, bills=bills,
        budget_items=[budget], created_by=owner)
    meeting_attendees_set(meeting=meeting, attendees=people)
    meeting_asks_set(meeting=meeting, asks=[
        {"text": text, "bill": bill, "budget_item": item} for text, bill, item in asks])
    for description, due, done in follow_ups:
        MeetingFollowUp.objects.create(
            meeting=meeting, description=description, due_date=due, owner=owner,
            done_at=timezone.now() if done else None, done_by=owner if done else None)
    return meeting


@transaction.atomic
def demo_meetings() -> None:
    if not Legislator.objects.filter(openstates_id__in=[MURATSUCHI, NEWMAN]).exists():
        from alianza.policy.demo.legislators import demo_legislators

        demo_legislators()
    session = _session()
    bills = {identifier: _bill(session, identifier) for identifier in BILLS}
    budget, _created = BudgetItem.objects.get_or_create(
        session=session, name="Educator workforce for English learners (demo budget ask)",
        defaults={"name_es": "Personal docente para estudiantes de inglés (petición "
                             "presupuestaria de ejemplo)"})
    owner = _owner()
    people = _people()
    _visit(
        Legislator.objects.get(openstates_id=MURATSUCHI), datetime.date(2024, 5, 14),
        purpose="Sacramento delegation: the coalition's 2024 bills and budget priorities",
        said="Example notes (demo): the education consultant took the coalition's one-page "
             "summary and asked for figures on English learners in the district.",
        outcome="Example (demo): a follow-up meeting with the consultant is to be scheduled.",
        bills=[bills["AB 1947"], bills["AB 2074"]], budget=budget,
        asks=[("Asked the office to support AB 1947.", bills["AB 1947"], None),
              ("Asked the office to support AB 2074.", bills["AB 2074"], None),
              ("Asked the member to keep funding for the educator workforce in the budget.",
               None, budget)],
        follow_ups=[("Send the one-page summary in English and Spanish to the consultant",
                     datetime.date(2024, 5, 17), True),
                    ("Send the English learner figures for the member's district",
                     datetime.date(2024, 5, 28), False)],
        owner=owner, people=people)
    _visit(
        Legislator.objects.get(openstates_id=NEWMAN), datetime.date(2024, 5, 15),
        purpose="Sacramento delegation: parents' stories and the coalition's bills",
        said="Example notes (demo): staff listened to the parents and asked to be kept "
             "informed as the bills move.",
        outcome="Example (demo): thank-you letter sent; position to be confirmed.",
        bills=[bills["AB 2071"], bills["AB 2268"]], budget=budget,
        asks=[("Asked the senator to support AB 2071 when it reaches the Senate.",
               bills["AB 2071"], None),
              ("Asked the senator to support AB 2268.", bills["AB 2268"], None)],
        follow_ups=[("Send a thank-you letter signed by the co-chairs",
                     datetime.date(2024, 5, 22), True)],
        owner=owner, people=people[:2] + people[3:])
