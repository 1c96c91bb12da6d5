"""Open answers: read only with view_answer, tagged with themes only with change_answer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from alianza.core.roles import LISTENING
from alianza.listening.models import Answer, Theme
from alianza.listening.selectors.findings_text import theme_counts
from alianza.listening.services.themes import theme_create

from .factories import needs_survey
from .findings_data import record_many, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = needs_survey()
    record_many(survey, 11, {"role": "student", "top_concerns": ["tutoring"],
                             "comment": "More tutors please"})
    record_many(survey, 2, {"role": "other", "role__other": "Abuela",
                            "top_concerns": ["tutoring"], "comment": "Más traducción"},
                language="es")
    return survey


def test_open_answers_are_listed_per_language_newest_first(survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "reader", groups=[LISTENING]))
    url = reverse("listening-staff-findings-answers", args=[survey.pk])
    everything = client.get(url).content.decode()
    assert "15 answers, newest first" in everything  # 13 comments and 2 "other"
    spanish = client.get(url, {"language": "es"}).content.decode()
    assert "Más traducción" in spanish and "Abuela" in spanish
    assert "More tutors please" not in spanish
    # Newest first, not grouped by question.
    assert spanish.index("Más traducción") < spanish.index("Who are you?")


def test_staff_without_view_answer_see_counts_but_not_the_words(survey, client,
                                                                 django_user_model):
    client.force_login(staff_member(django_user_model, "counter",
                                    perms=["listening.view_survey"]))
    assert client.get(reverse("listening-staff-findings-answers",
                              args=[survey.pk])).status_code == 403
    page = client.get(reverse("listening-staff-findings", args=[survey.pk])).content.decode()
    assert "Abuela" not in page and "Open answers and themes" not in page


def test_tagging_with_htmx_returns_the_pressed_button_and_counts_the_theme(
        survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "tagger", groups=[LISTENING]))
    created = client.post(reverse("listening-staff-findings-theme-add", args=[survey.pk]),
                          {"label_en": "Tutoring", "label_es": "Tutoría"})
    assert created.status_code == 302
    theme = Theme.objects.get(survey=survey)
    assert theme.label == {"en": "Tutoring", "es": "Tutoría"} and theme.key == "tutoring"
    answers = Answer.objects.filter(question__name="comment", text="More tutors please")
    for answer in answers:
        button = client.post(
            reverse("listening-staff-findings-answer-tag", args=[survey.pk, answer.pk,
                                                                 theme.pk]),
            {"tagged": "1"}, HTTP_HX_REQUEST="true")
        assert 'aria-pressed="true"' in button.content.decode()
    counts = theme_counts(survey, language="es")
    assert (counts[0].label, counts[0].count, counts[0].suppressed) == ("Tutoría", 11, False)
    client.post(reverse("listening-staff-findings-answer-tag",
                        args=[survey.pk, answers[0].pk, theme.pk]), {"tagged": "0"})
    counts = theme_counts(survey, language="en")
    assert counts[0].count == 10 and not counts[0].suppressed


def test_a_theme_needs_a_name_and_a_taken_name_is_refused(survey, client, django_user_model):
    theme_create(survey=survey, label={"en": "Tutoring"})
    client.force_login(staff_member(django_user_model, "dup", groups=[LISTENING]))
    url = reverse("listening-staff-findings-theme-add", args=[survey.pk])
    assert "already has a theme" in client.post(url, {"label_en": "Tutoring"}).content.decode()
    empty = client.post(url, {"label_en": " ", "label_es": ""})
    assert empty.status_code == 400 and "at least one language" in empty.content.decode()
    assert Theme.objects.count() == 1


def test_a_theme_of_another_survey_cannot_be_applied(survey, client, django_user_model):
    other = needs_survey("other-survey")
    theme = theme_create(survey=other, label={"en": "Elsewhere"})
    answer = Answer.objects.filter(response__survey=survey, question__name="comment").first()
    client.force_login(staff_member(django_user_model, "cross", groups=[LISTENING]))
    refused = client.post(reverse("listening-staff-findings-answer-tag",
                                  args=[survey.pk, answer.pk, theme.pk]), {"tagged": "1"})
    assert refused.status_code == 404 and not answer.themes.exists()


def test_readers_without_change_answer_cannot_tag(survey, client, django_user_model):
    user = staff_member(django_user_model, "readonly",
                        perms=["listening.view_survey", "listening.view_answer"])
    client.force_login(user)
    theme = theme_create(survey=survey, label={"en": "Tutoring"})
    answer = Answer.objects.filter(response__survey=survey, question__name="comment").first()
    url = reverse("listening-staff-findings-answer-tag", args=[survey.pk, answer.pk, theme.pk])
    assert client.post(url, {"tagged": "1"}).status_code == 403
    page = client.get(reverse("listening-staff-findings-answers", args=[survey.pk]))
    assert "Add a theme" not in page.content.decode()
    assert not Permission.objects.filter(user=user, codename="change_answer").exists()
