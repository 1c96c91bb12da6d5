"""OSDI messages: mailings, read-only, with their figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.outreach.models import (
    Delivery,
    Mailing,
    MailingContent,
    MailingEvent,
    MailingList,
    Segment,
)

pytestmark = pytest.mark.django_db

# Field names of Action Network's message example.
MESSAGE_FIELDS = {"identifiers", "origin_system", "created_date", "modified_date", "subject",
                  "body", "from", "reply_to", "status", "type", "total_targeted", "targets",
                  "statistics", "_links"}


def mailing(name: str = "June update", **fields) -> Mailing:
    found = Mailing.objects.create(name=name, **fields)
    MailingContent.objects.create(mailing=found, language="es", subject="Novedades de junio",
                                  body_markdown="Hola **amigas**.")
    MailingContent.objects.create(mailing=found, language="en", subject="June news",
                                  body_markdown="Hello **friends**.\n\n"
                                                "[[Read more](https://example.org/june)]")
    return found


def deliver(sent: Mailing, count: int) -> list[Delivery]:
    rows = []
    for i in range(count):
        person = Person.objects.create(name=f"P{i}", email=f"p{i}-{sent.pk}@example.org")
        rows.append(Delivery.objects.create(mailing=sent, person=person, address=person.email,
                                            language="en", status=Delivery.Status.SENT))
    return rows


def test_a_message_has_action_network_fields_in_the_default_language(osdi_get):
    found = mailing(from_name="Coalición", reply_to="hola@example.org")

    body = osdi_get(f"messages/{found.uuid}").json()

    assert MESSAGE_FIELDS - {"targets"} <= body.keys()
    assert body["identifiers"] == [f"alianza:{found.uuid}"]
    assert body["subject"] == "June news"
    assert "<strong>friends</strong>" in body["body"]
    assert 'href="https://example.org/june"' in body["body"]
    assert body["alianza:body_text"].startswith("Hello friends.")
    assert (body["from"], body["reply_to"]) == ("Coalición", "hola@example.org")
    assert (body["status"], body["type"]) == ("draft", "email")
    assert body["alianza:language"] == "en"
    assert body["alianza:languages"] == ["en", "es"]
    assert body["_links"]["self"]["href"].endswith(f"messages/{found.uuid}")


def test_a_mailing_without_the_default_language_shows_the_one_it_has(osdi_get):
    found = Mailing.objects.create(name="Solo")
    MailingContent.objects.create(mailing=found, language="es", subject="Solo español",
                                  html_body="<p>Hola</p>")

    body = osdi_get(f"messages/{found.uuid}").json()

    assert (body["subject"], body["body"]) == ("Solo español", "<p>Hola</p>")
    assert body["alianza:language"] == "es"


def test_statistics_count_deliveries_and_their_events(osdi_get):
    sent = mailing(status=Mailing.Status.SENT, tracking=True, recipient_count=4,
                   started_at=timezone.now())
    rows = deliver(sent, 4)
    Delivery.objects.filter(pk=rows[0].pk).update(status=Delivery.Status.BOUNCED)
    for kind, row in [("open", rows[1]), ("open", rows[1]), ("open", rows[2]),
                      ("click", rows[2]), ("unsubscribe", rows[3]), ("complaint", rows[3])]:
        MailingEvent.objects.create(mailing=sent, delivery=row, address=row.address, kind=kind)

    body = osdi_get(f"messages/{sent.uuid}").json()

    assert body["status"] == "sent" and body["total_targeted"] == 4
    assert body["sent_start_date"] is not None
    assert body["statistics"] == {"sent": 4, "opened": 2, "clicked": 1, "unsubscribed": 1,
                                  "bounced": 1, "spam_reports": 1, "alianza:failed": 0}


def test_opens_and_clicks_are_absent_when_the_mailing_did_not_count_them(osdi_get):
    sent = mailing(status=Mailing.Status.SENT, tracking=False)
    [row] = deliver(sent, 1)
    MailingEvent.objects.create(mailing=sent, delivery=row, address=row.address, kind="open")

    statistics = osdi_get(f"messages/{sent.uuid}").json()["statistics"]

    assert "opened" not in statistics and "clicked" not in statistics
    assert statistics["sent"] == 1


def test_targets_name_the_segment(osdi_get):
    MailingList.objects.create(slug="news")
    segment = Segment.objects.create(name="Everyone on the news list",
                                     definition={"lists": ["news"]})
    found = mailing(segment=segment)

    targets = osdi_get(f"messages/{found.uuid}").json()["targets"]

    assert targets[0] == {"name": "Everyone on the news list"}
    if hasattr(MailingList, "uuid"):
        news = MailingList.objects.get(slug="news")
        assert targets[1]["href"].endswith(f"lists/{news.uuid}")


def test_messages_are_paged_and_filtered_by_status_and_date(osdi_get):
    drafts = [mailing(f"Draft {i}") for i in range(3)]
    sent = mailing("Sent", status=Mailing.Status.SENT)
    Mailing.objects.filter(pk=drafts[0].pk).update(
        modified_at=timezone.now() - timedelta(days=20))

    page = osdi_get("messages", per_page=3).json()
    only_sent = osdi_get("messages", filter="status eq 'sent'").json()
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d")
    recent = osdi_get("messages", filter=f"modified_date gt '{since}'").json()

    assert (page["total_records"], page["total_pages"]) == (4, 2)
    assert len(page["_embedded"]["osdi:messages"]) == 3
    assert [m["name"] for m in only_sent["_embedded"]["osdi:messages"]] == [sent.name]
    assert recent["total_records"] == 3


def test_editing_a_mailings_text_moves_its_modified_date(osdi_get):
    found = mailing()
    Mailing.objects.filter(pk=found.pk).update(modified_at=timezone.now() - timedelta(days=2))
    before = osdi_get(f"messages/{found.uuid}").json()["modified_date"]

    content = found.contents.get(language="en")
    content.subject = "June news, again"
    content.save()

    after = osdi_get(f"messages/{found.uuid}").json()
    assert after["modified_date"] > before and after["subject"] == "June news, again"


def test_cancelling_a_mailing_moves_its_modified_date(osdi_get):
    from alianza.outreach.services.sending import mailing_cancel

    found = mailing(status=Mailing.Status.SCHEDULED)
    old = timezone.now() - timedelta(days=2)
    Mailing.objects.filter(pk=found.pk).update(modified_at=old)

    mailing_cancel(mailing=found)

    found.refresh_from_db()
    assert found.modified_at > old
    assert osdi_get(f"messages/{found.uuid}").json()["status"] == "cancelled"


def test_messages_are_read_only_and_need_their_scope(osdi_token, api_client, osdi_post):
    found = mailing()

    assert api_client.get("messages", token=osdi_token(("petitions:read",))).status_code == 403
    assert api_client.get("messages", token=osdi_token(("messages:read",))).status_code == 200
    assert osdi_post("messages", {"subject": "x"}).status_code in (404, 405)
    assert osdi_get_status(api_client, "messages/not-a-uuid") == 404
    assert Mailing.objects.count() == 1 and found.contents.count() == 2


def osdi_get_status(api_client, path: str) -> int:
    response = api_client.get(path)
    assert "error" in response.json()
    return response.status_code


def test_a_longer_page_of_messages_costs_no_more_queries(osdi_get):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert osdi_get("messages", per_page=100).status_code == 200
        return len(captured)

    segment = Segment.objects.create(name="News", definition={"lists": ["news"]})
    MailingList.objects.create(slug="news")
    deliver(mailing(segment=segment, status=Mailing.Status.SENT), 2)
    queries()  # the token's first use is recorded and caches are warmed once
    few = queries()
    for i in range(10):
        deliver(mailing(f"M{i}", segment=segment, status=Mailing.Status.SENT), 2)

    assert queries() == few
