"""Advocacy meetings: recording a delegation visit, its rules, follow-ups, attachments,
reports, privacy and who may do what."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.policy.models import (
    Meeting,
    MeetingAsk,
    MeetingAttachment,
    MeetingAttendee,
    MeetingFollowUp,
)
from alianza.policy.services.meetings import meeting_create, meeting_update
from tests.library.sample_files import pdf_bytes
from tests.policy import a_factories as make

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def member():
    return make.legislator()


@pytest.fixture
def paula(django_user_model):
    return make.staff_user(django_user_model)


@pytest.fixture
def policy(paula):
    return make.client_for(paula)


def _form(member, **overrides) -> dict:
    data = {
        "date": "2024-05-14", "legislator": member.pk,
        "office": member.offices.get(kind="capitol").pk, "status": "done",
        "purpose": "Sacramento delegation", "office_said": "Asked for district figures.",
        "outcome": "Second meeting to schedule.",
        "attendees-TOTAL_FORMS": "3", "attendees-INITIAL_FORMS": "0",
        "asks-TOTAL_FORMS": "2", "asks-INITIAL_FORMS": "0",
    }
    for index in range(3):
        data.setdefault(f"attendees-{index}-role", "member")
    data.update(overrides)
    return data


def _meeting(member, paula, **values) -> Meeting:
    return meeting_create(created_by=paula, date=values.pop("date", datetime.date(2024, 5, 14)),
                          legislator=member, status=values.pop("status", "done"), **values)


def test_staff_record_a_delegation_with_its_people_bills_and_asks(policy, member):
    graciela = make.person("Graciela Montoya", "graciela@example.org")
    rosa = make.person("Rosa Villaseñor", "rosa@example.org", "es")
    ab1947 = make.bill("AB 1947")
    budget = make.budget_item()

    response = policy.post("/en/policy/staff/meetings/new/", _form(
        member, bills=[ab1947.pk], budget_items=[budget.pk],
        **{"attendees-0-email": "graciela@example.org", "attendees-0-role": "co_chair",
           "attendees-1-email": "ROSA@example.org", "attendees-1-role": "parent",
           "asks-0-text": "Support AB 1947", "asks-0-bill": ab1947.pk,
           "asks-1-text": "Keep the workforce funding", "asks-1-budget_item": budget.pk}))

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.office.kind) == ("done", "capitol")
    assert {(a.person, a.role) for a in meeting.attendees.all()} == {
        (graciela, "co_chair"), (rosa, "parent")}
    assert list(meeting.bills.all()) == [ab1947]
    assert [(a.text, a.bill, a.budget_item) for a in meeting.asks.all()] == [
        ("Support AB 1947", ab1947, None), ("Keep the workforce funding", None, budget)]
    page = policy.get(response["Location"]).content.decode()
    assert "Graciela Montoya" in page and "Co-chair" in page and "Support AB 1947" in page


def test_a_meeting_in_the_future_cannot_be_marked_held(policy, member):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()

    response = policy.post("/es/policy/staff/meetings/new/", _form(member, date=tomorrow))

    assert response.status_code == 400
    assert "no se puede marcar como realizada" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_rule_holds_whatever_page_saves_the_meeting(member, paula):
    meeting = _meeting(member, paula, date=TODAY + datetime.timedelta(days=3),
                       status="planned")

    with pytest.raises(ValidationError) as refused:
        meeting_update(meeting=meeting, status="done")

    assert "status" in refused.value.error_dict
    assert Meeting.objects.get().status == "planned"


def test_an_address_nobody_in_the_coalition_has_is_refused_and_nothing_is_lost(policy,
                                                                               member):
    response = policy.post("/en/policy/staff/meetings/new/", _form(
        member, **{"attendees-0-email": "stranger@example.org", "asks-0-text": "Support"}))

    page = response.content.decode()
    assert response.status_code == 400
    assert "No one in the coalition has this address" in page
    assert 'value="stranger@example.org"' in page
    assert "Choose the one bill or the one budget item this ask is about." in page
    assert not Meeting.objects.exists()


def test_an_ask_about_both_a_bill_and_a_budget_item_is_refused(member, paula):
    meeting = _meeting(member, paula)
    from alianza.policy.services.meetings import meeting_asks_set

    with pytest.raises(ValidationError):
        meeting_asks_set(meeting=meeting, asks=[{"text": "Both", "bill": make.bill(),
                                                 "budget_item": make.budget_item()}])
    assert not MeetingAsk.objects.exists()


def test_editing_keeps_an_attendee_erased_at_their_request(policy, member, paula):
    meeting = _meeting(member, paula)
    MeetingAttendee.objects.create(meeting=meeting, person=None, role="parent")
    make.person("Graciela Montoya", "graciela@example.org")

    policy.post(f"/en/policy/staff/meetings/{meeting.pk}/edit/", _form(
        member, **{"attendees-0-email": "graciela@example.org"}))

    assert sorted(meeting.attendees.values_list("role", flat=True)) == ["member", "parent"]


def test_the_list_filters_by_legislator_bill_and_status(policy, member, paula):
    wahab = make.legislator("Aisha Wahab", chamber="upper", number=10)
    ab1947 = make.bill("AB 1947")
    first = _meeting(member, paula, bills=[ab1947], purpose="First visit")
    _meeting(wahab, paula, purpose="Senate visit")
    _meeting(member, paula, date=TODAY + datetime.timedelta(days=5), status="planned",
             purpose="Next visit")

    by_legislator = policy.get("/en/policy/staff/meetings/",
                               {"legislator": wahab.pk}).content.decode()
    by_bill = policy.get("/en/policy/staff/meetings/", {"bill": ab1947.pk}).content.decode()
    planned = policy.get("/en/policy/staff/meetings/", {"status": "planned"}).content.decode()

    assert "Senate visit" in by_legislator and "First visit" not in by_legislator
    assert "First visit" in by_bill and "Senate visit" not in by_bill
    assert f"/meetings/{first.pk}/" in by_bill
    assert "Next visit" in planned and "First visit" not in planned


def test_a_follow_up_is_added_and_marked_done(policy, member, paula):
    meeting = _meeting(member, paula)

    policy.post(f"/en/policy/staff/meetings/{meeting.pk}/follow-ups/", {
        "description": "Send the district figures", "due_date": "2024-05-28",
        "owner": paula.pk})
    follow_up = MeetingFollowUp.objects.get()
    policy.post(f"/en/policy/staff/meetings/follow-ups/{follow_up.pk}/done/", {"done": "1"})

    follow_up.refresh_from_db()
    assert follow_up.is_done and follow_up.done_by == paula


def test_a_follow_up_owner_must_be_staff(policy, member, paula, django_user_model):
    meeting = _meeting(member, paula)
    volunteer = django_user_model.objects.create_user("volunteer", "v@example.org")

    response = policy.post(f"/en/policy/staff/meetings/{meeting.pk}/follow-ups/", {
        "description": "Call back", "due_date": "2024-05-28", "owner": volunteer.pk})

    assert response.status_code == 400
    assert not MeetingFollowUp.objects.exists()


def test_a_pdf_is_attached_and_downloads_as_a_sandboxed_attachment(policy, member, paula,
                                                                   settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    meeting = _meeting(member, paula)
    upload = SimpleUploadedFile("fact sheet.pdf", pdf_bytes(1), "application/pdf")

    policy.post(f"/en/policy/staff/meetings/{meeting.pk}/attachments/", {"file": upload})

    attachment = MeetingAttachment.objects.get()
    assert (attachment.file_name, attachment.file_type) == ("fact sheet.pdf",
                                                            "application/pdf")
    response = policy.get(f"/en/policy/staff/meetings/attachments/{attachment.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_not_a_document_is_refused_with_the_reason(policy, member, paula):
    meeting = _meeting(member, paula)
    upload = SimpleUploadedFile("notes.pdf", b"<html><script>alert(1)</script></html>",
                                "application/pdf")

    response = policy.post(f"/en/policy/staff/meetings/{meeting.pk}/attachments/",
                           {"file": upload})

    assert response.status_code == 400
    assert "a web page or other markup" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_the_reports_count_meetings_per_legislator_and_bill_and_list_what_is_due(
        policy, member, paula):
    ab1947 = make.bill("AB 1947")
    meeting = _meeting(member, paula, bills=[ab1947])
    MeetingAsk.objects.create(meeting=meeting, text="Support AB 1947", bill=ab1947)
    _meeting(member, paula, date=datetime.date(2024, 3, 1))
    MeetingFollowUp.objects.create(meeting=meeting, description="Send the figures",
                                   due_date=TODAY - datetime.timedelta(days=2), owner=paula)
    MeetingFollowUp.objects.create(meeting=meeting, description="Far away task",
                                   due_date=TODAY + datetime.timedelta(days=30), owner=paula)

    page = policy.get("/en/policy/staff/meetings/reports/").content.decode()

    per_legislator = page.split("Meetings per legislator")[1].split("Meetings per bill")[0]
    assert re.search(r"Al Muratsuchi</a></td><td[^>]*>2</td>", per_legislator)
    per_bill = page.split("Meetings per bill")[1]
    assert "AB 1947</a></td><td>1</td><td>1</td>" in per_bill
    assert "Send the figures" in page and "Overdue" in page
    assert "Far away task" not in page


def test_a_persons_meetings_are_in_their_data_export_and_go_with_their_erasure(
        member, paula):
    rosa = make.person("Rosa Villaseñor", "rosa@example.org", "es")
    meeting = _meeting(member, paula, purpose="Sacramento delegation")
    MeetingAttendee.objects.create(meeting=meeting, person=rosa, role="parent")

    exported = person_data_export(person=rosa, actor=paula, reason="She asked by email")
    assert exported["policy-meetings"] == [{
        "date": "2024-05-14", "legislator": "Al Muratsuchi", "office": "", "status": "done",
        "role": "parent", "purpose": "Sacramento delegation"}]

    person_erase(person=rosa, actor=paula, reason="She asked by email",
                 confirmation="rosa@example.org")

    attendee = MeetingAttendee.objects.get()
    assert attendee.person is None and attendee.role == "parent"


def test_only_policy_staff_reach_the_meeting_pages(client, django_user_model, member, paula):
    meeting = _meeting(member, paula)
    coordinator = make.client_for(make.coalition_staff(django_user_model))

    for url in ("/en/policy/staff/meetings/", f"/en/policy/staff/meetings/{meeting.pk}/",
                "/en/policy/staff/meetings/reports/", "/en/policy/staff/meetings/new/"):
        assert coordinator.get(url).status_code == 403
        assert client.get(url).status_code == 302
    assert coordinator.post(f"/en/policy/staff/meetings/{meeting.pk}/edit/",
                            _form(member, status="cancelled")).status_code == 403
    assert Meeting.objects.get().status == "done"


def test_the_new_meeting_form_offers_the_offices_of_the_legislator_it_came_from(policy,
                                                                                member):
    page = policy.get("/en/policy/staff/meetings/new/",
                      {"legislator": member.pk}).content.decode()

    assert "Capitol office: 1021 O St., Sacramento, CA 95814" in page
    assert f'<option value="{member.pk}" selected>' in page


def test_the_edit_form_shows_the_delegation_and_asks_as_saved(policy, member, paula):
    make.person("Graciela Montoya", "graciela@example.org")
    ab1947 = make.bill("AB 1947")
    policy.post("/en/policy/staff/meetings/new/", _form(
        member, **{"attendees-0-email": "graciela@example.org", "attendees-0-role": "co_chair",
                   "asks-0-text": "Support AB 1947", "asks-0-bill": ab1947.pk}))
    meeting = Meeting.objects.get()

    page = policy.get(f"/en/policy/staff/meetings/{meeting.pk}/edit/").content.decode()

    assert 'value="graciela@example.org"' in page
    assert "Support AB 1947</textarea>" in page


def test_staff_remove_an_attachment_and_its_file_goes(policy, member, paula, settings,
                                                      tmp_path, django_capture_on_commit_callbacks):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    meeting = _meeting(member, paula)
    policy.post(f"/en/policy/staff/meetings/{meeting.pk}/attachments/",
                {"file": SimpleUploadedFile("sheet.pdf", pdf_bytes(1))})
    stored = tmp_path / MeetingAttachment.objects.get().file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        policy.post(f"/en/policy/staff/meetings/attachments/"
                    f"{MeetingAttachment.objects.get().pk}/remove/")

    assert not MeetingAttachment.objects.exists()
    assert not stored.exists()


def test_a_follow_up_marked_done_from_the_report_leaves_it(policy, member, paula):
    meeting = _meeting(member, paula)
    follow_up = MeetingFollowUp.objects.create(
        meeting=meeting, description="Send the figures", owner=paula,
        due_date=TODAY - datetime.timedelta(days=2))

    response = policy.post(f"/en/policy/staff/meetings/follow-ups/{follow_up.pk}/done/",
                           {"done": "1", "next": "reports"}, follow=True)

    assert response.redirect_chain[-1][0].endswith("/en/policy/staff/meetings/reports/")
    assert "Send the figures" not in response.content.decode()
