"""The frame results page and the comparisons behind it, on responses recorded the real way
(assignment, then ``response_record``)."""

from __future__ import annotations

import random
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from alianza.listening.frames.assign import frame_assign
from alianza.listening.frames.results import EVERYONE, frame_results
from alianza.listening.frames.summary import group_summary
from alianza.listening.selectors.frames import frame_test_for_staff, outcome_rows
from alianza.listening.services.responses import response_record, version_questions

from .factories import frame_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client_for(client, django_user_model):
    """A logged-in staff member holding only the permissions named."""

    def make(*perms: str):
        user = django_user_model.objects.create_user("analyst", "analyst@example.org", "x",
                                                     is_staff=True)
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(
                content_type__app_label=app_label, codename=codename))
        client.force_login(user)
        return client

    return make


def _answer(survey, count: int, *, role, agree, act, language="en", seed=1):
    """``count`` responses; ``agree``/``act`` map a frame key to a function of the rng."""
    rng = random.Random(seed)
    questions = version_questions(survey.current_version)
    for _n in range(count):
        frame, slot = frame_assign(survey=survey)
        response_record(version=survey.current_version, language=language,
                        respondent_type=role, frame=frame, frame_slot=slot,
                        questions=questions,
                        answers={"role": role, "agree": agree(frame.key, rng),
                                 "act": "yes" if act(frame.key, rng) else "no"})


def _strong_effect(survey, count=90, role="parent", language="en", seed=1):
    _answer(survey, count, role=role, language=language, seed=seed,
            agree=lambda key, rng: min(5, rng.choice([2, 3, 3, 4]) + (2 if key == "f1" else 0)),
            act=lambda key, rng: rng.random() < (0.8 if key == "f1" else 0.3))


def test_a_real_effect_is_found_and_said_plainly_in_both_languages():
    survey = frame_survey(frames=3)
    _strong_effect(survey)
    test = frame_test_for_staff(survey)
    groups, family = frame_results(outcome_rows(survey, ["agree", "act"]),
                                   outcomes=test.outcomes, frames=test.infos,
                                   min_n=survey.min_group_size)
    assert family == 4  # two frames against the control, two outcomes
    agree = groups[0].outcomes[0]
    by_key = {result.frame.key: result for result in agree.frames}
    assert by_key["control"].difference is None
    assert by_key["f1"].difference.value > 1.2
    assert by_key["f1"].difference.p_adjusted < 0.001
    assert by_key["f2"].difference.p_adjusted > 0.05
    english = group_summary(groups[0], labels=test.labels, family=family, has_control=True,
                            min_n=10, language="en")
    raised = "the “Frame 1” frame raised the average answer to “I agree with this message” by"
    assert any(raised in s and "on a 1-to-5 scale" in s and "4 comparisons" in s for s in english)
    assert any(s.startswith("No clear difference") and "“Frame 2”" in s for s in english)
    spanish = group_summary(groups[0], labels=test.labels, family=family, has_control=True,
                            min_n=10, language="es")
    assert any("«Marco 1»" in s and "aumentó" in s for s in spanish)


def test_the_counts_match_the_responses_and_the_assignment_is_balanced():
    survey = frame_survey(frames=3)
    _strong_effect(survey, count=31)
    test = frame_test_for_staff(survey)
    groups, _family = frame_results(outcome_rows(survey, ["agree", "act"]),
                                    outcomes=test.outcomes, frames=test.infos, min_n=1)
    counts = sorted(result.n for result in groups[0].outcomes[0].frames)
    assert counts == [10, 10, 11]


def test_a_small_group_is_not_shown_and_the_summary_says_why():
    survey = frame_survey(frames=2)
    _strong_effect(survey, count=60, role="parent")
    _strong_effect(survey, count=8, role="educator", seed=2)
    test = frame_test_for_staff(survey)
    groups, family = frame_results(outcome_rows(survey, ["agree", "act"]),
                                   outcomes=test.outcomes, frames=test.infos,
                                   dimension="respondent_type", min_n=10)
    by_key = {group.key: group for group in groups}
    educators = by_key["educator"]
    assert not educators.enough
    assert all(not result.shown and result.estimate is None
               for outcome in educators.outcomes for result in outcome.frames)
    assert group_summary(educators, labels=test.labels, family=family, has_control=True,
                         min_n=10, language="en") == [
        "Not enough responses yet to tell among educators: each frame needs at least 10 "
        "answers from this group."]
    assert family == 2  # only the parents' comparisons count


def test_without_a_control_each_frame_is_compared_with_the_others_pooled():
    survey = frame_survey(frames=3)
    survey.frames.update(is_control=False)
    _strong_effect(survey, count=60)
    test = frame_test_for_staff(survey)
    groups, family = frame_results(outcome_rows(survey, ["agree", "act"]),
                                   outcomes=test.outcomes, frames=test.infos, min_n=10)
    assert family == 6
    agree = {r.frame.key: r for r in groups[0].outcomes[0].frames}
    assert agree["f1"].difference.value > 0 > agree["control"].difference.value
    summary = group_summary(groups[0], labels=test.labels, family=family, has_control=False,
                            min_n=10, language="en")
    assert any("the other frames together" in s for s in summary)


def test_the_page_shows_each_frame_with_its_interval(staff_client_for):
    survey = frame_survey(frames=3)
    _strong_effect(survey, count=45)
    client = staff_client_for("listening.view_survey")
    page = client.get(reverse("listening-staff-frame-results", args=[survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="ci-bar"') == 6
    assert "Difference from control" in html and "Adjusted p" in html
    assert "raised the average answer to “I agree with this message”" in html
    assert 'lang="es"' in html and "Marco 1" in html


def test_one_segment_and_the_not_enough_state_on_the_page(staff_client_for):
    survey = frame_survey(frames=2)
    _strong_effect(survey, count=40, role="parent")
    _strong_effect(survey, count=6, role="educator", seed=3)
    client = staff_client_for("listening.view_survey")
    url = reverse("listening-staff-frame-results", args=[survey.pk])
    parents = client.get(url, {"segment": "respondent_type:parent"}).content.decode()
    assert "among parents and caregivers" in parents.lower()
    assert "Not enough responses yet" not in parents
    educators = client.get(url, {"segment": "respondent_type:educator"}).content.decode()
    assert "Not enough responses yet to tell among educators" in educators
    assert "ci-bar" not in educators
    side = client.get(url, {"segment": "respondent_type"}).content.decode()
    assert "Parent or caregiver" in side and "Educator" in side


def test_a_tampered_segment_falls_back_to_everyone(staff_client_for):
    survey = frame_survey(frames=2)
    _strong_effect(survey, count=24)
    client = staff_client_for("listening.view_survey")
    url = reverse("listening-staff-frame-results", args=[survey.pk])
    for raw in ("'; drop table", "county:99", "respondent_type:<script>", "x" * 5000):
        page = client.get(url, {"segment": raw})
        assert page.status_code == 200
        assert "<script>" not in page.content.decode().split("<main", 1)[-1]


def test_staff_without_the_survey_permission_are_refused(staff_client_for):
    survey = frame_survey(frames=2)
    client = staff_client_for("coalition.view_dashboard")
    page = client.get(reverse("listening-staff-frame-results", args=[survey.pk]))
    assert page.status_code == 403


def test_an_unknown_survey_is_not_found(staff_client_for):
    client = staff_client_for("listening.view_survey")
    assert client.get(reverse("listening-staff-frame-results", args=[999])).status_code == 404


def test_a_survey_without_outcomes_says_there_is_nothing_to_compare(staff_client_for):
    survey = frame_survey(frames=2)
    survey.current_version.questions.update(is_outcome=False)
    client = staff_client_for("listening.view_survey")
    page = client.get(reverse("listening-staff-frame-results", args=[survey.pk]))
    assert "nothing to compare yet" in page.content.decode()


def test_everyone_is_the_default_group():
    assert EVERYONE == ""


def test_the_interval_bars_keep_svg_numbers_in_spanish(staff_client_for):
    survey = frame_survey(frames=2)
    _strong_effect(survey, count=24)
    client = staff_client_for("listening.view_survey")
    url = reverse("listening-staff-frame-results", args=[survey.pk]).replace("/en/", "/es/")
    html = client.get(url).content.decode()
    assert "Resultados de los marcos" in html
    coordinates = re.findall(r'x1="([^"]+)"', html)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", x) for x in coordinates)
    assert "IC del 95 %" in html
