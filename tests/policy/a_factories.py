"""A small legislature and policy staff for the staff page and meeting tests, made directly
in the database (the import has its own tests)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.test import Client

from alianza.coalition.models import Person
from alianza.core.roles import COALITION_STAFF, POLICY
from alianza.policy.models import (
    Bill,
    BudgetItem,
    District,
    LegislativeSession,
    Legislator,
    LegislatorRole,
    Office,
)


def legislator(name: str = "Al Muratsuchi", *, chamber: str = "lower", number: int = 66
               ) -> Legislator:
    given, family = name.split()[0], name.split()[-1]
    kind = "sldl" if chamber == "lower" else "sldu"
    district, _created = District.objects.get_or_create(
        division_id=f"ocd-division/country:us/state:ca/{kind}:{number}",
        defaults={"chamber": chamber, "number": number})
    member = Legislator.objects.create(
        name=name, given_name=given, family_name=family, party="Democratic",
        openstates_id=f"ocd-person/test-{family.lower()}")
    LegislatorRole.objects.create(legislator=member, chamber=chamber, district=district,
                                  start_date=datetime.date(2016, 12, 5))
    Office.objects.create(legislator=member, kind=Office.Kind.CAPITOL,
                          address="1021 O St., Sacramento, CA 95814", phone="916-319-2066")
    Office.objects.create(legislator=member, kind=Office.Kind.DISTRICT,
                          address="Torrance, CA", phone="310-375-0691")
    return member


def session() -> LegislativeSession:
    found, _created = LegislativeSession.objects.get_or_create(
        identifier="20232024", defaults={"name": "2023-2024 Regular Session",
                                         "start_date": datetime.date(2022, 12, 5)})
    return found


def bill(identifier: str = "AB 1947", *, tracked: bool = True) -> Bill:
    return Bill.objects.create(session=session(), identifier=identifier,
                               title="Summary to be written by staff", is_tracked=tracked)


def budget_item(name: str = "Educator workforce for English learners") -> BudgetItem:
    return BudgetItem.objects.create(session=session(), name=name)


def person(name: str, email: str, language: str = "en") -> Person:
    return Person.objects.create(name=name, email=email, preferred_language=language)


def staff_user(django_user_model, username: str = "paula", *, role: str = POLICY,
               email: str = ""):
    user = django_user_model.objects.create_user(
        username, email or f"{username}@example.org", is_staff=True, first_name=username.title())
    user.groups.add(Group.objects.get(name=role))
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def coalition_staff(django_user_model):
    return staff_user(django_user_model, "coordinator", role=COALITION_STAFF)
