"""A statement's signature goal: set by staff, shown as progress on the public pages."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import Person, Signature, Statement
from alianza.coalition.services.statements import statement_goal_set

pytestmark = pytest.mark.django_db


def add_signatures(statement: Statement, *, confirmed: int, pending: int = 0) -> None:
    version = statement.current_version()
    for index in range(confirmed + pending):
        person = Person.objects.create(name=f"Signer {index}", email=f"s{index}@example.org")
        is_confirmed = index < confirmed
        Signature.objects.create(
            statement=statement, version=version, person=person, language="en", source="test",
            status=Signature.Status.CONFIRMED if is_confirmed else Signature.Status.PENDING,
            confirmed_at=timezone.now() if is_confirmed else None,
        )


def statement_page(client, statement: Statement, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("coalition-statement", kwargs={"slug": statement.slug})
    return client.get(url).content.decode()


def test_the_statement_page_shows_confirmed_signatures_against_the_goal(client, statement):
    statement_goal_set(statement=statement, goal=1000)
    add_signatures(statement, confirmed=3, pending=2)

    page = statement_page(client, statement)

    assert "3 of 1,000 signatures" in page
    progress = re.search(r"<progress[^>]*>", page).group(0)
    assert 'max="1000"' in progress and 'value="3"' in progress
    assert 'aria-labelledby="goal-progress-label"' in progress
    assert 'id="goal-progress-label"' in page


def test_the_progress_is_in_spanish_for_spanish_readers(client, statement):
    statement_goal_set(statement=statement, goal=500)
    add_signatures(statement, confirmed=2)

    assert "2 de 500 firmas" in statement_page(client, statement, "es")


def test_without_a_goal_no_progress_is_shown(client, statement):
    add_signatures(statement, confirmed=2)

    assert "<progress" not in statement_page(client, statement)


def test_reaching_the_goal_says_so(client, statement):
    statement_goal_set(statement=statement, goal=2)
    add_signatures(statement, confirmed=2)

    assert "Goal reached" in statement_page(client, statement)


def test_the_thank_you_page_shows_the_progress_too(client, statement, smtp_server):
    statement_goal_set(statement=statement, goal=50)
    add_signatures(statement, confirmed=7)
    response = client.post(reverse("coalition-statement", args=[statement.slug]), {
        "actions": ["sign_individual"], "name": "Ana", "email": "ana@example.org"})

    page = client.get(response["Location"]).content.decode()

    assert "7 of 50 signatures" in page


@pytest.mark.parametrize("goal", [0, -5])
def test_a_goal_of_zero_or_less_is_refused(statement, goal):
    with pytest.raises(ValidationError) as error:
        statement_goal_set(statement=statement, goal=goal)

    assert "signature_goal" in error.value.message_dict
    statement.refresh_from_db()
    assert statement.signature_goal is None


def test_staff_setting_a_goal_of_zero_in_the_admin_get_a_clear_message(staff_client, statement):
    url = reverse("admin:coalition_statement_change", args=[statement.pk])

    response = staff_client.post(url, {"slug": statement.slug, "is_open": "on",
                                       "signature_goal": "0"})

    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    statement.refresh_from_db()
    assert statement.signature_goal is None


def test_a_goal_can_be_cleared(statement):
    statement_goal_set(statement=statement, goal=100)
    statement_goal_set(statement=statement, goal=None)

    statement.refresh_from_db()
    assert statement.signature_goal is None
