"""Workgroup leads remove participants and post the next meeting; others may not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Person,
    WorkgroupMeeting,
    WorkgroupMembership,
    WorkgroupRosterChange,
)
from alianza.coalition.services.workgroup_leads import workgroup_meeting_post

# The notice email is queued on commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def participant(workgroup) -> WorkgroupMembership:
    person = Person.objects.create(name="Rosa Castillo", email="rosa@example.org",
                                   preferred_language="es")
    return WorkgroupMembership.objects.create(
        workgroup=workgroup, person=person, language="es", confirmed_at=timezone.now(),
        status=WorkgroupMembership.Status.CONFIRMED)


@pytest.fixture
def other_lead_client(django_user_model, other_workgroup) -> Client:
    user = django_user_model.objects.create_user("otherlead", "other@example.org")
    other_workgroup.leads.add(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def outsider_client(django_user_model) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_user("parent", "p@example.org"))
    return client


def remove_url(workgroup, membership) -> str:
    return reverse("coalition-workgroup-roster-remove", args=[workgroup.slug, membership.pk])


def meeting_url(workgroup) -> str:
    return reverse("coalition-workgroup-meeting", args=[workgroup.slug])


def next_week() -> str:
    return timezone.localtime(timezone.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")


def test_a_lead_removes_a_participant_after_confirming(lead_client, workgroup, participant,
                                                       smtp_server):
    confirm_page = lead_client.get(remove_url(workgroup, participant))
    assert confirm_page.status_code == 200
    assert "Remove Rosa Castillo from the roster?" in confirm_page.content.decode()
    assert WorkgroupMembership.objects.filter(pk=participant.pk).exists()

    response = lead_client.post(remove_url(workgroup, participant), {"reason": "Asked to go."})

    assert response.status_code == 302
    assert not WorkgroupMembership.objects.filter(pk=participant.pk).exists()
    change = WorkgroupRosterChange.objects.get()
    assert (change.person_name, change.action, change.reason, change.changed_by.username) == (
        "Rosa Castillo", "removed", "Asked to go.", "lead")
    roster = lead_client.get(response["Location"]).content.decode()
    assert "Rosa Castillo: Removed from the roster, by lead" in roster


def test_the_removed_person_is_told_in_their_language(lead_client, workgroup, participant,
                                                      smtp_server):
    lead_client.post(remove_url(workgroup, participant))

    [message] = smtp_server.to("rosa@example.org")
    # Header folding may leave a space where a long encoded subject was split.
    assert message["Subject"].strip() == "Ya no está en la lista de Grupo de trabajo de políticas"
    body = smtp_server.body(message)
    assert "/es/workgroups/" in body
    assert "Asked" not in body


def test_a_lead_of_another_group_and_an_outsider_are_refused(
        other_lead_client, outsider_client, client, workgroup, participant):
    for refused in (other_lead_client, outsider_client):
        assert refused.get(remove_url(workgroup, participant)).status_code == 403
        assert refused.post(remove_url(workgroup, participant)).status_code == 403
        assert refused.get(meeting_url(workgroup)).status_code == 403
        assert refused.post(meeting_url(workgroup), {
            "starts_at": next_week(), "place": "Online", "agenda_en": "Budget"}).status_code == 403
    anonymous = client.post(remove_url(workgroup, participant))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert WorkgroupMembership.objects.filter(pk=participant.pk).exists()
    assert not WorkgroupMeeting.objects.exists()


def test_a_participant_of_another_group_cannot_be_removed_through_this_one(
        lead_client, workgroup, other_workgroup, participant):
    elsewhere = WorkgroupMembership.objects.create(
        workgroup=other_workgroup, person=participant.person, language="es",
        status=WorkgroupMembership.Status.CONFIRMED)

    response = lead_client.post(remove_url(workgroup, elsewhere))

    assert response.status_code == 404
    assert WorkgroupMembership.objects.filter(pk=elsewhere.pk).exists()


def test_the_roster_offers_the_leads_tools(lead_client, workgroup, participant):
    page = lead_client.get(reverse("coalition-workgroup-roster", args=[workgroup.slug])
                           ).content.decode()

    assert remove_url(workgroup, participant) in page
    assert meeting_url(workgroup) in page


def test_a_lead_posts_the_next_meeting_with_an_agenda_per_language(lead_client, client,
                                                                   workgroup):
    response = lead_client.post(meeting_url(workgroup), {
        "starts_at": next_week(), "place": "Centro Comunitario, Fresno",
        "link": "https://meet.example.org/policy",
        "agenda_en": "Budget asks for 2026.", "agenda_es": "Pedidos de presupuesto para 2026.",
    })

    assert response.status_code == 302
    meeting = WorkgroupMeeting.objects.get()
    assert meeting.posted_by.username == "lead"
    with translation.override("es"):
        spanish = client.get(reverse("coalition-workgroups")).content.decode()
    english = client.get(reverse("coalition-workgroups")).content.decode()
    assert "Pedidos de presupuesto para 2026." in spanish and "Budget asks" not in spanish
    assert "Budget asks for 2026." in english
    assert "Centro Comunitario, Fresno" in english
    assert 'href="https://meet.example.org/policy"' in english
    roster = lead_client.get(reverse("coalition-workgroup-roster", args=[workgroup.slug]))
    assert "Budget asks for 2026." in roster.content.decode()


def test_an_agenda_only_in_english_is_marked_as_english_for_spanish_readers(client, workgroup,
                                                                           lead_user):
    workgroup_meeting_post(workgroup=workgroup,
                           starts_at=timezone.now() + timedelta(days=3), place="Sacramento",
                           agendas={"en": "Hearing prep."}, posted_by=lead_user)

    with translation.override("es"):
        page = client.get(reverse("coalition-workgroups")).content.decode()

    assert '<div lang="en"><p><strong>Agenda</strong></p><p>Hearing prep.</p></div>' in page


def test_past_meetings_are_not_shown(client, workgroup, lead_user):
    meeting = workgroup_meeting_post(
        workgroup=workgroup, starts_at=timezone.now() + timedelta(days=3), place="Sacramento",
        agendas={"en": "Old agenda."}, posted_by=lead_user)
    WorkgroupMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=1))

    assert "Old agenda." not in client.get(reverse("coalition-workgroups")).content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"starts_at": "2020-01-01T10:00", "place": "Fresno", "agenda_en": "x"},
     "The meeting must be in the future."),
    ({"starts_at": "next tuesday", "place": "Fresno", "agenda_en": "x"},
     "Enter a valid date/time."),
    ({"starts_at": "NEXT", "agenda_en": "x"}, "Say where the meeting is"),
    ({"starts_at": "NEXT", "place": "Fresno"}, "Write the agenda in at least one language."),
])
def test_a_bad_meeting_is_refused_with_a_clear_message(lead_client, workgroup, data, message):
    data = {key: next_week() if value == "NEXT" else value for key, value in data.items()}

    response = lead_client.post(meeting_url(workgroup), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WorkgroupMeeting.objects.exists()


def test_a_removal_is_in_the_persons_data_and_loses_the_name_when_they_are_erased(
        lead_client, lead_user, workgroup, participant):
    from alianza.coalition.services.privacy import person_data_export, person_erase

    lead_client.post(remove_url(workgroup, participant), {"reason": "Asked to go."})
    person = participant.person

    export = person_data_export(person=person, actor=lead_user, reason="Their request.")
    assert export["workgroup_roster_changes"][0]["reason"] == "Asked to go."
    person_erase(person=person, actor=lead_user, reason="Their request.",
                 confirmation=person.email)

    change = WorkgroupRosterChange.objects.get()
    assert (change.person_id, change.person_name, change.reason) == (None, "—", "")


def _meeting(workgroup, lead_user, *, days: int, agenda: str) -> WorkgroupMeeting:
    return workgroup_meeting_post(workgroup=workgroup,
                                  starts_at=timezone.now() + timedelta(days=days),
                                  place="Fresno", agendas={"en": agenda}, posted_by=lead_user)


def cancel_url(workgroup, meeting) -> str:
    return reverse("coalition-workgroup-meeting-cancel", args=[workgroup.slug, meeting.pk])


def test_a_lead_cancels_the_next_meeting_and_the_public_page_says_so(lead_client, client,
                                                                      workgroup, lead_user):
    meeting = _meeting(workgroup, lead_user, days=3, agenda="Hearing prep.")
    roster = lead_client.get(reverse("coalition-workgroup-roster", args=[workgroup.slug]))
    assert cancel_url(workgroup, meeting) in roster.content.decode()
    confirm_page = lead_client.get(cancel_url(workgroup, meeting))
    assert confirm_page.status_code == 200
    assert WorkgroupMeeting.objects.get().cancelled_at is None

    response = lead_client.post(cancel_url(workgroup, meeting))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.cancelled_by == lead_user
    english = client.get(reverse("coalition-workgroups")).content.decode()
    assert "Cancelled:" in english and "will not take place" in english
    assert "Hearing prep." not in english
    with translation.override("es"):
        spanish = client.get(reverse("coalition-workgroups")).content.decode()
    assert "Cancelada:" in spanish and "no se realizará" in spanish
    roster = lead_client.get(response["Location"]).content.decode()
    assert "No meeting is announced." in roster and "will not take place" in roster


def test_after_a_cancelled_meeting_the_following_one_is_announced(client, workgroup,
                                                                   lead_user, lead_client):
    first = _meeting(workgroup, lead_user, days=3, agenda="First agenda.")
    _meeting(workgroup, lead_user, days=10, agenda="Second agenda.")
    lead_client.post(cancel_url(workgroup, first))

    page = client.get(reverse("coalition-workgroups")).content.decode()

    assert "will not take place" in page
    assert "Second agenda." in page and "First agenda." not in page


def test_cancelling_twice_or_a_past_meeting_is_refused_with_a_message(lead_client, workgroup,
                                                                       lead_user):
    meeting = _meeting(workgroup, lead_user, days=3, agenda="Hearing prep.")
    lead_client.post(cancel_url(workgroup, meeting))
    again = lead_client.post(cancel_url(workgroup, meeting))
    assert again.status_code == 400
    assert "already cancelled" in again.content.decode()

    past = _meeting(workgroup, lead_user, days=2, agenda="Old.")
    WorkgroupMeeting.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=1))
    with translation.override("es"):
        refused = lead_client.post(cancel_url(workgroup, past), HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 400
    assert WorkgroupMeeting.objects.get(pk=past.pk).cancelled_at is None


def test_only_the_groups_leads_may_cancel_its_meeting(other_lead_client, outsider_client,
                                                      client, workgroup, lead_user):
    meeting = _meeting(workgroup, lead_user, days=3, agenda="Hearing prep.")

    assert other_lead_client.post(cancel_url(workgroup, meeting)).status_code == 403
    assert outsider_client.post(cancel_url(workgroup, meeting)).status_code == 403
    assert client.post(cancel_url(workgroup, meeting)).status_code == 302  # to log in
    assert WorkgroupMeeting.objects.get().cancelled_at is None
