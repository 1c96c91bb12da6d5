"""The bill tracker's staff pages: finding bills by any written form of their number, adding
one by hand, editing, manual actions and hearings, positions, letters and import conflicts."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from alianza.core import roles
from alianza.library.models import Resource, ResourceText
from alianza.policy.models import (
    Bill,
    BillAction,
    BillChange,
    BillConflict,
    BillPosition,
    Hearing,
    IssueArea,
)
from tests.policy import factories_d as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy_client(db) -> Client:
    client = Client()
    client.force_login(f.policy_staff("ana"))
    return client


@pytest.fixture
def bill(db) -> Bill:
    return f.bill_create("AB 1947", summary_en="Adds funding.")


@pytest.mark.parametrize("typed", ["A.B. 1947", "ab1947", "Assembly Bill 1947", "AB 01947"])
def test_staff_find_a_bill_by_any_usual_way_of_writing_its_number(policy_client, bill, typed):
    f.bill_create("AB 194", title="Another bill")
    page = policy_client.get("/en/policy/staff/bills/", {"q": typed}).content.decode()
    assert f'/en/policy/staff/bills/{bill.pk}/"' in page
    assert "Another bill" not in page


def test_the_staff_list_shows_untracked_bills_and_words_of_titles_find_them(policy_client):
    f.bill_create("SB 5", title="An act relating to dual language immersion.", tracked=False)
    page = policy_client.get("/es/policy/staff/bills/", {"q": "immersion"}).content.decode()
    assert "SB 5" in page and "1 proyecto de ley" in page
    nothing = policy_client.get("/en/policy/staff/bills/", {"q": "XB 12"}).content.decode()
    assert "No bill matches “XB 12”" in nothing


def test_a_bill_added_by_hand_has_a_normalised_number(policy_client):
    session = f.session_create()
    response = policy_client.post("/en/policy/staff/bills/new/", {
        "session": session.pk, "identifier": "a.b. 2268", "title": ""})
    bill = Bill.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{bill.pk}/")
    assert (bill.identifier, bill.title, bill.staff_edited, bill.source) == (
        "AB 2268", "AB 2268", [], "staff")


def test_a_number_that_does_not_parse_gets_a_clear_message_in_the_users_language(
        policy_client):
    session = f.session_create()
    response = policy_client.post("/es/policy/staff/bills/new/", {
        "session": session.pk, "identifier": "Bill of Rights", "title": "Kept title"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "no es un número de proyecto de ley que reconozcamos" in page
    assert "Kept title" in page  # what was typed is not lost
    assert not Bill.objects.exists()


def test_the_same_bill_twice_in_a_session_is_refused(policy_client, bill):
    response = policy_client.post("/en/policy/staff/bills/new/", {
        "session": bill.session.pk, "identifier": "AB1947"})
    assert response.status_code == 400
    assert "AB 1947 of the 2023-2024 Regular Session is already in the tracker" in \
        response.content.decode()
    later = f.session_create("20252026", "2025-2026 Regular Session")
    assert policy_client.post("/en/policy/staff/bills/new/", {
        "session": later.pk, "identifier": "AB1947"}).status_code == 302


def test_editing_a_feed_field_lists_it_as_a_staff_edit_and_saves_texts(policy_client, bill,
                                                                       workgroup):
    area = IssueArea.objects.create(slug="funding", name="Funding")
    response = policy_client.post(f"/en/policy/staff/bills/{bill.pk}/edit/", {
        "is_tracked": "on", "workgroup": workgroup.pk, "issue_areas": [area.pk],
        "title": bill.title, "abstract": "Corrected abstract.",
        "short_title_en": "Funding", "summary_en": "Adds funding.",
        "short_title_es": "Fondos", "summary_es": "Aumenta los fondos."})
    assert response.status_code == 302
    bill.refresh_from_db()
    assert bill.staff_edited == ["abstract"]
    assert bill.abstract == "Corrected abstract." and bill.workgroup == workgroup
    assert list(bill.issue_areas.all()) == [area]
    assert bill.texts.get(language="es").summary == "Aumenta los fondos."


def test_an_empty_official_title_is_refused_and_nothing_changes(policy_client, bill):
    response = policy_client.post(f"/en/policy/staff/bills/{bill.pk}/edit/", {
        "title": "", "summary_en": "Something new."})
    assert response.status_code == 400
    bill.refresh_from_db()
    assert bill.title and bill.texts.get(language="en").summary == "Adds funding."


def test_a_manual_action_on_a_tracked_bill_is_a_change_followers_hear_of(policy_client, bill):
    response = policy_client.post(f"/en/policy/staff/bills/{bill.pk}/actions/new/", {
        "date": "2024-05-01", "description": "Coalition testimony delivered.",
        "chamber": "lower", "organization": "Assembly Education"})
    assert response.status_code == 302
    action = BillAction.objects.get()
    assert action.is_manual and action.date == datetime.date(2024, 5, 1)
    change = BillChange.objects.get()
    assert (change.kind, change.occurred_on, change.description) == (
        "action", datetime.date(2024, 5, 1), "Coalition testimony delivered.")


def test_a_manual_action_on_an_untracked_bill_records_no_change(policy_client):
    untracked = f.bill_create("SB 5", tracked=False)
    policy_client.post(f"/en/policy/staff/bills/{untracked.pk}/actions/new/", {
        "date": "2024-05-01", "description": "Read first time."})
    assert BillAction.objects.filter(is_manual=True).count() == 1
    assert not BillChange.objects.exists()


def test_an_action_in_the_future_is_refused(policy_client, bill):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = policy_client.post(f"/es/policy/staff/bills/{bill.pk}/actions/new/", {
        "date": tomorrow.isoformat(), "description": "Will pass."})
    assert response.status_code == 400
    assert "no puede tener fecha futura" in response.content.decode()
    assert not BillAction.objects.exists() and not BillChange.objects.exists()


def test_a_manual_hearing_is_on_the_timeline_and_is_a_change(policy_client, bill):
    response = policy_client.post(f"/en/policy/staff/bills/{bill.pk}/hearings/new/", {
        "starts_at": "2024-06-19T13:30", "body": "Senate Education Committee",
        "location": "1021 O Street, Room 2100"})
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.is_manual
    change = BillChange.objects.get()
    assert change.kind == "hearing" and change.occurred_on == datetime.date(2024, 6, 19)
    assert change.description == "Senate Education Committee · 13:30 · 1021 O Street, Room 2100"
    page = policy_client.get("/en/policy/bills/20232024/ab-1947/").content.decode()
    assert "Senate Education Committee" in page


def test_a_hearing_without_a_body_or_with_a_bad_date_is_refused(policy_client, bill):
    response = policy_client.post(f"/en/policy/staff/bills/{bill.pk}/hearings/new/", {
        "starts_at": "next tuesday", "body": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a date and time such as 2024-06-19 13:30." in page
    assert "Name the committee or body holding the hearing." in page
    assert not Hearing.objects.exists()


def test_setting_a_position_keeps_the_earlier_one_with_who_and_why(policy_client, bill):
    policy_client.post(f"/en/policy/staff/bills/{bill.pk}/position/", {
        "position": "watch", "note": "Studying it."})
    policy_client.post(f"/en/policy/staff/bills/{bill.pk}/position/", {
        "position": "support_if_amended", "note": "Needs a funding floor.",
        "note_es": "Necesita un piso de fondos."})
    rows = list(BillPosition.objects.filter(bill=bill))
    assert [r.position for r in rows] == ["support_if_amended", "watch"]
    assert rows[0].set_by.username == "ana" and rows[0].note_es == "Necesita un piso de fondos."
    page = policy_client.get(f"/en/policy/staff/bills/{bill.pk}/").content.decode()
    assert page.index("Support if amended") < page.index("Watching")
    bad = policy_client.post(f"/en/policy/staff/bills/{bill.pk}/position/", {
        "position": "love"})
    assert bad.status_code == 400 and BillPosition.objects.count() == 2


def test_a_position_row_cannot_be_changed_in_place(bill):
    from alianza.policy.models.positions import PositionImmutableError

    row = BillPosition.objects.create(bill=bill, position="support")
    row.position = "oppose"
    with pytest.raises(PositionImmutableError):
        row.save()
    with pytest.raises(PositionImmutableError):
        BillPosition.objects.update(position="oppose")


def test_letters_attach_to_the_current_position(policy_client, bill):
    letter = Resource.objects.create(slug="letter-ab-1947", kind="brief",
                                     published_on=datetime.date(2024, 3, 1), is_published=True)
    ResourceText.objects.create(resource=letter, language="en", title="Support letter")
    no_position = policy_client.get(f"/en/policy/staff/bills/{bill.pk}/letters/")
    assert no_position.status_code == 302
    BillPosition.objects.create(bill=bill, position="support")
    page = policy_client.get(f"/en/policy/staff/bills/{bill.pk}/letters/").content.decode()
    assert "Support letter" in page
    policy_client.post(f"/en/policy/staff/bills/{bill.pk}/letters/", {"letters": [letter.pk]})
    assert list(BillPosition.objects.get().letters.all()) == [letter]
    public = "/en/policy/bills/20232024/ab-1947/"
    assert "Support letter" in policy_client.get(public).content.decode()


def _conflict(bill: Bill) -> BillConflict:
    Bill.objects.filter(pk=bill.pk).update(title="Staff title", staff_edited=["title"])
    return BillConflict.objects.create(bill=bill, field="title", staff_value="Staff title",
                                       feed_value="Feed title",
                                       source="openstates:ab1947.json")


def test_open_conflicts_show_both_values_with_a_button_for_each(policy_client, bill):
    _conflict(bill)
    page = policy_client.get(f"/es/policy/staff/bills/{bill.pk}/").content.decode()
    assert "Staff title" in page and "Feed title" in page
    assert "Conservar el valor del personal" in page and "Tomar el valor de la fuente" in page


def test_taking_the_feeds_value_updates_the_bill_and_lets_imports_update_it(policy_client,
                                                                           bill):
    conflict = _conflict(bill)
    response = policy_client.post(
        f"/en/policy/staff/bills/conflicts/{conflict.pk}/resolve/", {"keep": "feed"})
    assert response.status_code == 302
    bill.refresh_from_db()
    conflict.refresh_from_db()
    assert bill.title == "Feed title" and bill.staff_edited == []
    assert conflict.kept == "feed" and conflict.resolved_at is not None
    page = policy_client.get(f"/en/policy/staff/bills/{bill.pk}/").content.decode()
    assert "Take the feed's value" not in page


def test_keeping_staffs_value_keeps_the_field_a_staff_edit(policy_client, bill):
    conflict = _conflict(bill)
    policy_client.post(f"/en/policy/staff/bills/conflicts/{conflict.pk}/resolve/",
                       {"keep": "staff"})
    bill.refresh_from_db()
    conflict.refresh_from_db()
    assert (bill.title, bill.staff_edited, conflict.kept) == ("Staff title", ["title"], "staff")
    again = policy_client.post(f"/en/policy/staff/bills/conflicts/{conflict.pk}/resolve/",
                               {"keep": "feed"}, follow=True)
    assert "This conflict was already settled." in again.content.decode()
    bill.refresh_from_db()
    assert bill.title == "Staff title"


def test_a_resolution_without_a_choice_changes_nothing(policy_client, bill):
    conflict = _conflict(bill)
    policy_client.post(f"/en/policy/staff/bills/conflicts/{conflict.pk}/resolve/",
                       {"keep": "both"})
    conflict.refresh_from_db()
    assert conflict.resolved_at is None


@pytest.mark.parametrize("role", [roles.OUTREACH, roles.COALITION_STAFF, roles.DATA_ANALYST])
def test_other_staff_roles_cannot_edit_bills_or_settle_conflicts(db, bill, django_user_model,
                                                                 role):
    conflict = _conflict(bill)
    user = django_user_model.objects.create_user("other", "o@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    assert client.get(f"/en/policy/staff/bills/{bill.pk}/edit/").status_code == 403
    assert client.post(f"/en/policy/staff/bills/conflicts/{conflict.pk}/resolve/",
                       {"keep": "feed"}).status_code == 403
    assert client.post(f"/en/policy/staff/bills/{bill.pk}/position/",
                       {"position": "oppose"}).status_code == 403
    conflict.refresh_from_db()
    assert conflict.resolved_at is None and not BillPosition.objects.exists()


def test_every_staff_page_of_a_bill_opens_in_spanish(policy_client, bill):
    BillPosition.objects.create(bill=bill, position="support")
    _conflict(bill)
    for path in ("", "new/", "alerts/", f"{bill.pk}/", f"{bill.pk}/edit/",
                 f"{bill.pk}/actions/new/", f"{bill.pk}/hearings/new/",
                 f"{bill.pk}/position/", f"{bill.pk}/letters/"):
        response = policy_client.get(f"/es/policy/staff/bills/{path}")
        assert response.status_code == 200, path
        assert 'lang="es"' in response.content.decode()[:200], path
