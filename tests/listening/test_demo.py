"""The listening demo: a needs assessment with ranked concerns and a finished frame test,
created once."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from alianza.listening.demo.frames import SLUG as FRAMES_SLUG
from alianza.listening.demo.needs import SLUG as NEEDS_SLUG
from alianza.listening.frames.results import frame_results
from alianza.listening.models import Answer, Partner, Response, Survey, Theme
from alianza.listening.selectors.frames import frame_test_for_staff, outcome_rows

pytestmark = pytest.mark.django_db


def test_the_demo_creates_both_surveys_once():
    call_command("listening_demo", "--responses", "80", "--frame-responses", "60")
    needs = Survey.objects.get(slug=NEEDS_SLUG)
    frames = Survey.objects.get(slug=FRAMES_SLUG)
    assert needs.responses.filter(status=Response.Status.SUBMITTED).count() == 80
    assert frames.responses.filter(status=Response.Status.SUBMITTED).count() == 60
    assert Partner.objects.filter(survey=needs).count() == 20

    call_command("listening_demo", "--responses", "80", "--frame-responses", "60")
    assert Survey.objects.filter(slug__in=[NEEDS_SLUG, FRAMES_SLUG]).count() == 2
    assert Response.objects.count() == 140


def test_the_needs_assessment_has_ranked_concerns_in_both_languages():
    call_command("listening_demo", "--responses", "120", "--frame-responses", "0")
    needs = Survey.objects.get(slug=NEEDS_SLUG)
    first = Counter(Answer.objects.filter(response__survey=needs, question__name="top_concerns",
                                          rank=1).values_list("option__value", flat=True))
    assert first.most_common(1)[0][0] == "mental_health"
    languages = Counter(needs.responses.values_list("language", flat=True))
    assert languages["es"] > 20 and languages["en"] > 20
    comments = Answer.objects.filter(response__survey=needs, question__name="comment")
    assert {a.response.language for a in comments} == {"en", "es"}
    assert Theme.objects.filter(survey=needs, answers__isnull=False).exists()
    assert needs.responses.exclude(county_code="").values("county_code").distinct().count() > 5
    # Skip logic held: only parents and students answered the school section.
    assert not Answer.objects.filter(response__survey=needs, question__name="grade_band",
                                     response__respondent_type="educator").exists()


def test_the_frame_test_is_balanced_and_finished():
    call_command("listening_demo", "--responses", "0", "--frame-responses", "90")
    survey = Survey.objects.get(slug=FRAMES_SLUG)
    assert survey.status == Survey.Status.CLOSED
    counts = Counter(survey.responses.values_list("frame__key", flat=True))
    assert counts == {"control": 30, "opportunity": 30, "fairness": 30}
    slots = sorted(survey.responses.values_list("frame_slot", flat=True))
    assert slots == list(range(90))


def test_the_full_frame_test_shows_the_effect_among_parents_only():
    call_command("listening_demo", "--responses", "0")
    survey = Survey.objects.get(slug=FRAMES_SLUG)
    test = frame_test_for_staff(survey)
    groups, _family = frame_results(outcome_rows(survey, ["agree", "act"]),
                                    outcomes=test.outcomes, frames=test.infos,
                                    dimension="respondent_type", min_n=10)
    by_group = {group.key: group for group in groups}
    parents_agree = {r.frame.key: r for r in by_group["parent"].outcomes[0].frames}
    assert parents_agree["opportunity"].difference.p_adjusted < 0.05
    assert parents_agree["opportunity"].difference.value > 0.4
    educators_agree = {r.frame.key: r for r in by_group["educator"].outcomes[0].frames}
    assert educators_agree["opportunity"].difference.p_adjusted > 0.05
