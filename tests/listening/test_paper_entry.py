"""Typing in paper responses: the round trip, the errors, the double click, the contact box."""

from __future__ import annotations

import re

import pytest

from alianza.coalition.models import Consent, Person
from alianza.listening.models import Answer, Response, ResponseContact
from alianza.listening.services.partners import partner_create

from .factories import needs_survey
from .partners_helpers import client_for, listening_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return needs_survey()


@pytest.fixture
def partner(survey):
    return partner_create(survey=survey, name="Familias Unidas")


def _url(survey, language: str = "en") -> str:
    return f"/{language}/staff/surveys/{survey.pk}/partners/paper-entry/"


def _key(client, survey, query: str = "") -> str:
    page = client.get(_url(survey) + query).content.decode()
    return re.search(r'name="key" value="([^"]+)"', page).group(1)


def _form(key: str, partner=None, **answers) -> dict:
    data = {"key": key, "language": "es", "partner": partner.pk if partner else "",
            "respondent_type": "parent", "q-role": "parent", "q-county": "19",
            "q-child_grade": "3", "q-top_concerns-rank-tutoring": "1",
            "q-top_concerns-rank-translation": "2", "q-satisfaction": "4",
            "q-comment": "Más clases de inglés para padres"}
    data.update(answers)
    return data


def test_a_paper_form_is_stored_with_its_answers_partner_and_channel(survey, partner):
    client = listening_client()
    key = _key(client, survey)
    response = client.post(_url(survey), _form(key, partner))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?language=es&partner={partner.pk}")
    saved = Response.objects.get()
    assert (saved.channel, saved.partner, saved.language, saved.status) == (
        "paper", partner, "es", "submitted")
    assert saved.respondent_type == "parent" and saved.submission_key == key
    assert saved.entered_by.username == "lucia"
    ranks = dict(Answer.objects.filter(question__name="top_concerns")
                 .values_list("option__value", "rank"))
    assert ranks == {"tutoring": 1, "translation": 2}
    assert Answer.objects.get(question__name="comment").text == "Más clases de inglés para padres"
    assert saved.county_code == "19"
    following = client.get(response["Location"])
    html = following.content.decode()
    assert "Saved. Enter the next one." in html
    assert f'<option value="{partner.pk}" selected>' in html
    assert re.search(r'name="key" value="([^"]+)"', html).group(1) != key


def test_the_paper_form_shows_its_questions_in_the_language_of_the_paper(survey):
    client = listening_client()
    html = client.get(_url(survey) + "?language=es").content.decode()
    assert "¿Quién es usted?" in html and "Ordene sus tres principales" in html
    assert "On paper: answered only if you answered “Madre o padre” to question 1." in html


def test_sending_the_same_form_twice_makes_one_response(survey, partner):
    client = listening_client()
    key = _key(client, survey)
    client.post(_url(survey), _form(key, partner))
    again = client.post(_url(survey), _form(key, partner))
    assert again.status_code == 302
    assert Response.objects.count() == 1
    assert "already been saved" in client.get(again["Location"]).content.decode()


def test_answers_to_a_skipped_section_are_dropped(survey):
    client = listening_client()
    client.post(_url(survey), _form(_key(client, survey), **{"q-role": "student",
                                                              "q-child_grade": "7"}))
    saved = Response.objects.get()
    assert saved.partner is None
    assert not saved.answers.filter(question__name="child_grade").exists()


def test_errors_are_shown_in_spanish_and_everything_typed_is_kept(survey, partner):
    client = listening_client()
    key = _key(client, survey)
    response = client.post(_url(survey, "es"), _form(
        key, partner, **{"q-child_grade": "15", "q-top_concerns-rank-tutoring": "1",
                         "q-top_concerns-rank-translation": "1",
                         "q-comment": "Necesitamos intérpretes"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escriba un número del 0 al 12." in html
    assert "Cada número puede escribirse una sola vez." in html
    assert "Necesitamos intérpretes" in html  # what was typed stays
    assert f'name="key" value="{key}"' in html  # the same form, so a fix is not a second one
    assert 'value="parent" checked' in html
    assert not Response.objects.exists()


def test_a_tampered_partner_is_refused(survey):
    stranger = partner_create(survey=needs_survey("other-survey"), name="Elsewhere")
    client = listening_client()
    response = client.post(_url(survey, "es"), _form(_key(client, survey), stranger))
    assert response.status_code == 400
    assert "No es una organización aliada de esta encuesta" in response.content.decode()
    assert not Response.objects.exists()


def test_a_tampered_key_is_refused(survey):
    response = listening_client().post(_url(survey), _form("x"))
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_district_written_as_a_name_is_stored_as_its_code():
    from alianza.listening.models import QuestionType
    from alianza.listening.services.surveys import (
        question_add,
        section_add,
        survey_create,
        version_draft_for,
        version_publish,
    )

    survey = survey_create(slug="districts", languages=["en", "es"])
    version = version_draft_for(survey=survey)
    section = section_add(version=version, name="where", title={"en": "Where"})
    question_add(section=section, name="county", type=QuestionType.COUNTY,
                 label={"en": "County"})
    question_add(section=section, name="district", type=QuestionType.DISTRICT,
                 label={"en": "District"})
    version_publish(version=version)
    survey.refresh_from_db()
    client = listening_client()
    response = client.post(_url(survey), {"key": _key(client, survey), "language": "en",
                                           "q-county": "19", "q-district": "Los Angeles USD"})
    assert response.status_code == 302
    assert Response.objects.get().district_code == "1964733"
    unknown = client.post(_url(survey), {"key": _key(client, survey), "language": "en",
                                         "q-district": "Springfield Unified"})
    assert unknown.status_code == 400
    assert "No California school district has this name" in unknown.content.decode()


def test_the_contact_box_records_the_contact_apart_and_the_consent_in_the_paper_wording(
        survey, partner):
    client = listening_client()
    client.post(_url(survey), _form(
        _key(client, survey), partner, contact_ok="on", contact_name="Rosa Méndez",
        contact_email="rosa@example.org", contact_phone="555-0100"))
    saved = Response.objects.get()
    contact = ResponseContact.objects.get(response=saved)
    person = Person.objects.get(email="rosa@example.org")
    assert (contact.name, contact.phone, contact.person) == ("Rosa Méndez", "555-0100", person)
    consent = Consent.objects.get(person=person)
    assert (consent.kind, consent.scope, consent.source, consent.language, consent.granted) == (
        Consent.Kind.SURVEY_CONTACT, "needs-2026", "paper", "es", True)
    assert consent.wording == "Pueden contactarme sobre esta encuesta."
    assert "rosa" not in str(list(saved.answers.values_list("text", flat=True)))


def test_contact_details_without_the_ticked_box_are_refused(survey):
    client = listening_client()
    response = client.post(_url(survey), _form(_key(client, survey),
                                               contact_email="rosa@example.org"))
    assert response.status_code == 400
    assert "only when the respondent ticked the box" in response.content.decode()
    assert not Response.objects.exists() and not Consent.objects.exists()


def test_a_ticked_box_with_a_phone_only_keeps_the_consent_without_a_person(survey):
    client = listening_client()
    client.post(_url(survey), _form(_key(client, survey), contact_ok="on",
                                    contact_phone="555-0101"))
    assert ResponseContact.objects.get().phone == "555-0101"
    consent = Consent.objects.get()
    assert consent.person is None and consent.source == "paper"
    assert not Person.objects.exists()


def test_staff_who_may_only_read_partners_cannot_enter_responses(survey):
    from django.contrib.auth.models import Permission

    client = client_for("viewer")
    from django.contrib.auth import get_user_model

    viewer = get_user_model().objects.get(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_partner"))
    assert client.get(f"/en/staff/surveys/{survey.pk}/partners/").status_code == 200
    assert client.get(_url(survey)).status_code == 403
    assert client.post(_url(survey), _form("k" * 32)).status_code == 403
    assert not Response.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_sendings_of_one_form_at_the_same_moment_make_one_response():
    """A real race, on PostgreSQL (SQLite serializes writers, so there is none to lose)."""
    import threading

    from django.db import connection

    from alianza.listening.services.partners_paper import paper_response_record

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers")
    survey = needs_survey()
    start = threading.Barrier(4)
    results: list = []

    def send() -> None:
        try:
            start.wait()
            entry = paper_response_record(
                survey=survey, submission_key="k" * 32, language="es",
                answers={"role": "student", "top_concerns": ["tutoring"]})
            results.append(entry.created)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 2  # role and one ranked concern, written once
