"""Bills, positions and followers for the bill tracker's tests."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from alianza.coalition.models import Person, Workgroup, WorkgroupMembership
from alianza.core import roles
from alianza.policy.models import (
    Bill,
    BillAction,
    BillText,
    IssueArea,
    LegislativeSession,
)


def session_create(identifier: str = "20232024", name: str = "2023-2024 Regular Session",
                   start: datetime.date = datetime.date(2022, 12, 5)) -> LegislativeSession:
    return LegislativeSession.objects.get_or_create(
        identifier=identifier, defaults={"name": name, "start_date": start})[0]


def bill_create(identifier: str = "AB 1947", *, session: LegislativeSession | None = None,
                title: str = "An act to amend Section 313 of the Education Code.",
                tracked: bool = True, status: str = "in_committee",
                workgroup: Workgroup | None = None, summary_en: str = "",
                summary_es: str = "", short_title_en: str = "", short_title_es: str = "",
                issue_areas: tuple[IssueArea, ...] = ()) -> Bill:
    bill = Bill.objects.create(session=session or session_create(), identifier=identifier,
                               title=title, is_tracked=tracked, status=status,
                               workgroup=workgroup, source="openstates:test")
    for language, short_title, summary in (("en", short_title_en, summary_en),
                                           ("es", short_title_es, summary_es)):
        if short_title or summary:
            BillText.objects.create(bill=bill, language=language, short_title=short_title,
                                    summary=summary)
    bill.issue_areas.set(issue_areas)
    return bill


def action_create(bill: Bill, date: datetime.date, description: str, order: int = 1,
                  **extra) -> BillAction:
    return BillAction.objects.create(bill=bill, date=date, description=description,
                                     order=order, **extra)


def policy_staff(username: str = "ana", *, email: str | None = None, **extra):
    extra.setdefault("date_joined", timezone.now() - datetime.timedelta(days=60))
    user = get_user_model().objects.create_user(
        username, email if email is not None else f"{username}@example.org", is_staff=True,
        **extra)
    user.groups.add(Group.objects.get(name=roles.POLICY))
    return user


def member_create(workgroup: Workgroup, email: str, *, language: str = "es",
                  name: str = "Rosa Castillo", confirmed: bool = True,
                  joined_days_ago: int = 30) -> Person:
    person = Person.objects.create(name=name, email=email, preferred_language=language)
    when = timezone.now() - datetime.timedelta(days=joined_days_ago)
    membership = WorkgroupMembership.objects.create(
        workgroup=workgroup, person=person, language=language,
        status=WorkgroupMembership.Status.CONFIRMED if confirmed
        else WorkgroupMembership.Status.PENDING,
        confirmed_at=when if confirmed else None)
    WorkgroupMembership.objects.filter(pk=membership.pk).update(joined_at=when)
    return person
