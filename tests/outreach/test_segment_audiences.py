"""Segments reach only confirmed workgroup members, and never an erased person."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alianza.coalition.models import (
    Consent,
    Organization,
    Person,
    Signature,
    WorkgroupMembership,
)
from alianza.coalition.services.privacy import person_erase
from alianza.outreach.models import Subscription, Tag
from alianza.outreach.selectors import segment_resolve

pytestmark = pytest.mark.django_db(transaction=True)


def consenting(email: str) -> Person:
    someone = Person.objects.create(name=email.split("@")[0].title(), email=email,
                                    email_confirmed_at=timezone.now())
    Consent.objects.create(person=someone, kind=Consent.Kind.EMAIL, scope="updates",
                           granted=True, wording="Send me updates", language="en",
                           source="test")
    return someone


def test_a_pending_workgroup_sign_up_is_not_in_the_workgroup_segment(workgroup):
    member, pending = consenting("member@example.org"), consenting("pending@example.org")
    WorkgroupMembership.objects.create(workgroup=workgroup, person=member, language="en",
                                       status=WorkgroupMembership.Status.CONFIRMED)
    WorkgroupMembership.objects.create(workgroup=workgroup, person=pending, language="en")

    resolution = segment_resolve(definition={"workgroups": ["policy"]})

    assert [r.address for r in resolution.recipients] == ["member@example.org"]
    assert sum(resolution.excluded.values()) == 0


@pytest.fixture
def erased(statement, workgroup, updates, staff_user) -> Person:
    """An erased person whom every kind of source still points at, as if an import or a
    bug had put the relations back after the erasure."""
    someone = consenting("gone@example.org")
    person_erase(person=someone, actor=staff_user, reason="Asked by phone",
                 confirmation="gone@example.org")
    someone = Person.objects.get(pk=someone.pk)
    for scope in ("updates", "list:updates"):
        Consent.objects.create(person=someone, kind=Consent.Kind.EMAIL, scope=scope,
                               granted=True, wording="Yes", language="en", source="test")
    Subscription.objects.create(person=someone, mailing_list=updates, source="test",
                                language="en", status=Subscription.Status.CONFIRMED,
                                confirmed_at=timezone.now())
    Signature.objects.create(statement=statement, version=statement.versions.get(),
                             person=someone, status=Signature.Status.CONFIRMED, language="en",
                             source="t", confirmed_at=timezone.now())
    WorkgroupMembership.objects.create(workgroup=workgroup, person=someone, language="en",
                                       status=WorkgroupMembership.Status.CONFIRMED)
    member = Organization.objects.create(name="Parent Network",
                                         membership_status=Organization.Membership.MEMBER)
    someone.affiliations.create(organization=member)
    Tag.objects.create(slug="imported", name="Imported").people.add(someone)
    return someone


@pytest.mark.parametrize("definition", [
    {"lists": ["updates"]}, {"statements": ["statement-of-agreement"]},
    {"workgroups": ["policy"]}, {"member_organizations": True}, {"tags": ["imported"]},
])
def test_an_erased_person_is_neither_mailed_nor_counted(erased, definition):
    resolution = segment_resolve(definition=definition)

    assert resolution.recipients == []
    assert sum(resolution.excluded.values()) == 0
