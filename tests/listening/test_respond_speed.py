"""The respondent's pages stay small and cheap: few queries to save a page and to send."""

from __future__ import annotations

import pytest

from alianza.listening.models import Response

from .factories import needs_survey
from .test_respond_flow import answer_all, page, url

pytestmark = pytest.mark.django_db


def test_sending_a_response_takes_few_queries(client, django_assert_max_num_queries):
    survey = needs_survey()
    answer_all(client, survey)
    finish = url("listening-survey-finish", survey.slug)
    key = client.get(finish).context["submission_key"]
    # The survey, the locked response, its update and the answers (and, in a test, the
    # savepoint around them): a published version's questions come from memory.
    with django_assert_max_num_queries(6):
        reply = client.post(finish, {"submission_key": key})
    assert reply.status_code == 302
    assert Response.objects.get().status == Response.Status.SUBMITTED


def test_saving_a_page_takes_few_queries(client, django_assert_max_num_queries):
    survey = needs_survey()
    answer_all(client, survey)
    with django_assert_max_num_queries(4):
        reply = client.post(page(survey, 3), {"top_concerns__1": "reclass"})
    assert reply.status_code == 302


def test_the_list_of_surveys_takes_three_queries(client, django_assert_num_queries):
    for slug in ["one", "two", "three"]:
        needs_survey(slug)
    # The surveys and their texts; the coalition's name that every page shows comes from the
    # cache once a first page has read it (with the cached pages' generation token).
    assert client.get("/en/surveys/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/en/surveys/").status_code == 200


def test_a_survey_page_is_small(client):
    survey = needs_survey()
    answer_all(client, survey)
    html = client.get(page(survey, 3)).content
    assert len(html) < 20_000


def test_survey_pages_load_no_htmx(client):
    from tests.listening.factories import needs_survey

    survey = needs_survey()
    for address in (f"/es/surveys/{survey.slug}/", "/es/surveys/"):
        page = client.get(address)
        assert page.status_code == 200
        assert b"htmx.min.js" not in page.content
    # Pages that use it still load it.
    assert b"htmx.min.js" in client.get("/es/").content
