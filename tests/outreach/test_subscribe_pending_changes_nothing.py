"""A list sign-up changes nothing about the person until the address's owner confirms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.outreach.models import MailingList, Subscription
from alianza.outreach.selectors import segment_resolve
from alianza.outreach.services.automation import outreach_tick
from alianza.outreach.services.subscriptions import subscription_unsubscribe
from tests.outreach.test_subscribe import link_in

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(client, language="es", name="Impostor", email="ana@example.org"):
    return client.post(f"/{language}/lists/", {
        "name": name, "email": email, "consent": "on",
        "lists": [MailingList.objects.get(slug="updates").pk]})


def test_an_unconfirmed_sign_up_leaves_an_existing_person_untouched(client, sink, updates):
    Person.objects.create(email="ana@example.org", name="Ana García", preferred_language="en")

    sign_up(client, language="es", name="Someone Else")

    person = Person.objects.get(email="ana@example.org")
    assert (person.name, person.preferred_language) == ("Ana García", "en")
    assert person.email_confirmed_at is None
    # Greeted by her own name, not the one a stranger typed.
    body = sink.body(sink.to("ana@example.org")[0])
    assert "Ana García" in body and "Someone Else" not in body


def test_a_new_address_gets_no_name_until_its_owner_confirms(client, sink, updates):
    sign_up(client, name="Bea Ruiz", email="bea@example.org")

    assert Person.objects.get(email="bea@example.org").name == ""
    assert "Bea Ruiz" in sink.body(sink.to("bea@example.org")[0])


def test_confirming_applies_what_was_typed(client, sink, updates):
    Person.objects.create(email="ana@example.org", name="Ana", preferred_language="en")
    sign_up(client, language="es", name="Ana María García")

    client.post(link_in(sink.body(sink.to("ana@example.org")[0])))

    person = Person.objects.get(email="ana@example.org")
    assert (person.name, person.preferred_language) == ("Ana María García", "es")
    assert person.email_confirmed_at is not None
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.submitted_name == ""


def test_unconfirmed_sign_ups_are_deleted_by_the_outreach_sweep(client, sink, updates):
    sign_up(client, name="Bea Ruiz", email="bea@example.org")
    Subscription.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    outreach_tick(enqueue=False)

    assert not Subscription.objects.exists()
    assert not Subscription.objects.filter(submitted_name="Bea Ruiz").exists()


def test_a_stranger_cannot_turn_an_unsubscribed_person_back_to_pending(client, sink, updates):
    person = Person.objects.create(email="ana@example.org", name="Ana García")
    left = Subscription.objects.create(
        person=person, mailing_list=updates, source="test", language="en",
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())

    sign_up(client)

    left.refresh_from_db()
    assert (left.status, left.unsubscribed_at is not None) == (
        Subscription.Status.UNSUBSCRIBED, True)
    assert segment_resolve(definition={"lists": ["updates"]}).excluded["unsubscribed"] == 1
    Subscription.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    outreach_tick(enqueue=False)
    left.refresh_from_db()
    assert (left.status, left.expires_at, left.submitted_name) == (
        Subscription.Status.UNSUBSCRIBED, None, "")


def test_someone_who_left_can_come_back_by_confirming(client, sink, updates):
    person = Person.objects.create(email="ana@example.org", name="Ana García")
    Subscription.objects.create(
        person=person, mailing_list=updates, source="test", language="en",
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    sign_up(client, name="Ana García")

    client.post(link_in(sink.body(sink.to("ana@example.org")[0])))

    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.unsubscribed_at) == (
        Subscription.Status.CONFIRMED, None)


def test_leaving_before_confirming_makes_the_old_link_useless(client, sink, updates):
    sign_up(client, name="Bea Ruiz", email="bea@example.org")
    person = Person.objects.get(email="bea@example.org")
    subscription_unsubscribe(person=person, lists=None, source="test", wording="Stop")

    client.post(link_in(sink.body(sink.to("bea@example.org")[0])))

    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED
    assert Person.objects.get(pk=person.pk).name == ""


def test_the_nameless_record_of_a_never_confirmed_address_goes_with_its_request(
    client, sink, updates, workgroup
):
    sign_up(client, name="Bea Ruiz", email="bea@example.org")
    sign_up(client, name="Cy Ortiz", email="cy@example.org")
    # Meanwhile cy@ signed up for a workgroup too: that record is in use and stays.
    workgroup.memberships.create(person=Person.objects.get(email="cy@example.org"),
                                 language="en")
    Subscription.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    outreach_tick(enqueue=False)

    assert not Person.objects.filter(email="bea@example.org").exists()
    assert Person.objects.filter(email="cy@example.org").exists()


def test_an_existing_person_survives_the_expiry_of_a_strangers_request(client, sink, updates):
    Person.objects.create(email="ana@example.org", name="Ana García")
    sign_up(client)
    Subscription.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    outreach_tick(enqueue=False)

    assert Person.objects.get(email="ana@example.org").name == "Ana García"
