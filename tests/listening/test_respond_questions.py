"""How each kind of question is drawn and read: frames, same-page skip logic, rating scales,
rankings without drag and drop, counties and districts."""

from __future__ import annotations

import pytest

from alianza.listening.models import QuestionType, Response, Survey
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    survey_text_save,
    version_draft_for,
    version_publish,
)

from .factories import frame_survey, needs_survey
from .test_respond_flow import answer_all, page, send, start

pytestmark = pytest.mark.django_db


def places_survey() -> Survey:
    survey = survey_create(slug="places", languages=["en", "es"], ask_contact=False,
                           ask_respondent_type=False)
    survey_text_save(survey=survey, language="en", title="Where")
    version = version_draft_for(survey=survey)
    where = section_add(version=version, name="where", title={"en": "Where"})
    question_add(section=where, name="county", type=QuestionType.COUNTY,
                 label={"en": "County"})
    question_add(section=where, name="has_kids", type=QuestionType.SINGLE,
                 label={"en": "Children at school?"},
                 options=[("yes", {"en": "Yes"}), ("no", {"en": "No"})])
    question_add(section=where, name="kids", type=QuestionType.NUMBER,
                 label={"en": "How many?"}, required=True,
                 condition={"q": "has_kids", "op": "eq", "v": "yes"})
    school = section_add(version=version, name="school", title={"en": "School"})
    question_add(section=school, name="district", type=QuestionType.DISTRICT,
                 label={"en": "District"})
    version_publish(version=version)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.refresh_from_db()
    return survey


def test_a_frame_test_shows_the_assigned_frame_and_records_it(client):
    survey = frame_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "parent"})
    text = client.get(page(survey, 2, "es")).content.decode()
    response = Response.objects.get()
    assert response.frame is not None
    assert response.frame.title["es"] in text and response.frame.text["es"] in text
    client.post(page(survey, 2), {"agree": "4", "act": "yes"})
    send(client, survey)
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED and response.frame is not None


def test_the_frame_stays_the_same_when_the_page_is_seen_again(client):
    survey = frame_survey(frames=3)
    start(client, survey)
    client.get(page(survey, 2))
    frame = Response.objects.get().frame
    client.get(page(survey, 2))
    assert Response.objects.get().frame == frame


def test_a_question_hidden_by_an_answer_on_its_own_page_is_marked_for_the_script(client):
    survey = places_survey()
    start(client, survey)
    text = client.get(page(survey, 1)).content.decode()
    assert 'data-show-if="{&quot;q&quot;: &quot;has_kids&quot;' in text
    assert "respond.js" in text


def test_without_script_an_answer_to_a_hidden_question_is_ignored(client):
    survey = places_survey()
    start(client, survey)
    reply = client.post(page(survey, 1), {"has_kids": "no", "kids": "3"})
    assert reply.status_code == 302
    assert Response.objects.get().draft == {"has_kids": "no"}
    reply = client.post(page(survey, 1), {"has_kids": "yes"})
    assert reply.status_code == 400 and "kids" in reply.context["errors"]


def test_the_district_list_follows_the_county_already_given(client):
    survey = places_survey()
    start(client, survey)
    client.post(page(survey, 1), {"county": "19"})
    text = client.get(page(survey, 2)).content.decode()
    assert "Los Angeles Unified" in text and "San Francisco Unified" not in text
    assert text.count("<option") < 200


def test_without_a_county_a_district_is_typed_and_matched_by_name(client):
    survey = places_survey()
    start(client, survey)
    client.post(page(survey, 1), {})
    text = client.get(page(survey, 2)).content.decode()
    assert '<input name="district"' in text
    client.post(page(survey, 2), {"district": "los angeles unified"})
    assert Response.objects.get().draft == {"district": "1964733"}
    reply = client.post(page(survey, 2), {"district": "Nowhere Unified"})
    assert reply.status_code == 400 and "district" in reply.context["errors"]


def test_a_rating_scale_is_radio_buttons_with_end_labels(client):
    survey = needs_survey()
    question = survey.current_version.questions.get(name="satisfaction")
    type(question).objects.filter(pk=question.pk).update(
        scale_min_label={"en": "Not at all"}, scale_max_label={"en": "Very well"})
    start(client, survey)
    client.post(page(survey, 1), {"role": "student"})
    text = client.get(page(survey, 3)).content.decode()
    assert text.count('type="radio" name="satisfaction"') == 5
    assert "Not at all" in text and "Very well" in text


def test_a_ranking_is_one_select_per_place_and_remembers_the_order(client):
    survey = needs_survey()
    answer_all(client, survey)
    text = client.get(page(survey, 3)).content.decode()
    assert text.count('<select name="top_concerns__') == 3
    assert '<option value="tutoring" selected>' in text
    assert Response.objects.get().draft["top_concerns"] == ["tutoring", "translation"]


def test_a_gap_in_the_ranking_closes_up(client):
    survey = needs_survey()
    answer_all(client, survey)
    client.post(page(survey, 3), {"top_concerns__2": "bilingual", "top_concerns__3": "reclass"})
    assert Response.objects.get().draft["top_concerns"] == ["bilingual", "reclass"]


def test_a_survey_without_the_contact_offer_is_sent_from_a_plain_last_page(client):
    survey = places_survey()
    start(client, survey)
    client.post(page(survey, 1), {"county": "38"})
    client.post(page(survey, 2), {"district": "San Francisco Unified"})
    finish = client.get(page(survey, 3).replace("/page/3/", "/send/"))
    assert 'name="consent"' not in finish.content.decode()
    reply, _key = send(client, survey)
    assert reply.status_code == 302
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert (response.county_code, response.district_code) == ("38", "3868478")
