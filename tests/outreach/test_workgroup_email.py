"""A workgroup's leads write to their group in both languages, preview it and send it to
the people on the group's roster who confirmed the workgroup's mailing list; nobody else
may."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from alianza.coalition.models import Workgroup, WorkgroupMembership
from alianza.outreach.models import Mailing, MailingList, MailingListText
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_list(workgroup) -> MailingList:
    mailing_list = MailingList.objects.create(slug="policy-group", is_public=False,
                                              workgroup=workgroup)
    MailingListText.objects.create(mailing_list=mailing_list, language="en",
                                   name="Policy Workgroup news")
    MailingListText.objects.create(mailing_list=mailing_list, language="es",
                                   name="Noticias del grupo de políticas")
    for person in (subscribe(mailing_list, "bo@example.org", "Bo Chen", "en"),
                   subscribe(mailing_list, "ana@example.org", "Ana García", "es"),
                   subscribe(mailing_list, "late@example.org", "Late", "en", status="pending")):
        member(workgroup, person)
    # On the list, never on the roster (or taken off it): the group's messages skip them.
    subscribe(mailing_list, "gone@example.org", "Gone", "en")
    return mailing_list


def member(workgroup, person) -> WorkgroupMembership:
    return WorkgroupMembership.objects.create(
        workgroup=workgroup, person=person, language=person.preferred_language,
        status=WorkgroupMembership.Status.CONFIRMED)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead(django_user_model, workgroup):
    user = django_user_model.objects.create_user("lead", "lead@example.org")
    workgroup.leads.add(user)
    return client_for(user)


@pytest.fixture
def url(workgroup) -> str:
    return reverse("outreach-workgroup-email", args=[workgroup.slug])


def message(**changes) -> dict:
    data = {"subject_en": "Meeting on {{ name }}'s agenda", "body_en":
            "# Next meeting\n\nHello {{ name }}!\n\n[[Add it to your calendar]"
            "(https://example.org/meeting.ics)]\n",
            "subject_es": "Reunión", "body_es": "# Próxima reunión\n\nHola, {{ name }}.\n"}
    data.update(changes)
    return data


def page_text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_a_lead_previews_the_message_in_both_languages_before_sending(lead, url, group_list):
    response = lead.post(url, {**message(), "preview": ""})

    assert response.status_code == 200
    page = page_text(response)
    assert "2 people will receive it" in page
    assert "Hello Ana García!" in page and "Hola, Ana García." in page
    assert "Send to 2 people now" in page
    assert not Mailing.objects.exists()


def test_a_lead_sends_to_confirmed_subscribers_of_the_group_in_their_language(
    lead, url, group_list, sink, profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url, {**message(), "send": "1", "expected": "2"})

    assert response.status_code == 302
    mailing = Mailing.objects.get()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.reply_to == "lead@example.org"
    (bo,) = sink.to("bo@example.org")
    (ana,) = sink.to("ana@example.org")
    assert not sink.to("late@example.org")
    assert not sink.to("gone@example.org")
    assert bo["Subject"] == "Meeting on Bo Chen's agenda"
    assert ana["Subject"] == "Reunión" and ana["Content-Language"] == "es"
    assert "Add it to your calendar: https://example.org/meeting.ics" in sink.body(bo)
    assert "List-Unsubscribe" in bo and "Policy Workgroup news" in sink.body(bo)
    assert "Noticias del grupo de políticas" in sink.body(ana)
    assert "Sending has started to 2 people." in page_text(lead.get(url))


def test_a_changed_audience_asks_to_check_again_instead_of_sending(lead, url, group_list):
    response = lead.post(url, {**message(), "send": "1", "expected": "5"})

    assert response.status_code == 200
    assert "The number of people changed since the preview." in page_text(response)
    assert not Mailing.objects.exists()


def test_a_bad_merge_field_is_explained_and_the_text_stays(lead, url, group_list):
    response = lead.post(url, {**message(body_en="Hello {{ first_name"), "preview": ""})

    assert response.status_code == 400
    page = page_text(response)
    assert "merge field that is not closed" in page
    assert "Hello {{ first_name" in page
    assert not Mailing.objects.exists()


def test_a_group_without_a_list_is_told_to_ask_staff(lead, url):
    page = page_text(lead.get(url))

    assert "This workgroup has no mailing list yet." in page


def test_the_lead_of_another_group_and_outsiders_are_refused(
    django_user_model, url, group_list, sink
):
    other = django_user_model.objects.create_user("other", "other@example.org")
    Workgroup.objects.create(slug="grassroots").leads.add(other)
    outsider = django_user_model.objects.create_user("outsider", "out@example.org")

    for client in (client_for(other), client_for(outsider)):
        assert client.get(url).status_code == 403
        response = client.post(url, {**message(), "send": "1", "expected": "2"})
        assert response.status_code == 403
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert not Mailing.objects.exists() and not sink.messages


def test_the_roster_links_to_the_email_page(lead, url, workgroup):
    roster = lead.get(reverse("coalition-workgroup-roster", args=[workgroup.slug]))

    assert f'href="{url}"' in roster.content.decode()


def test_someone_taken_off_the_roster_no_longer_gets_the_groups_messages(
    lead, url, group_list, workgroup, sink, profile, django_capture_on_commit_callbacks
):
    from alianza.coalition.services.workgroup_leads import workgroup_participant_remove

    bo = WorkgroupMembership.objects.get(person__email="bo@example.org")
    workgroup_participant_remove(membership=bo, removed_by=None, notify=False)
    assert "1 person will receive it" in page_text(lead.post(url, {**message(), "preview": ""}))

    with django_capture_on_commit_callbacks(execute=True):
        assert lead.post(url, {**message(), "send": "1", "expected": "1"}).status_code == 302

    assert sink.to("ana@example.org") and not sink.to("bo@example.org")
    # Their subscription, and the consent it records, are still theirs.
    assert bo.person.subscriptions.get().status == "confirmed"
