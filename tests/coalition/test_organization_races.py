"""Creating organizations and people is safe when sign-ups arrive at the same moment."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from alianza.coalition.models import (
    Affiliation,
    AffiliationClaim,
    Organization,
    Person,
    Signature,
)
from alianza.coalition.models.base import organization_match_key, organization_name_key
from alianza.coalition.services.people import (
    affiliation_set,
    organization_get_or_create,
    person_get_or_create,
)
from alianza.core.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="true concurrency needs PostgreSQL"
)


def run_together(target, count: int) -> list:
    """Run ``target(index)`` in ``count`` threads released at once; return results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(10)
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - returned to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_name_keys_ignore_case_accents_punctuation_and_spacing():
    assert organization_name_key("  Los  Ángeles Parents ") == "los angeles parents"
    assert organization_name_key("LOS ANGELES PARENTS.") == "los angeles parents"
    assert organization_name_key("Families & Schools") == organization_name_key(
        "Families and Schools")
    assert organization_name_key("InnerCity Struggle, Inc.") != organization_name_key(
        "InnerCity Struggle")
    assert organization_name_key("!!!") == "!!!"  # never an empty key


def test_match_keys_also_drop_legal_suffixes_and_small_words():
    key = organization_match_key("InnerCity Struggle")
    assert organization_match_key("InnerCity Struggle, Inc.") == key
    assert organization_match_key("The Inner City Struggle LLC") == key
    assert organization_match_key("Innercity Struggle Corp.") == key
    assert organization_match_key("Familias Unidas, A.C.") == organization_match_key(
        "Familias Unidas")


def test_the_database_refuses_a_second_organization_with_the_same_name_key():
    Organization.objects.create(name="Parents United")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name="PARENTS  UNITED!")


def test_differently_written_names_find_the_same_organization():
    first, created = organization_get_or_create(name="Los Ángeles Parents")
    second, created_again = organization_get_or_create(name="los angeles parents.")
    assert (created, created_again) == (True, False)
    assert first.pk == second.pk and first.name == "Los Ángeles Parents"


@needs_postgresql
def test_concurrent_calls_naming_one_new_organization_create_one_row():
    names = ["Comunidad Unida", "comunidad unida", "Comunidad  Unida", "COMUNIDAD UNIDA",
             "Comunidad Unida", "Comunidad Unida.", "Comunidad Unida", "comunidad unida"]

    results = run_together(lambda i: organization_get_or_create(name=names[i]), len(names))

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Organization.objects.count() == 1
    assert sum(created for _org, created in results) == 1
    assert {org.pk for org, _created in results} == {Organization.objects.get().pk}


@needs_postgresql
def test_concurrent_calls_inside_longer_transactions_create_one_row():
    """As in join_submit: the helper runs inside the caller's transaction."""

    def sign_up(index: int):
        with transaction.atomic():
            person, _ = person_get_or_create(email=f"p{index}@example.org", name=f"P {index}",
                                             preferred_language="en")
            organization, _ = organization_get_or_create(name="Padres en Acción")
            affiliation_set(person=person, organization=organization)
            return organization.pk

    results = run_together(sign_up, 6)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Organization.objects.count() == 1
    assert Affiliation.objects.filter(organization__name="Padres en Acción").count() == 6


@needs_postgresql
def test_concurrent_calls_for_one_new_address_create_one_person():
    results = run_together(lambda i: person_get_or_create(
        email="Rosa@Example.org" if i % 2 else "rosa@example.org", name="Rosa",
        preferred_language="es"), 6)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Person.objects.count() == 1
    assert sum(created for _person, created in results) == 1


@needs_postgresql
def test_concurrent_confirmations_naming_one_new_organization_make_one(statement, settings):
    """Four people ask to sign for one new organization and confirm at the same moment: one
    organization is created, by the first confirmation; the others' claims wait for staff."""
    settings.RATELIMIT_ENABLE = False
    for index in range(4):
        Client().post(reverse("coalition-join"), {
            "actions": ["sign_organization"], "name": f"Director {index}",
            "email": f"director{index}@example.org", "title": "Director",
            "organization_name": "Nuevo Horizonte" if index % 2 else "nuevo horizonte",
            "organization_kind": "nonprofit",
        })
    assert not Organization.objects.exists()  # nothing before anyone confirms
    links = []
    for index in range(4):
        outbound = OutboundEmail.objects.filter(to=f"director{index}@example.org").get()
        links.append(re.search(r"https?://[^/]+(/\S+/confirm/\S+/)", outbound.body_text)[1])

    results = run_together(lambda index: Client().post(links[index]).status_code, 4)

    assert results == [302] * 4, results
    assert Organization.objects.filter(normalized_name="nuevo horizonte").count() == 1
    assert Organization.objects.count() == 1
    # One organizational signature, by whoever created it; the others wait on their claims.
    assert Signature.objects.filter(organization__isnull=False).count() == 1
    assert Affiliation.objects.count() == 1
    assert AffiliationClaim.objects.filter(status="pending").count() == 3


def test_staff_editing_a_name_into_an_existing_one_get_a_message_not_an_error():
    from django.core.exceptions import ValidationError

    Organization.objects.create(name="Parents United")
    renamed = Organization.objects.create(name="Other")
    renamed.name = "parents united!"
    with pytest.raises(ValidationError) as raised:
        renamed.full_clean()
    assert "already exists" in str(raised.value)
