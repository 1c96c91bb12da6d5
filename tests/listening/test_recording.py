import pytest

from alianza.listening.models import Answer, Response
from alianza.listening.services.responses import AnswersRefused, response_record
from alianza.listening.services.surveys import version_draft_for

from .factories import needs_survey

pytestmark = pytest.mark.django_db


def test_a_complete_response_becomes_one_row_per_answer_and_ranked_choice():
    survey = needs_survey()
    response = response_record(
        version=survey.current_version, language="es",
        answers={"role": "parent", "county": "19", "child_grade": "3",
                 "top_concerns": ["tutoring", "translation"], "comment": "Más apoyo"})
    assert response.status == Response.Status.SUBMITTED
    assert response.county_code == "19"
    ranks = dict(Answer.objects.filter(response=response, question__name="top_concerns")
                 .values_list("option__value", "rank"))
    assert ranks == {"tutoring": 1, "translation": 2}
    assert Answer.objects.get(response=response, question__name="child_grade").number == 3


def test_answers_to_a_skipped_section_are_dropped():
    survey = needs_survey()
    response = response_record(version=survey.current_version, language="en",
                               answers={"role": "student", "child_grade": "7",
                                        "top_concerns": ["reclass"]})
    assert not response.answers.filter(question__name="child_grade").exists()


def test_an_answer_outside_the_options_is_refused_and_nothing_is_written():
    survey = needs_survey()
    with pytest.raises(AnswersRefused) as refused:
        response_record(version=survey.current_version, language="en",
                        answers={"role": "hacker", "top_concerns": ["nope"]})
    assert set(refused.value.errors) == {"role", "top_concerns"}
    assert not Response.objects.exists()


def test_other_please_specify_keeps_the_respondents_words():
    survey = needs_survey()
    response = response_record(version=survey.current_version, language="en",
                               answers={"role": "other", "role__other": "Grandmother",
                                        "top_concerns": ["bilingual"]})
    assert response.answers.get(question__name="role").text == "Grandmother"


def test_a_new_draft_copies_the_published_questions_under_the_same_names():
    survey = needs_survey()
    draft = version_draft_for(survey=survey)
    assert draft.number == 2 and not draft.is_frozen
    assert list(draft.questions.values_list("name", flat=True)) == list(
        survey.current_version.questions.values_list("name", flat=True))
    assert draft.questions.get(name="role").options.filter(is_other=True).exists()
