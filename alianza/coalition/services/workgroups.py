"""Workgroup sign-up."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from alianza.coalition.models import Organization, Workgroup, WorkgroupMembership
from alianza.coalition.services.people import person_get_or_create


@transaction.atomic
def workgroup_join(
    *,
    workgroup: Workgroup,
    name: str,
    email: str,
    language: str,
    organization: Organization | None = None,
    note: str = "",
) -> tuple[WorkgroupMembership, bool]:
    """Add a person to a workgroup; signing up twice keeps one membership."""
    person, _ = person_get_or_create(email=email, name=name, preferred_language=language)
    existing = WorkgroupMembership.objects.filter(workgroup=workgroup, person=person).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            membership = WorkgroupMembership.objects.create(
                workgroup=workgroup, person=person, organization=organization,
                note=note.strip(), language=language,
            )
    except IntegrityError:
        return WorkgroupMembership.objects.get(workgroup=workgroup, person=person), False
    return membership, True
