"""Staff pages for email: who may use them, lists, segments, suppressions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.outreach.models import (
    MailingList,
    MailingListText,
    Segment,
    Subscription,
    Suppression,
)
from alianza.outreach.selectors import segment_resolve
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def suppression(db) -> Suppression:
    return Suppression.objects.create(address="gone@example.org",
                                      reason=Suppression.Reason.HARD_BOUNCE,
                                      detail="550 5.1.1 user unknown")


def staff_pages(mailing, suppression, updates) -> list[str]:
    return [
        reverse("outreach-staff-mailings"), reverse("outreach-staff-mailing-new"),
        reverse("outreach-staff-mailing", args=[mailing.pk]),
        reverse("outreach-staff-mailing-edit", args=[mailing.pk]),
        reverse("outreach-staff-mailing-preview", args=[mailing.pk]),
        reverse("outreach-staff-mailing-report", args=[mailing.pk]),
        reverse("outreach-staff-mailing-report-csv", args=[mailing.pk]),
        reverse("outreach-staff-segments"), reverse("outreach-staff-segment-new"),
        reverse("outreach-staff-segment", args=[mailing.segment.pk]),
        reverse("outreach-staff-segment-count") + f"?segment={mailing.segment.pk}",
        reverse("outreach-staff-lists"), reverse("outreach-staff-list-new"),
        reverse("outreach-staff-list", args=[updates.pk]),
        reverse("outreach-staff-suppressions"),
        reverse("outreach-staff-suppression", args=[suppression.pk]),
    ]


def staff_posts(mailing, suppression, updates) -> list[tuple[str, dict]]:
    return [
        (reverse("outreach-staff-mailing-new"), {"name": "x", "subject_en": "x",
                                                  "body_en": "<p>x</p>"}),
        (reverse("outreach-staff-mailing-test", args=[mailing.pk]),
         {"address": "x@example.org", "language": "en"}),
        (reverse("outreach-staff-mailing-send", args=[mailing.pk]), {"mode": "now"}),
        (reverse("outreach-staff-mailing-cancel", args=[mailing.pk]), {}),
        (reverse("outreach-staff-segment-new"), {"name": "All", "lists": ["updates"]}),
        (reverse("outreach-staff-list-new"), {"slug": "new", "name_en": "New"}),
        (reverse("outreach-staff-suppression", args=[suppression.pk]), {"reason": "ok"}),
        (reverse("outreach-staff-suppressions"), {"address": "x@example.org"}),
    ]


def test_staff_can_open_every_email_page(staff_client, mailing, suppression, updates):
    for url in staff_pages(mailing, suppression, updates):
        response = staff_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_workgroup_leads_and_member_contacts_get_403_everywhere(
    request, persona, mailing, suppression, updates, sink
):
    client = request.getfixturevalue(persona)

    for url in staff_pages(mailing, suppression, updates):
        assert client.get(url).status_code == 403, url
    for url, data in staff_posts(mailing, suppression, updates):
        assert client.post(url, data).status_code == 403, url
    assert sink.messages == []
    assert not MailingList.objects.filter(slug="new").exists()
    suppression.refresh_from_db()
    assert suppression.lifted_at is None
    mailing.refresh_from_db()
    assert mailing.status == "draft"


def test_anonymous_visitors_are_sent_to_log_in(client, mailing, suppression, updates):
    for url in staff_pages(mailing, suppression, updates):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for url, data in staff_posts(mailing, suppression, updates):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_the_staff_navigation_links_to_the_mailings(staff_client):
    page = staff_client.get(reverse("coalition-staff-dashboard")).content.decode()

    assert reverse("outreach-staff-mailings") in page


# Lists ----------------------------------------------------------------------------------


def test_the_lists_page_counts_confirmed_pending_and_unsubscribed(staff_client, updates):
    subscribe(updates, "a@example.org", "A")
    subscribe(updates, "b@example.org", "B")
    subscribe(updates, "c@example.org", "C", status=Subscription.Status.PENDING)
    subscribe(updates, "d@example.org", "D", status=Subscription.Status.UNSUBSCRIBED)

    page = staff_client.get(reverse("outreach-staff-lists"))

    row = page.content.decode().split("General updates")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0].strip() for c in row.split('<td class="number">')[1:]]
    assert cells == ["2", "1", "1"]


def test_staff_create_a_list_with_a_name_in_each_language(staff_client):
    response = staff_client.post(reverse("outreach-staff-list-new"), {
        "slug": "policy-alerts", "is_public": "on", "name_en": "Policy alerts",
        "description_en": "When a bill moves.", "name_es": "Alertas de políticas",
        "description_es": "Cuando avanza un proyecto de ley."})

    assert response.status_code == 302
    mailing_list = MailingList.objects.get(slug="policy-alerts")
    names = dict(mailing_list.texts.values_list("language", "name"))
    assert names == {"en": "Policy alerts", "es": "Alertas de políticas"}
    assert mailing_list.is_public


def test_a_list_needs_an_english_name_and_keeps_what_was_typed(staff_client):
    response = staff_client.post(reverse("outreach-staff-list-new"), {
        "slug": "policy-alerts", "name_en": "", "name_es": "Alertas de políticas"})

    assert response.status_code == 400
    assert "Alertas de políticas" in response.content.decode()
    assert not MailingList.objects.exists()


def test_editing_a_list_can_drop_a_language_but_not_change_the_slug(staff_client, updates):
    response = staff_client.post(reverse("outreach-staff-list", args=[updates.pk]), {
        "slug": "renamed", "name_en": "General news", "name_es": ""})

    assert response.status_code == 302
    updates.refresh_from_db()
    assert updates.slug == "updates"
    assert list(updates.texts.values_list("language", "name")) == [("en", "General news")]


def test_a_list_slug_already_in_use_is_refused(staff_client, updates):
    response = staff_client.post(reverse("outreach-staff-list-new"), {
        "slug": "updates", "name_en": "Again"})

    assert response.status_code == 400
    assert MailingListText.objects.filter(name="Again").count() == 0


# Segments -------------------------------------------------------------------------------


@pytest.fixture
def audience(updates, workgroup):
    """People left out for every reason, and one reached through two groups."""
    alerts = MailingList.objects.create(slug="alerts")
    subscribe(updates, "ok@example.org", "Ok")
    both = subscribe(updates, "both@example.org", "Both")
    subscribe(alerts, "both@example.org", "Both")
    subscribe(updates, "pending@example.org", "Pending", status=Subscription.Status.PENDING)
    subscribe(updates, "left@example.org", "Left", status=Subscription.Status.UNSUBSCRIBED)
    subscribe(updates, "bounced@example.org", "Bounced")
    Suppression.objects.create(address="bounced@example.org",
                               reason=Suppression.Reason.HARD_BOUNCE)
    workgroup.memberships.create(person=both, language="en", status="confirmed")
    return {"lists": ["alerts", "updates"], "workgroups": ["policy"]}


def test_the_segment_count_matches_what_the_sending_engine_computes(staff_client, audience):
    expected = segment_resolve(definition=audience, with_organizations=False)

    response = staff_client.get(reverse("outreach-staff-segment-count"),
                                {"lists": audience["lists"], "workgroups": ["policy"]},
                                HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert f'<strong class="big-number">{expected.count}</strong>' in page
    assert expected.count == 2
    for reason in ("unsubscribed", "suppressed", "unconfirmed", "duplicate"):
        row = page.split(f'data-reason="{reason}"')[1].split("</tr>")[0]
        assert f'<td class="number">{expected.excluded[reason]}</td>' in row, reason
    assert expected.excluded["duplicate"] == 2
    assert expected.excluded["unconfirmed"] == expected.excluded["unsubscribed"] == 1
    assert expected.excluded["suppressed"] == 1
    assert "<html" not in page


def test_staff_save_a_segment_from_the_builder(staff_client, audience):
    response = staff_client.post(reverse("outreach-staff-segment-new"), {
        "name": " Everyone   engaged ", "lists": ["updates", "alerts"], "workgroups": ["policy"],
        "languages": ["es"], "action": "save"})

    assert response.status_code == 302
    segment = Segment.objects.get()
    assert segment.name == "Everyone engaged"
    assert segment.definition == {"lists": ["alerts", "updates"], "workgroups": ["policy"],
                                  "languages": ["es"]}


def test_counting_in_the_builder_saves_nothing_and_shows_the_size(staff_client, audience):
    response = staff_client.post(reverse("outreach-staff-segment-new"), {
        "name": "", "lists": ["updates"], "action": "count"})

    assert response.status_code == 200
    assert not Segment.objects.exists()
    expected = segment_resolve(definition={"lists": ["updates"]}).count
    assert expected == 2
    assert f'<strong class="big-number">{expected}</strong>' in response.content.decode()


def test_a_segment_needs_at_least_one_group_of_people(staff_client, updates):
    response = staff_client.post(reverse("outreach-staff-segment-new"), {
        "name": "Nobody", "languages": ["es"], "action": "save"})

    assert response.status_code == 400
    assert "Choose at least one group of people" in response.content.decode()
    assert not Segment.objects.exists()


def test_a_segment_a_mailing_went_out_to_is_saved_as_a_new_one(staff_client, mailing):
    mailing.status = "sent"
    mailing.save()
    segment = mailing.segment

    response = staff_client.post(reverse("outreach-staff-segment", args=[segment.pk]), {
        "name": "Updates in Spanish", "lists": ["updates"], "languages": ["es"],
        "action": "save"})

    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.definition == {"lists": ["updates"]}
    assert Segment.objects.get(name="Updates in Spanish").definition["languages"] == ["es"]


# Suppressions ---------------------------------------------------------------------------


def test_the_suppression_list_shows_reason_and_searches(staff_client, suppression):
    Suppression.objects.create(address="other@example.org", reason=Suppression.Reason.COMPLAINT)

    page = staff_client.get(reverse("outreach-staff-suppressions"), {"q": "gone"})

    text = page.content.decode()
    assert "gone@example.org" in text and "Hard bounce" in text
    assert "other@example.org" not in text


def test_lifting_a_suppression_needs_a_reason(staff_client, suppression):
    url = reverse("outreach-staff-suppression", args=[suppression.pk])

    response = staff_client.post(url, {"reason": "   "})

    assert response.status_code == 400
    suppression.refresh_from_db()
    assert suppression.lifted_at is None


def test_staff_lift_a_suppression_with_a_reason_that_is_kept(staff_client, suppression,
                                                             staff_user):
    url = reverse("outreach-staff-suppression", args=[suppression.pk])

    response = staff_client.post(url, {"reason": "She wrote: the mailbox works again."})

    assert response.status_code == 302
    assert "may be mailed again" in staff_client.get(response.url).content.decode()
    suppression.refresh_from_db()
    assert suppression.lifted_at and suppression.lifted_by == staff_user
    assert suppression.lift_reason == "She wrote: the mailbox works again."
    assert "gone@example.org" not in staff_client.get(
        reverse("outreach-staff-suppressions")).content.decode()
    assert staff_client.post(url, {"reason": "again"}).status_code == 302
    suppression.refresh_from_db()
    assert suppression.lift_reason == "She wrote: the mailbox works again."


def test_staff_suppress_an_address_by_hand_and_bad_addresses_are_refused(staff_client):
    url = reverse("outreach-staff-suppressions")

    assert staff_client.post(url, {"address": "a@b.org\r\nBcc: x@y.org"}).status_code == 400
    assert staff_client.post(url, {"address": " Someone@Example.org "}).status_code == 302
    assert Suppression.objects.get().address == "someone@example.org"
