"""The findings page and its cross-tabs, through the browser's eyes: who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.core.roles import DATA_ANALYST, LISTENING
from alianza.listening.models import Partner
from alianza.listening.selectors.findings_crosstab import crosstab

from .factories import needs_survey
from .findings_data import record_many, staff_member

pytestmark = pytest.mark.django_db

PARENT = {"role": "parent", "child_grade": 4, "top_concerns": ["translation", "tutoring"],
          "satisfaction": 3}
STUDENT = {"role": "student", "top_concerns": ["tutoring"], "satisfaction": 5}


@pytest.fixture
def survey():
    survey = needs_survey()
    record_many(survey, 12, PARENT, respondent_type="parent")
    record_many(survey, 3, STUDENT, respondent_type="student", language="es")
    return survey


@pytest.fixture
def listener(client, django_user_model):
    client.force_login(staff_member(django_user_model, "listener", groups=[LISTENING]))
    return client


def test_twelve_parents_and_three_students_by_respondent_type_merge_the_students(survey):
    table = crosstab(survey, question_name="top_concerns", dimension="respondent_type",
                     language="en")
    rows = {row.label: row for row in table.rows}
    assert rows["Parent or caregiver"].count == 12
    other = rows["Other groups (fewer than 10 each)"]
    # Three students alone in "other groups": blanked, and the parents with them, since
    # the total (15) minus the parents would give the students away.
    assert other.suppressed and other.count == 3 and other.cells == []
    assert rows["Parent or caregiver"].suppressed
    assert table.total.count == 15


def test_enough_of_each_group_shows_every_row_with_row_percentages(survey):
    record_many(survey, 7, STUDENT, respondent_type="student", language="es")
    table = crosstab(survey, question_name="role", dimension="language", language="en")
    rows = {row.label: row for row in table.rows}
    assert set(rows) == {"English", "Spanish"}
    assert not any(row.suppressed for row in table.rows)
    spanish = dict(zip([v for v, _l in table.columns], rows["Spanish"].cells, strict=True))
    assert spanish["student"] == (10, 100.0) and spanish["parent"] == (0, 0.0)


def test_small_partners_are_merged_into_other_groups(survey):
    big = Partner.objects.create(survey=survey, name="Big school")
    small = Partner.objects.create(survey=survey, name="Small library")
    record_many(survey, 10, STUDENT, respondent_type="student", partner=big)
    record_many(survey, 4, STUDENT, respondent_type="student", partner=small)
    table = crosstab(survey, question_name="role", dimension="partner", language="en")
    labels = [row.label for row in table.rows]
    assert "Small library" not in labels and "Big school" in labels
    other = table.rows[-1]
    assert other.is_other and other.count == 4 and other.suppressed


def test_the_page_shows_charts_tables_ranked_concerns_and_a_shareable_crosstab(survey,
                                                                                 listener):
    url = reverse("listening-staff-findings", args=[survey.pk])
    page = listener.get(url, {"q": "role", "by": "respondent_type", "method": "mean_rank"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<caption" in html
    assert "Ranked concerns" in html and "Mean rank" in html
    assert "Other groups (fewer than 10 each)" in html
    assert "fewer than 10" in html


def test_a_survey_with_too_few_responses_says_so(client, django_user_model):
    survey = needs_survey("small")
    record_many(survey, 4, STUDENT)
    client.force_login(staff_member(django_user_model, "l2", groups=[LISTENING]))
    page = client.get(reverse("listening-staff-findings", args=[survey.pk]))
    assert "Not enough responses yet" in page.content.decode()
    assert "<svg" not in page.content.decode()


def test_a_hand_edited_crosstab_address_is_answered_with_a_message(survey, listener):
    page = listener.get(reverse("listening-staff-findings", args=[survey.pk]),
                        {"q": "nope", "by": "shoe_size", "method": "x"})
    assert page.status_code == 200
    assert "not available for this survey" in page.content.decode()


def test_staff_outside_the_listening_group_are_refused(survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "analyst", groups=[DATA_ANALYST]))
    assert client.get(reverse("listening-staff-findings", args=[survey.pk])).status_code == 403


def test_the_figures_download_blanks_small_groups(survey, listener):
    download = listener.get(reverse("listening-staff-findings-figures", args=[survey.pk]))
    text = b"".join(download.streaming_content).decode()
    assert "A parent,12,80.0,15" in text
    assert "A student,fewer than 10,,15" in text
