"""A respondent who left a way to contact them finds it, with their answers, in their data
download; erasing them removes the contact and leaves the answers anonymous."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Person
from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.listening.models import Answer, Response, ResponseContact
from alianza.listening.services.responses import response_record
from tests.listening.factories import needs_survey

pytestmark = pytest.mark.django_db


def _answered_with_contact(survey, *, email: str) -> Response:
    response = response_record(version=survey.current_version, language="es",
                               answers={"role": "parent", "child_grade": 4,
                                        "top_concerns": ["translation", "bilingual"]})
    ResponseContact.objects.create(response=response, name="Rosa", email=email, language="es")
    return response


def test_a_respondents_contact_and_answers_are_in_their_data_download(staff_user):
    survey = needs_survey()
    _answered_with_contact(survey, email="rosa@example.org")
    rosa = Person.objects.create(name="Rosa", email="rosa@example.org")

    data = person_data_export(person=rosa, actor=staff_user, reason="Her request")

    [row] = data["listening-survey-contacts"]
    assert row["survey"] == survey.slug and row["email"] == "rosa@example.org"
    assert [item["choice"] for item in row["answers"]["top_concerns"]] == [
        "translation", "bilingual"]
    assert row["answers"]["child_grade"] == [4.0]


def test_erasing_a_respondent_removes_the_contact_but_keeps_the_anonymous_answers(staff_user):
    survey = needs_survey()
    response = _answered_with_contact(survey, email="rosa@example.org")
    other = _answered_with_contact(survey, email="luz@example.org")
    rosa = Person.objects.create(name="Rosa", email="rosa@example.org")

    person_erase(person=rosa, actor=staff_user, reason="Her request",
                 confirmation="rosa@example.org")

    assert not ResponseContact.objects.filter(response=response).exists()
    assert ResponseContact.objects.filter(response=other).exists()
    assert Answer.objects.filter(response=response).count() == 4
