"""The questions resource: the questions of published surveys, in OSDI's shape, with every
language's wording, and never anyone's answers."""

from __future__ import annotations

import pytest

from alianza.listening.models import Question, Survey
from alianza.listening.services.surveys import version_draft_for
from tests.listening.factories import needs_survey

pytestmark = pytest.mark.django_db

QUESTION_FIELDS = {"identifiers", "origin_system", "modified_date", "name", "title",
                   "question_type", "responses", "_links"}


def _by_name(body: dict) -> dict[str, dict]:
    return {q["name"]: q for q in body["_embedded"]["osdi:questions"]}


def test_questions_have_osdis_shape_with_every_languages_wording(osdi_get):
    survey = needs_survey()
    body = osdi_get("questions").json()
    questions = _by_name(body)
    assert set(questions) == {"role", "county", "child_grade", "top_concerns",
                              "satisfaction", "comment"}
    role = questions["role"]
    assert role.keys() >= QUESTION_FIELDS
    assert role["question_type"] == "SingleChoice"
    assert role["title"] == "Who are you?"
    assert role["alianza:titles"] == {"en": "Who are you?", "es": "¿Quién es usted?"}
    assert role["responses"][0] == {"key": "parent", "name": "parent", "title": "A parent",
                                    "alianza:titles": {"en": "A parent",
                                                       "es": "Madre o padre"}}
    assert role["alianza:survey"]["name"] == survey.slug
    assert role["alianza:survey"]["identifiers"] == [f"alianza:{survey.uuid}"]
    assert role["alianza:survey"]["titles"]["es"] == "Evaluación de necesidades"
    assert questions["top_concerns"]["question_type"] == "MultiChoice"
    assert questions["comment"]["question_type"] == "Paragraph"
    assert questions["satisfaction"]["alianza:scale"]["max"] == 5


def test_questions_link_no_answers(osdi_get):
    needs_survey()
    for question in osdi_get("questions").json()["_embedded"]["osdi:questions"]:
        assert set(question["_links"]) == {"self"}
        assert "answers" not in question


def test_a_question_is_found_by_its_identifier(osdi_get):
    needs_survey()
    question = Question.objects.get(name="role")
    body = osdi_get(f"questions/{question.uuid}").json()
    assert body["identifiers"] == [f"alianza:{question.uuid}"]
    assert osdi_get(body["_links"]["self"]["href"]).status_code == 200


def test_spanish_readers_get_spanish_titles(api_client):
    needs_survey()
    response = api_client.client.get("/api/osdi/v1/questions", HTTP_ACCEPT_LANGUAGE="es",
                                     HTTP_OSDI_API_TOKEN=api_client.token)
    role = _by_name(response.json())["role"]
    assert role["title"] == "¿Quién es usted?"
    assert role["responses"][0]["title"] == "Madre o padre"


def test_draft_surveys_and_unpublished_versions_are_not_shown(osdi_get):
    needs_survey(slug="draft-survey", publish=False)
    survey = needs_survey()
    assert osdi_get("questions").json()["total_records"] == 6
    draft = version_draft_for(survey=survey)  # a copy being edited: not shown
    assert draft.questions.count() == 6
    body = osdi_get("questions").json()
    assert body["total_records"] == 6
    shown = {q["identifiers"][0] for q in body["_embedded"]["osdi:questions"]}
    assert shown == {f"alianza:{q.uuid}" for q in survey.current_version.questions.all()}
    unpublished = draft.questions.first()
    assert osdi_get(f"questions/{unpublished.uuid}").status_code == 404


def test_a_copied_version_gives_its_questions_identifiers_of_their_own(db):
    survey = needs_survey()
    draft = version_draft_for(survey=survey)
    published = set(survey.current_version.questions.values_list("uuid", flat=True))
    copied = set(draft.questions.values_list("uuid", flat=True))
    assert len(copied) == 6 and not published & copied


def test_questions_are_paged_and_filtered_by_survey(osdi_get):
    needs_survey()
    needs_survey(slug="second")
    assert osdi_get("questions", per_page=4).json()["total_pages"] == 3
    second = osdi_get("questions", filter="survey_name eq 'second'").json()
    assert second["total_records"] == 6
    assert {q["alianza:survey"]["name"] for q in second["_embedded"]["osdi:questions"]} == {
        "second"}


def test_questions_cannot_be_written(osdi_post):
    needs_survey()
    response = osdi_post("questions", {"title": "New?"})
    assert response.status_code == 405
    assert Question.objects.count() == 6


def test_closed_surveys_keep_their_questions_listed(osdi_get):
    survey = needs_survey()
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    body = osdi_get("questions").json()
    assert body["total_records"] == 6
    assert body["_embedded"]["osdi:questions"][0]["alianza:survey"]["browser_url"] is None


def test_a_page_of_questions_takes_the_same_queries_for_one_survey_or_three(api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get("/api/osdi/v1/questions").status_code == 200
        return len(captured)

    needs_survey()
    queries()  # the first request fills per-process caches (content types)
    once = queries()
    needs_survey(slug="second")
    needs_survey(slug="third")
    assert queries() == once


def test_a_post_to_the_read_only_questions_is_a_json_405_naming_the_allowed_methods(osdi_post):
    for path in ("questions", "questions/"):
        response = osdi_post(path, {"title": "x"})
        assert response.status_code == 405
        assert response["Content-Type"] == "application/hal+json; charset=utf-8"
        assert list(response.json()) == ["error"]
        assert response["Allow"] == "GET"
