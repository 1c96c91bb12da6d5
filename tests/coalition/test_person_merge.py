"""Staff find likely duplicate people and merge them: everything both records hold ends up
on the one kept, nothing anyone withdrew comes back, and the merge is recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Consent,
    Person,
    PersonDistinct,
    PersonEmail,
    PersonMerge,
    PersonNote,
    Signature,
)
from alianza.coalition.selectors_person_duplicates import person_duplicate_pairs
from alianza.coalition.services.person_merge import (
    PersonMergeError,
    person_merge,
    person_relations,
)
from alianza.coalition.services.privacy import person_erase
from alianza.core.people import person_merge_models
from alianza.outreach.models import Delivery, Subscription
from tests.coalition.person_scene import mailing_list, person_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(statement, workgroup):
    first = person_with_everything(email="rosa.diaz@example.org", statement=statement,
                                   workgroup=workgroup, suffix="a")
    second = person_with_everything(email="rosadiaz@example.net", name="Díaz, Rosa",
                                    statement=statement, workgroup=workgroup, suffix="b")
    return first, second


@pytest.fixture
def merger(client, django_user_model):
    user = django_user_model.objects.create_user("carmen", "carmen@example.org",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name="Coalition staff"))
    client.force_login(user)
    return client


def merge_url(first: Person, second: Person) -> str:
    return reverse("coalition-person-merge", args=[first.pk, second.pk])


def test_every_model_pointing_at_people_has_a_merge_part():
    covered = person_merge_models()
    missing = sorted({(r.related_model._meta.auto_created or r.related_model)._meta.label
                      for r in person_relations()
                      if (r.related_model._meta.auto_created or r.related_model)
                      ._meta.label_lower not in covered})
    assert not missing, (f"No merge part moves {missing}: register one with "
                         "alianza.core.people.person_merge_register(..., models=[...]).")


def test_likely_duplicates_are_found_by_name_and_a_similar_address(pair):
    first, second = pair

    found = {(p.first.pk, p.second.pk) for p in person_duplicate_pairs()}

    assert (first.person.pk, second.person.pk) in found


def test_a_common_name_alone_is_not_offered(db):
    Person.objects.create(name="María García", email="maria1@example.org")
    Person.objects.create(name="María García", email="mgarcia.teacher@school.org")

    assert person_duplicate_pairs() == []


def test_the_same_phone_or_a_shared_address_is_offered(db):
    a = Person.objects.create(name="Ana López", email="ana@example.org", phone="213-555-0100")
    b = Person.objects.create(name="ana lopez", email="alopez@work.org", phone="(213) 555 0100")
    c = Person.objects.create(name="Someone Else", email="other@example.org")
    PersonEmail.objects.create(person=c, email="ana@example.org.mx")
    d = Person.objects.create(name="Different Name", email="ana@example.org.mx.old")
    PersonEmail.objects.create(person=a, email="shared@example.org")
    e = Person.objects.create(name="Eve", email="shared@example.org")

    reasons = {(p.first.pk, p.second.pk): p.reason for p in person_duplicate_pairs()}

    assert reasons[(a.pk, b.pk)] == "Same name and phone number"
    assert reasons[(a.pk, e.pk)] == "The same email address"
    assert (c.pk, d.pk) not in reasons


def test_the_merge_keeps_everything_both_records_held(pair, staff_user):
    first, second = pair
    survivor, duplicate = first.person, second.person
    consents = Consent.objects.filter(person__in=[survivor, duplicate]).count()

    record = person_merge(survivor_id=survivor.pk, duplicate_id=duplicate.pk, by=staff_user)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Consent.objects.filter(person=survivor).count() == consents
    assert PersonNote.objects.filter(person=survivor).count() == 2
    assert survivor.applications.count() == 2
    assert set(survivor.other_emails.values_list("email", flat=True)) == {
        "rosadiaz@example.net"}
    assert survivor.registrations.count() == 2
    assert survivor.survey_contacts.count() == 2
    assert survivor.policy_meetings.count() == 2
    assert survivor.deliveries.count() == 2
    assert set(survivor.outreach_tags.values_list("slug", flat=True)) == {"parents-a",
                                                                          "parents-b"}
    # One statement, one list, one workgroup: one of each stays, the stronger.
    assert survivor.signatures.count() == 1
    assert survivor.subscriptions.get().status == Subscription.Status.CONFIRMED
    assert survivor.workgroup_memberships.count() == 1
    assert record.merged_email == "rosadiaz@example.net" and record.merged_by == staff_user
    assert record.moved["outreach.deliveries"] == 1


def test_records_found_through_a_shared_address_merge_into_one(staff_user):
    ana = Person.objects.create(name="Ana", email="ana@example.org")
    PersonEmail.objects.create(person=ana, email="ana@work.example.org")
    other = Person.objects.create(name="Ana López", email="ana@work.example.org")
    PersonEmail.objects.create(person=other, email="ana@example.org.mx")

    person_merge(survivor_id=ana.pk, duplicate_id=other.pk, by=staff_user)

    assert set(ana.other_emails.values_list("email", flat=True)) == {
        "ana@work.example.org", "ana@example.org.mx"}


def test_a_signature_on_another_statement_and_a_stronger_one_survive(pair, staff_user,
                                                                    statement):
    from alianza.coalition.models import Statement, StatementVersion

    first, second = pair
    other = Statement.objects.create(slug="second-statement")
    version = StatementVersion.objects.create(statement=other, number=1,
                                              published_at=timezone.now())
    Signature.objects.create(statement=other, version=version, person=second.person,
                             status=Signature.Status.CONFIRMED, language="es", source="join")
    Signature.objects.filter(pk=first.signature.pk).update(status=Signature.Status.WITHDRAWN)

    person_merge(survivor_id=first.person.pk, duplicate_id=second.person.pk, by=staff_user)

    kept = {s.statement.slug: s for s in first.person.signatures.all()}
    assert set(kept) == {"statement-of-agreement", "second-statement"}
    assert kept["statement-of-agreement"].pk == second.signature.pk  # confirmed beats withdrawn


def test_an_unsubscribe_on_either_record_stays_an_unsubscribe(pair, staff_user):
    first, second = pair
    Subscription.objects.filter(pk=second.subscription.pk).update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())

    person_merge(survivor_id=first.person.pk, duplicate_id=second.person.pk, by=staff_user)

    assert first.person.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED


def test_a_subscription_only_the_duplicate_had_moves(pair, staff_user):
    first, second = pair
    Subscription.objects.create(person=second.person, mailing_list=mailing_list("parents"),
                                status=Subscription.Status.PENDING, source="signup",
                                language="es")

    person_merge(survivor_id=first.person.pk, duplicate_id=second.person.pk, by=staff_user)

    assert first.person.subscriptions.count() == 2


def test_the_same_mailing_sent_to_both_addresses_keeps_one_delivery_and_its_bounces(
        pair, staff_user):
    first, second = pair
    Delivery.objects.filter(pk=second.delivery.pk).update(mailing=first.delivery.mailing)

    person_merge(survivor_id=first.person.pk, duplicate_id=second.person.pk, by=staff_user)

    delivery = first.person.deliveries.get()
    assert delivery.events.count() == 2


def test_the_merge_is_shown_on_the_timeline(pair, merger):
    first, second = pair
    merger.post(merge_url(first.person, second.person),
                {"action": "merge", "survivor": first.person.pk})

    page = merger.get(reverse("coalition-person", args=[first.person.pk])).content.decode()

    assert "Merged with a duplicate record: Díaz, Rosa &lt;rosadiaz@example.net&gt;" in page


def test_staff_merge_through_the_page_and_land_on_the_person_kept(pair, merger):
    first, second = pair
    page = merger.get(merge_url(first.person, second.person))
    assert page.status_code == 200
    assert "rosadiaz@example.net" in page.content.decode()

    response = merger.post(merge_url(first.person, second.person),
                           {"action": "merge", "survivor": second.person.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("coalition-person", args=[second.person.pk])
    assert not Person.objects.filter(pk=first.person.pk).exists()
    assert PersonMerge.objects.get().survivor == second.person


def test_staff_can_say_two_people_are_different(pair, merger):
    first, second = pair

    merger.post(merge_url(first.person, second.person), {"action": "distinct"})

    assert PersonDistinct.objects.count() == 1
    assert person_duplicate_pairs() == []


def test_a_person_cannot_be_merged_with_themselves(pair, merger, staff_user):
    first, _second = pair

    with pytest.raises(PersonMergeError):
        person_merge(survivor_id=first.person.pk, duplicate_id=first.person.pk, by=staff_user)
    with translation.override("es"):
        response = merger.get(merge_url(first.person, first.person), follow=True)

    assert "No se puede fusionar a una persona consigo misma." in response.content.decode()
    assert Person.objects.filter(pk=first.person.pk).exists()


def test_an_erased_person_cannot_be_merged(pair, merger, staff_user):
    first, second = pair
    person_erase(person=second.person, actor=staff_user, reason="Her request",
                 confirmation="rosadiaz@example.net")

    with pytest.raises(PersonMergeError):
        person_merge(survivor_id=first.person.pk, duplicate_id=second.person.pk, by=staff_user)
    response = merger.post(merge_url(first.person, second.person),
                           {"action": "merge", "survivor": first.person.pk}, follow=True)

    assert "An erased person cannot be merged." in response.content.decode()
    assert Person.objects.filter(pk=second.person.pk).exists()


def test_choosing_no_record_is_refused_with_a_message(pair, merger):
    first, second = pair

    response = merger.post(merge_url(first.person, second.person), {"action": "merge"})

    assert response.status_code == 400
    assert "Choose the record to keep." in response.content.decode()
    assert Person.objects.count() == 2


def test_outsiders_and_staff_without_the_right_are_refused(pair, client, django_user_model):
    first, second = pair
    outsider = django_user_model.objects.create_user("parent", "parent@example.org")
    client.force_login(outsider)
    assert client.get(reverse("coalition-person-duplicates")).status_code == 403
    assert client.post(merge_url(first.person, second.person),
                       {"action": "merge", "survivor": first.person.pk}).status_code == 403

    reader = django_user_model.objects.create_user("reader", "reader@example.org",
                                                   is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(reader)
    assert client.post(merge_url(first.person, second.person),
                       {"action": "merge", "survivor": first.person.pk}).status_code == 403
    assert Person.objects.count() == 2


def test_the_duplicates_page_lists_pairs_with_the_reason(pair, merger):
    page = merger.get(reverse("coalition-person-duplicates")).content.decode()

    assert "Same name and phone number" in page
    assert merge_url(pair[0].person, pair[1].person) in page


def test_erasing_the_person_kept_empties_what_the_merge_record_held(pair, staff_user):
    first, second = pair
    person_merge(survivor_id=first.person.pk, duplicate_id=second.person.pk, by=staff_user)

    person_erase(person=first.person, actor=staff_user, reason="Her request",
                 confirmation="rosa.diaz@example.org")

    record = PersonMerge.objects.get()
    assert (record.merged_name, record.merged_email, record.merged_record) == ("", "", {})
    assert record.merged_by == staff_user
