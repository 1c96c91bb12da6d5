"""Reads about legislators: who holds each seat now, one legislator's page, searches."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from alianza.policy.models import (
    CALIFORNIA,
    Chamber,
    CommitteeMembership,
    LegislativeSession,
    Legislator,
    LegislatorRole,
    Office,
    OfficeContact,
    Sponsorship,
)

SEAT_CHAMBERS = (Chamber.LOWER, Chamber.UPPER)


def current_roles(*, today: datetime.date | None = None) -> dict[int, LegislatorRole]:
    """The role now held in each district, by district id.

    Snapshots of different dates leave more than one open role on a seat (a member who has
    since left still shows no end date in the older file): the holder is the one whose
    role began last.
    """
    today = today or timezone.localdate()
    roles = (LegislatorRole.objects
             .filter(district__isnull=False, jurisdiction=CALIFORNIA,
                     chamber__in=SEAT_CHAMBERS)
             .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
             .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
             .select_related("legislator", "district"))
    held: dict[int, LegislatorRole] = {}
    for role in roles:
        other = held.get(role.district_id)
        if other is None or (role.start_date or datetime.date.min) > (
                other.start_date or datetime.date.min):
            held[role.district_id] = role
    return held


def _sorted(roles) -> list[LegislatorRole]:
    return sorted(roles, key=lambda r: (r.chamber != Chamber.LOWER, r.district.number))


def legislators_current(*, chamber: str = "", query: str = "") -> list[LegislatorRole]:
    """Current members (as their roles, for the seat), filtered by chamber and by a name or
    a district number."""
    roles = list(current_roles().values())
    if chamber:
        roles = [r for r in roles if r.chamber == chamber]
    query = " ".join(query.split()).casefold()
    if query.isdigit():
        roles = [r for r in roles if r.district.number == int(query)]
    elif query:
        roles = [r for r in roles if _matches(r.legislator, query)]
    return _sorted(roles)


def _matches(legislator: Legislator, query: str) -> bool:
    names = [legislator.name, *legislator.other_names]
    return any(query in name.casefold() for name in names)


def legislators_for_districts(*, assembly: int | None, senate: int | None
                              ) -> list[LegislatorRole]:
    """Someone's Assembly Member and Senator, from their district numbers."""
    wanted = {(Chamber.LOWER, assembly), (Chamber.UPPER, senate)}
    return _sorted(r for r in current_roles().values()
                   if (r.chamber, r.district.number) in wanted)


def with_capitol_office(roles: list[LegislatorRole]) -> list[LegislatorRole]:
    """Each role gains ``capitol``: the member's Capitol office (for the phone), or None."""
    ids = [r.legislator_id for r in roles]
    offices: dict[int, Office] = {}
    for office in Office.objects.filter(legislator_id__in=ids, kind=Office.Kind.CAPITOL):
        offices.setdefault(office.legislator_id, office)
    for role in roles:
        role.capitol = offices.get(role.legislator_id)
    return roles


@dataclass
class RoleView:
    role: LegislatorRole
    sessions: list[str] = field(default_factory=list)


@dataclass
class LegislatorPage:
    legislator: Legislator
    current: LegislatorRole | None
    roles: list[RoleView]
    offices: list[Office]
    committees: list[CommitteeMembership]
    sponsorships: list[Sponsorship]
    contacts: list[OfficeContact]

    @property
    def initials(self) -> str:
        legislator = self.legislator
        parts = [legislator.given_name, legislator.family_name]
        if not all(parts):
            parts = legislator.name.split()[:1] + legislator.name.split()[-1:]
        return "".join(p[0] for p in parts if p).upper()


def _sessions_of(role: LegislatorRole, sessions: list[LegislativeSession],
                 today: datetime.date) -> list[str]:
    start = role.start_date or datetime.date.min
    end = role.end_date or today
    return [s.name for s in sessions
            if s.start_date and s.start_date <= end and (s.end_date or today) >= start]


def legislator_page(legislator: Legislator) -> LegislatorPage:
    today = timezone.localdate()
    roles = list(legislator.roles.select_related("district")
                 .order_by("-start_date", "-end_date"))
    held = current_roles(today=today)
    current = next((r for r in roles if held.get(r.district_id) == r), None)
    sessions = list(LegislativeSession.objects.filter(jurisdiction=CALIFORNIA)
                    .exclude(start_date=None).order_by("start_date"))
    return LegislatorPage(
        legislator=legislator,
        current=current,
        roles=[RoleView(role=r, sessions=_sessions_of(r, sessions, today)) for r in roles],
        offices=list(legislator.offices.all()),
        committees=list(legislator.committee_memberships.select_related("committee")
                        .order_by("committee__chamber", "committee__name")),
        sponsorships=list(legislator.sponsorships.select_related("bill__session")
                          .order_by("-bill__session__start_date", "-primary",
                                    "bill__identifier")[:100]),
        contacts=list(legislator.staff_contacts.filter(is_active=True)
                      .select_related("office")),
    )
