"""Staff are offered likely duplicate organizations and merge them, with an audit record."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Affiliation,
    MembershipApplication,
    MembershipStatusChange,
    Organization,
    OrganizationDistinct,
    OrganizationMerge,
    Person,
    Signature,
    WorkgroupMembership,
)
from alianza.coalition.selectors_duplicates import organization_duplicate_pairs
from alianza.coalition.services.merges import MergeError, organization_merge

pytestmark = pytest.mark.django_db

DUPLICATES = reverse("coalition-organization-duplicates")


def merge_url(first: Organization, second: Organization) -> str:
    return reverse("coalition-organization-merge", args=[first.pk, second.pk])


@pytest.fixture
def merger(client, django_user_model):
    user = django_user_model.objects.create_user("merger", "merger@example.org", "x",
                                                 is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["merge_organization", "view_organization"]))
    client.force_login(user)
    return client


@pytest.fixture
def pair(db):
    survivor = Organization.objects.create(name="InnerCity Struggle", county="Los Angeles",
                                           membership_status="member")
    duplicate = Organization.objects.create(name="InnerCity Struggle, Inc.", kind="nonprofit",
                                            website="https://innercitystruggle.example.org",
                                            district_code="1964733", languages_served="es, en")
    return survivor, duplicate


def test_a_name_with_a_legal_suffix_is_offered_as_a_likely_duplicate(pair):
    Organization.objects.create(name="Californians Together")
    Organization.objects.create(name="Inner City Strugle")  # a typo, a near match

    pairs = organization_duplicate_pairs()

    names = {frozenset((p.first.name, p.second.name)): p.percent for p in pairs}
    assert names[frozenset(("InnerCity Struggle", "InnerCity Struggle, Inc."))] == 100
    assert 88 <= names[frozenset(("InnerCity Struggle", "Inner City Strugle"))] < 100
    assert not any("Californians Together" in key for key in names)


def test_staff_with_the_merge_permission_see_the_pairs(merger, pair):
    with translation.override("es"):
        response = merger.get(reverse("coalition-organization-duplicates"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Posibles organizaciones duplicadas" in page
    assert "InnerCity Struggle, Inc." in page
    assert merge_url(*pair).split("/", 2)[2] in page  # whatever the language prefix


@pytest.mark.parametrize("persona", ["anonymous", "staff_without_permission", "member"])
def test_people_without_the_merge_permission_cannot_see_or_merge(
    persona, client, django_user_model, member_contact_user, pair
):
    if persona == "staff_without_permission":
        client.force_login(django_user_model.objects.create_user(
            "plain", "plain@example.org", "x", is_staff=True))
    elif persona == "member":
        client.force_login(member_contact_user)

    listing = client.get(DUPLICATES)
    merging = client.post(merge_url(*pair), {"action": "merge", "survivor": pair[0].pk})

    expected = 302 if persona == "anonymous" else 403
    assert (listing.status_code, merging.status_code) == (expected, expected)
    assert Organization.objects.filter(pk__in=[o.pk for o in pair]).count() == 2


def test_the_merge_page_asks_which_record_to_keep(merger, pair):
    response = merger.get(merge_url(*pair))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="survivor"' in page and "InnerCity Struggle, Inc." in page
    response = merger.post(merge_url(*pair), {"action": "merge"})
    assert response.status_code == 400
    assert Organization.objects.count() == 2


def test_merging_moves_everything_to_the_survivor_and_records_it(
    merger, pair, statement, workgroup
):
    survivor, duplicate = pair
    ana = Person.objects.create(name="Ana", email="ana@example.org")
    bea = Person.objects.create(name="Bea", email="bea@example.org")
    Affiliation.objects.create(person=ana, organization=survivor)
    Affiliation.objects.create(person=ana, organization=duplicate, title="Director",
                               is_primary_contact=True)
    Affiliation.objects.create(person=bea, organization=duplicate, title="Organizer")
    version = statement.versions.get()
    Signature.objects.create(statement=statement, version=version, person=ana,
                             organization=survivor, status="pending", language="en",
                             source="test")
    confirmed = Signature.objects.create(
        statement=statement, version=version, person=bea, organization=duplicate,
        status="confirmed", confirmed_at=timezone.now(), listed=True, language="en",
        source="test")
    application = MembershipApplication.objects.create(
        organization=duplicate, contact=bea, mission_alignment="EL families",
        is_nonprofit=True, language="es", status="declined")
    MembershipStatusChange.objects.create(organization=duplicate, from_status="none",
                                          to_status="applied")
    WorkgroupMembership.objects.create(workgroup=workgroup, person=bea,
                                       organization=duplicate, language="en")

    response = merger.post(merge_url(*pair), {"action": "merge", "survivor": survivor.pk})

    assert response.status_code == 302
    assert response.url == reverse("coalition-organization-detail", args=[survivor.pk])
    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    survivor.refresh_from_db()
    # The survivor keeps its own details and gains what only the duplicate knew.
    assert (survivor.name, survivor.membership_status, survivor.county_code) == (
        "InnerCity Struggle", "member", "19")
    assert (survivor.kind, survivor.website, survivor.district_code) == (
        "nonprofit", "https://innercitystruggle.example.org", "1964733")
    affiliations = {a.person.email: (a.title, a.is_primary_contact)
                    for a in Affiliation.objects.filter(organization=survivor)}
    assert affiliations == {"ana@example.org": ("Director", True),
                            "bea@example.org": ("Organizer", False)}
    # One organizational signature per statement: the confirmed one stays.
    assert list(Signature.objects.filter(organization=survivor)) == [confirmed]
    application.refresh_from_db()
    assert application.organization == survivor
    assert MembershipStatusChange.objects.filter(organization=survivor,
                                                 to_status="applied").exists()
    assert WorkgroupMembership.objects.get(person=bea).organization == survivor
    record = OrganizationMerge.objects.get()
    assert (record.survivor, record.merged_id, record.merged_name) == (
        survivor, duplicate.pk, "InnerCity Struggle, Inc.")
    assert record.merged_by.username == "merger"
    assert record.merged_record["website"] == "https://innercitystruggle.example.org"
    assert [s["status"] for s in record.merged_record["dropped_signatures"]] == ["pending"]
    assert record.moved["affiliations"] == 1 and record.moved["signatures"] == 1
    assert organization_duplicate_pairs() == []


def test_a_merge_that_fails_half_way_changes_nothing(pair, monkeypatch):
    survivor, duplicate = pair
    person = Person.objects.create(name="Ana", email="ana@example.org")
    Affiliation.objects.create(person=person, organization=duplicate)
    from alianza.coalition.services import merges

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merges, "_fill_survivor", broken)
    with pytest.raises(RuntimeError):
        organization_merge(survivor_id=survivor.pk, duplicate_id=duplicate.pk, merged_by=None)

    assert Affiliation.objects.get().organization_id == duplicate.pk
    assert Organization.objects.count() == 2 and not OrganizationMerge.objects.exists()


def test_an_organization_cannot_be_merged_into_itself(pair):
    with pytest.raises(MergeError):
        organization_merge(survivor_id=pair[0].pk, duplicate_id=pair[0].pk, merged_by=None)


def test_a_pair_marked_as_different_organizations_is_no_longer_offered(merger, pair):
    response = merger.post(merge_url(*pair), {"action": "distinct"})

    assert response.status_code == 302
    assert OrganizationDistinct.objects.count() == 1
    assert organization_duplicate_pairs() == []
    assert Organization.objects.count() == 2


def test_a_stale_merge_page_says_the_pair_is_gone(merger, pair):
    url = merge_url(*pair)
    organization_merge(survivor_id=pair[0].pk, duplicate_id=pair[1].pk, merged_by=None)
    assert merger.post(url, {"action": "merge", "survivor": pair[0].pk}).status_code == 404


def test_a_survivor_with_a_suffixed_key_takes_the_plain_key_once_merged(pair):
    survivor, _duplicate = pair
    older = Organization.objects.create(name="Padres Unidos")
    newer = Organization.objects.create(name="Other name")
    # As migration 0005 leaves a same-named organization that predates the unique key.
    Organization.objects.filter(pk=newer.pk).update(
        name="padres unidos", normalized_name=f"padres unidos ~{newer.pk}")

    organization_merge(survivor_id=newer.pk, duplicate_id=older.pk, merged_by=None)

    newer.refresh_from_db()
    assert newer.normalized_name == "padres unidos"


def test_an_organizations_page_points_staff_who_may_merge_to_its_likely_duplicates(
    merger, pair, staff_client_without_merge
):
    url = reverse("coalition-organization-detail", args=[pair[0].pk])
    page = merger.get(url).content.decode()
    assert "Likely duplicates" in page and merge_url(*pair).split("/", 2)[2] in page
    assert "Likely duplicates" not in staff_client_without_merge.get(url).content.decode()


@pytest.fixture
def staff_client_without_merge(django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("viewer", "viewer@example.org", "x",
                                                 is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client = Client()
    client.force_login(user)
    return client
