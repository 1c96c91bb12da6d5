"""Two clicks on "send" arriving at the same moment record one response."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from alianza.listening.models import Answer, Response
from tests.coalition.test_organization_races import run_together

from .factories import needs_survey
from .test_respond_flow import answer_all, url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="true concurrency needs PostgreSQL"),
]


def test_a_double_click_on_send_records_the_answers_once():
    survey = needs_survey()
    first = Client()
    answer_all(first, survey)
    finish = url("listening-survey-finish", survey.slug)
    key = first.get(finish).context["submission_key"]
    name = f"alz_survey_{survey.pk}"
    token = first.cookies[name].value

    def click(_index: int) -> tuple[int, str]:
        client = Client()
        client.cookies[name] = token
        reply = client.post(finish, {"submission_key": key})
        return reply.status_code, reply.url

    results = run_together(click, 4)
    assert all(result == (302, f"/en/surveys/{survey.slug}/thanks/") for result in results), \
        results
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1
    assert Answer.objects.filter(question__name="top_concerns").count() == 2
