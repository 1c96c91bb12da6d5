"""What a respondent's pages do with input they did not ask for: answers outside the
choices, very long texts, oversized bodies, unknown fields, forged requests, a survey
changed or closed under a respondent, and a flood of new responses."""

from __future__ import annotations

import pytest
from django.test import Client

from alianza.listening.models import Answer, QuestionType, Response, Survey
from alianza.listening.services.surveys import question_add, version_draft_for, version_publish

from .factories import needs_survey
from .test_respond_flow import answer_all, page, send, start, url

pytestmark = pytest.mark.django_db


def test_an_answer_outside_the_choices_is_refused_and_the_rest_kept(client):
    survey = needs_survey()
    start(client, survey, lang="es")
    reply = client.post(page(survey, 1, "es"), {"role": "hacker", "county": "19"})
    assert reply.status_code == 400
    assert "Elija una de las respuestas ofrecidas." in reply.content.decode() or \
        "role" in reply.context["errors"]
    assert Response.objects.get().draft == {"county": "19"}


def test_a_ranking_with_the_same_choice_twice_is_refused(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "student"})
    reply = client.post(page(survey, 3), {"top_concerns__1": "tutoring",
                                          "top_concerns__2": "tutoring", "satisfaction": "4"})
    assert reply.status_code == 400 and "top_concerns" in reply.context["errors"]
    assert Response.objects.get().draft["satisfaction"] == 4


def test_a_ranking_with_a_choice_that_does_not_exist_is_refused(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "student"})
    reply = client.post(page(survey, 3), {"top_concerns__1": "'; drop table"})
    assert reply.status_code == 400 and "top_concerns" in reply.context["errors"]


def test_a_100_kb_text_is_refused_with_a_message_and_other_answers_are_kept(client):
    survey = needs_survey()
    start(client, survey)
    long_text = "a" * 100_000
    reply = client.post(page(survey, 1), {"role": "other", "role__other": long_text,
                                          "county": "19"})
    assert reply.status_code == 400
    assert "under 500 characters" in reply.context["errors"]["role"]
    assert Response.objects.get().draft == {"county": "19"}
    client.post(page(survey, 1), {"role": "student"})
    reply = client.post(page(survey, 4), {"comment": long_text})
    assert reply.status_code == 400 and "5000" in reply.context["errors"]["comment"]


def test_a_body_larger_than_any_answers_is_refused_before_it_is_read(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "student"})
    reply = client.post(page(survey, 4), {"comment": "b" * 600_000})
    assert reply.status_code == 413
    assert Response.objects.get().draft == {"role": "student"}


def test_unknown_fields_are_ignored(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "student", "status": "submitted",
                                  "partner": "1", "child_grade": "3"})
    response = Response.objects.get()
    assert response.draft == {"role": "student"}
    assert response.status == Response.Status.IN_PROGRESS and response.partner is None


def test_a_form_posted_from_elsewhere_is_refused():
    survey = needs_survey()
    forged = Client(enforce_csrf_checks=True)
    reply = forged.post(url("listening-survey", survey.slug), {"action": "start"})
    assert reply.status_code == 403
    assert not Response.objects.exists()


def test_a_tampered_cookie_leads_back_to_the_introduction(client):
    survey = needs_survey()
    client.cookies[f"alz_survey_{survey.pk}"] = "forged-token"
    reply = client.get(page(survey, 2))
    assert reply.status_code == 302 and reply.url.endswith(f"/surveys/{survey.slug}/")


def test_a_respondent_keeps_the_questions_of_the_version_they_started(client):
    survey = needs_survey()
    first = survey.current_version
    start(client, survey)
    client.post(page(survey, 1), {"role": "student"})
    draft = version_draft_for(survey=survey)
    question_add(section=draft.sections.get(name="comments"), name="new_question",
                 type=QuestionType.SHORT_TEXT, required=True,
                 label={"en": "A new required question", "es": "Nueva pregunta"})
    version_publish(version=draft)
    text = client.get(page(survey, 4)).content.decode()
    assert "A new required question" not in text
    client.post(page(survey, 3), {"top_concerns__1": "bilingual"})
    reply, _key = send(client, survey)
    assert reply.status_code == 302
    response = Response.objects.get()
    assert response.version == first and response.status == Response.Status.SUBMITTED
    assert Answer.objects.get(question__name="top_concerns").question.version == first
    # A newcomer gets the new version.
    newcomer = Client()
    start(newcomer, survey)
    assert "A new required question" in newcomer.get(page(survey, 4)).content.decode()


def test_a_closed_survey_says_so_and_an_unsent_draft_cannot_be_sent(client):
    survey = needs_survey()
    answer_all(client, survey)
    finish = url("listening-survey-finish", survey.slug, lang="es")
    key = client.get(finish).context["submission_key"]
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    reply = client.post(finish, {"submission_key": key})
    text = reply.content.decode()
    assert reply.status_code == 200
    assert "Esta encuesta no está recibiendo respuestas" in text
    assert "ya no se pueden enviar" in text
    assert Response.objects.get().status == Response.Status.IN_PROGRESS
    assert "no está recibiendo" in Client().get(url("listening-survey", survey.slug,
                                                    lang="es")).content.decode()


def test_a_draft_survey_is_not_found(client):
    survey = needs_survey(publish=False)
    assert client.get(url("listening-survey", survey.slug)).status_code == 404


def test_starting_many_responses_from_one_address_is_slowed_down(client, settings):
    settings.LISTENING_START_RATE = "3/m"
    survey = needs_survey()
    codes = []
    for _attempt in range(5):
        client.cookies.clear()
        codes.append(start(client, survey).status_code)
    assert codes == [302, 302, 302, 429, 429]
    assert Response.objects.count() == 3


def test_a_missing_answer_on_the_send_page_links_back_to_its_page(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "student"})
    client.get(page(survey, 4))
    reply, _key = send(client, survey)
    assert reply.status_code == 400
    assert page(survey, 3) + "#q-top_concerns" in reply.content.decode()
    assert Response.objects.get().status == Response.Status.IN_PROGRESS
