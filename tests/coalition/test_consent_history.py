"""Consent history is immutable and outlives the person it is about."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from alianza.coalition.models import Consent, ConsentImmutableError, Person, subject_key
from alianza.coalition.services.people import consent_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> Person:
    return Person.objects.create(name="Ana Ruiz", email="Ana@Example.org")


@pytest.fixture
def consent(person) -> Consent:
    return consent_record(person=person, kind=Consent.Kind.EMAIL, scope="updates",
                          granted=True, wording="Receive email updates", language="es",
                          source="join-form")


def test_a_consent_row_cannot_be_edited_or_deleted(consent):
    consent.granted = False
    with pytest.raises(ConsentImmutableError):
        consent.save()
    with pytest.raises(ConsentImmutableError):
        consent.delete()
    with pytest.raises(ConsentImmutableError):
        Consent.objects.filter(pk=consent.pk).update(granted=False)
    with pytest.raises(ConsentImmutableError):
        Consent.objects.filter(pk=consent.pk).delete()
    with pytest.raises(ConsentImmutableError):
        Consent.objects.bulk_update([consent], ["granted"])

    assert Consent.objects.get().granted is True


def test_a_change_of_mind_is_a_new_row(person, consent):
    consent_record(person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=False,
                   wording="unsubscribe link", language="es", source="unsubscribe")

    assert list(Consent.objects.order_by("pk").values_list("granted", flat=True)) == [True, False]


def test_every_consent_carries_a_pseudonymous_key_of_the_address(person, consent):
    bulk = Consent.objects.bulk_create([Consent(
        person=person, kind=Consent.Kind.PUBLIC_LISTING, scope="signature:1", granted=True,
        wording="List my name", language="en", source="join-form")])

    expected = subject_key("  ana@EXAMPLE.org ")
    assert consent.subject_key == expected
    assert Consent.objects.get(pk=bulk[0].pk).subject_key == expected
    assert "ana" not in expected


def test_deleting_a_person_keeps_an_anonymous_trail(person, consent):
    # The admin refuses deletion in favour of erasure (test_erasure_leftovers.py); a
    # deletion from code or the shell still leaves the consent rows behind.
    person.delete()

    assert not Person.objects.exists()
    kept = Consent.objects.get()
    assert kept.person is None
    assert (kept.kind, kept.scope, kept.granted) == ("email", "updates", True)
    assert kept.subject_key == subject_key("ana@example.org")
    row = Consent.objects.filter(pk=kept.pk).values().get()
    assert not any("ana" in str(value).lower() for value in row.values())


def test_the_admin_shows_consents_read_only_even_to_superusers(staff_client, consent):
    change = reverse("admin:coalition_consent_change", args=[consent.pk])
    page = staff_client.get(change)

    assert page.status_code == 200
    assert "Receive email updates" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert staff_client.post(change, {"granted": ""}).status_code == 403
    assert staff_client.get(reverse("admin:coalition_consent_add")).status_code == 403
    delete = reverse("admin:coalition_consent_delete", args=[consent.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    listing = staff_client.post(reverse("admin:coalition_consent_changelist"), {
        "action": "delete_selected", "_selected_action": [consent.pk], "post": "yes"})
    assert listing.status_code in (200, 302)
    assert Consent.objects.get().granted is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_consents(person, consent):
    for sql in ["UPDATE coalition_consent SET granted = false",
                "UPDATE coalition_consent SET person_id = NULL, wording = 'x'",
                "DELETE FROM coalition_consent"]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)

    person.delete()  # the one update allowed: the row loses its person, nothing else

    assert Consent.objects.get().person_id is None


@pytest.mark.django_db(transaction=True)
def test_consents_from_before_get_their_pseudonymous_key():
    from django.db.migrations.executor import MigrationExecutor

    before = [("coalition", "0004_workgroup_double_opt_in")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person = old.get_model("coalition", "Person").objects.create(
        name="Old Signer", email="old@example.org")
    old.get_model("coalition", "Consent").objects.create(
        person=person, kind="email", scope="updates", granted=True, wording="w",
        language="en", source="join-form")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Consent.objects.get().subject_key == subject_key("old@example.org")
