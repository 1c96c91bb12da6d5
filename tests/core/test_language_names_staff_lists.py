"""Staff lists name languages ("Spanish", "Español") where they used to print tags ("es"):
action alert letters, segment descriptions, student-file run tables and admin lists."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import Person
from alianza.evidence.models import RunAggregate, StudentRun
from alianza.outreach.models import Segment
from alianza.policy.models import ActionLetter, ActionSubmission, Chamber
from alianza.policy.selectors.actions import seat_holder
from tests.policy import f_factories as f

pytestmark = pytest.mark.django_db


def _get(client, name: str, *args, language: str = "en", query: str = "") -> str:
    with translation.override(language):
        response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_action_alerts_letters_name_the_office_and_supporter_languages(staff_client):
    f.legislature()
    alert = f.campaign()
    seat = seat_holder(Chamber.LOWER, 53)  # this office reads Spanish
    person = Person.objects.create(name="Ana Ruiz", email="ana@example.org")
    submission = ActionSubmission.objects.create(
        campaign=alert, supporter=person, email=person.email, name=person.name,
        language="en", emailed_at=timezone.now(), confirmed_at=timezone.now())
    ActionLetter.objects.create(
        campaign=alert, submission=submission, supporter=person, legislator=seat.legislator,
        office=seat.office, chamber=Chamber.LOWER, district=seat.district,
        language=seat.letter_language, supporter_language="en", subject="AB 2268",
        body="Thank you.", status=ActionLetter.Status.SENT, confirmed_at=timezone.now())
    name = "policy-staff-campaign-letters"

    assert "office: Spanish, supporter: English" in _get(staff_client, name, alert.pk)
    assert "oficina: Español, quien la escribió: Inglés" in _get(staff_client, name, alert.pk,
                                                                  language="es")


def test_a_segment_names_its_languages_and_counties(staff_client):
    Person.objects.create(name="Rosa Díaz", email="rosa@example.org", county_code="19")
    Segment.objects.create(name="Spanish speakers in LA",
                           definition={"lists": ["news"], "languages": ["es"],
                                       "counties": ["19"]})

    page = _get(staff_client, "outreach-staff-segments")

    assert "Only these languages: Spanish" in page
    assert "Only in these counties: Los Angeles" in page


def test_a_student_file_run_names_the_home_languages_in_its_tables(staff_client):
    run = StudentRun.objects.create(
        district_code="1964733", original_name="students.csv", layout="alianza",
        ltel_rule_set="ec313.1-2015", seal_rule_set="seal-2024",
        status=StudentRun.Status.DONE, finished_at=timezone.now())
    for language, count in (("spa", 40), ("vie", 12)):
        RunAggregate.objects.create(run=run, breakdown="language", school_code="ALL",
                                    grade="ALL", language=language, student_group="ALL",
                                    measure="english_learners", count=count)

    page = _get(staff_client, "evidence-staff-run", run.pk)

    assert "Spanish (spa)" in page
    assert "Vietnamese (vie)" in page


def test_the_admin_people_list_names_preferred_languages_and_filters_by_name(staff_client):
    Person.objects.create(name="Rosa Díaz", email="rosa@example.org", preferred_language="es")
    Person.objects.create(name="Lan Tran", email="lan@example.org", preferred_language="vi")
    changelist = "admin:coalition_person_changelist"

    page = _get(staff_client, changelist)

    assert '<td class="field-preferred_language_name">Spanish</td>' in page
    assert '<td class="field-preferred_language_name">Vietnamese</td>' in page
    assert "?preferred_language=vi" in page and ">Vietnamese</a>" in page
    filtered = _get(staff_client, changelist, query="?preferred_language=vi")
    assert "Lan Tran" in filtered and "Rosa Díaz" not in filtered
