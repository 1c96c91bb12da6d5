"""Who follows a tracked bill: staff who receive bill alerts, and the confirmed members of
the workgroup that owns the bill, each with their language and how often they want to hear.

Nobody is listed twice: an address that belongs to a staff account and to a member is one
follower (the staff account's choice counts). Nobody whose choice is "never", whose address
bounces or complained (a suppression), or who asked the coalition to stop all email after
last choosing their alerts, is listed at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from alianza.coalition.models import Consent, Person, WorkgroupMembership, normalize_email
from alianza.coalition.models.base import subject_key
from alianza.core.services import supported_language
from alianza.policy.models import AlertPreference, Bill, Frequency

ALERT_PERMISSION = ("policy", "receive_bill_alerts")
STOP_ALL_SCOPE = "all"  # "unsubscribe from everything" (outreach preferences)


@dataclass(frozen=True)
class Follower:
    email: str
    name: str
    language: str
    frequency: str
    user_id: int | None = None
    person_id: int | None = None
    # Changes recorded before this (e.g. before they joined the workgroup) are not theirs.
    since: datetime.datetime | None = None

    @property
    def address_key(self) -> str:
        return subject_key(self.email)


def _suppressed(addresses: list[str]) -> set[str]:
    if not addresses or not apps.is_installed("alianza.outreach"):
        return set()
    from alianza.outreach.models import Suppression

    return {normalize_email(a) for a in Suppression.objects.filter(
        address__in=addresses, lifted_at__isnull=True).values_list("address", flat=True)}


def _stopped_all(person_ids: list[int]) -> dict[int, datetime.datetime]:
    """{person: when} for people whose newest "stop all email" consent is a withdrawal."""
    latest: dict[int, tuple[bool, datetime.datetime]] = {}
    rows = Consent.objects.filter(kind=Consent.Kind.EMAIL, scope=STOP_ALL_SCOPE,
                                  person_id__in=person_ids).order_by("created_at", "pk")
    for pid, granted, at in rows.values_list("person_id", "granted", "created_at"):
        latest[pid] = (granted, at)
    return {pid: at for pid, (granted, at) in latest.items() if not granted}


def staff_followers() -> list[Follower]:
    """Active staff holding the alert permission through a role or directly. Being a
    superuser alone does not enrol an account: administrators opt in by taking the role."""
    try:
        permission = Permission.objects.get(content_type__app_label=ALERT_PERMISSION[0],
                                            codename=ALERT_PERMISSION[1])
    except Permission.DoesNotExist:
        return []
    users = list(get_user_model().objects.filter(is_active=True, is_staff=True).filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission),
    ).exclude(email="").distinct().order_by("pk"))
    choices = dict(AlertPreference.objects.filter(user__in=users)
                   .values_list("user_id", "frequency"))
    emails = [normalize_email(u.email) for u in users]
    # A staff member with a person record (same address) is written to in its language.
    languages = dict(Person.objects.filter(email__in=emails)
                     .values_list("email", "preferred_language"))
    suppressed = _suppressed(emails)
    followers = []
    for user, email in zip(users, emails, strict=True):
        frequency = choices.get(user.pk, Frequency.DAILY)
        if frequency == Frequency.OFF or email in suppressed:
            continue
        followers.append(Follower(
            email=email, name=user.get_full_name() or user.get_username(),
            language=supported_language(languages.get(email)), frequency=frequency,
            user_id=user.pk, since=user.date_joined))
    return followers


def workgroup_followers(workgroup_id: int) -> list[Follower]:
    memberships = list(WorkgroupMembership.objects.confirmed().filter(
        workgroup_id=workgroup_id, person__erased_at__isnull=True,
    ).exclude(person__email="").select_related("person").order_by("pk"))
    person_ids = [m.person_id for m in memberships]
    preferences = {p.person_id: p for p in AlertPreference.objects.filter(
        person_id__in=person_ids)}
    stopped = _stopped_all(person_ids)
    suppressed = _suppressed([m.person.email for m in memberships])
    followers = []
    for membership in memberships:
        person = membership.person
        preference = preferences.get(person.pk)
        frequency = preference.frequency if preference else Frequency.DAILY
        stop = stopped.get(person.pk)
        if stop is not None and (preference is None or preference.updated_at < stop):
            continue  # "no more email from the coalition" outranks an older alert choice
        if frequency == Frequency.OFF or person.email in suppressed:
            continue
        followers.append(Follower(
            email=person.email, name=person.name,
            language=supported_language(person.preferred_language), frequency=frequency,
            person_id=person.pk, since=membership.confirmed_at or membership.joined_at))
    return followers


class FollowerBook:
    """Followers per bill, each group read once however many bills are asked about."""

    def __init__(self) -> None:
        self._staff: list[Follower] | None = None
        self._groups: dict[int, list[Follower]] = {}

    def for_bill(self, bill: Bill) -> list[Follower]:
        if self._staff is None:
            self._staff = staff_followers()
        found = {f.email: f for f in self._staff}
        if bill.workgroup_id:
            if bill.workgroup_id not in self._groups:
                self._groups[bill.workgroup_id] = workgroup_followers(bill.workgroup_id)
            for follower in self._groups[bill.workgroup_id]:
                found.setdefault(follower.email, follower)
        return list(found.values())


def bill_followers(bill: Bill) -> list[Follower]:
    return FollowerBook().for_bill(bill)
