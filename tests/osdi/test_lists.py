"""Mailing lists and their items (the people on them) through the OSDI API, read-only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.outreach.models import MailingList, MailingListText, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    mailing_list = MailingList.objects.create(slug="news")
    MailingListText.objects.create(mailing_list=mailing_list, language="en",
                                   name="Coalition news", description="Monthly")
    MailingListText.objects.create(mailing_list=mailing_list, language="es",
                                   name="Noticias de la coalición", description="Cada mes")
    return mailing_list


def subscribe(person: Person, mailing_list: MailingList, status: str) -> Subscription:
    return Subscription.objects.create(
        person=person, mailing_list=mailing_list, status=status, language="en",
        confirmed_at=timezone.now() if status == Subscription.Status.CONFIRMED else None)


def test_lists_are_shown_as_action_network_does(osdi_get, news):
    page = osdi_get("lists").json()
    body = osdi_get(f"lists/{news.uuid}").json()

    assert page["_embedded"]["osdi:lists"] == [body]
    assert body["title"] == "Coalition news" and body["name"] == "news"
    assert body["identifiers"] == [f"alianza:{news.uuid}"]
    assert body["_links"]["osdi:items"]["href"].endswith(f"/lists/{news.uuid}/items")


def test_a_list_title_follows_the_clients_language(api_client, news):
    response = api_client.client.get(f"/api/osdi/v1/lists/{news.uuid}",
                                     HTTP_ACCEPT_LANGUAGE="es",
                                     HTTP_OSDI_API_TOKEN=api_client.token)
    assert response.json()["title"] == "Noticias de la coalición"


def test_items_are_the_people_confirmed_on_the_list(osdi_get, news):
    on = Person.objects.create(email="on@example.org", name="On")
    waiting = Person.objects.create(email="waiting@example.org", name="Waiting")
    left = Person.objects.create(email="left@example.org", name="Left")
    item = subscribe(on, news, Subscription.Status.CONFIRMED)
    subscribe(waiting, news, Subscription.Status.PENDING)
    subscribe(left, news, Subscription.Status.UNSUBSCRIBED)

    page = osdi_get(f"lists/{news.uuid}/items").json()

    assert page["total_records"] == 1
    body = page["_embedded"]["osdi:items"][0]
    assert body["item_type"] == "osdi:person"
    assert body["identifiers"] == [f"alianza:{item.uuid}"]
    assert body["_links"]["osdi:person"]["href"].endswith(f"/people/{on.uuid}")
    assert body["_links"]["osdi:list"]["href"].endswith(f"/lists/{news.uuid}")
    assert osdi_get(body["_links"]["self"]["href"]).json() == body
    assert osdi_get(f"people/{on.uuid}/items").json()["_embedded"]["osdi:items"] == [body]
    pending = Subscription.objects.get(person=waiting)
    assert osdi_get(f"lists/{news.uuid}/items/{pending.uuid}").status_code == 404


def test_lists_cannot_be_written(api_client, news):
    assert api_client.post("lists", {"name": "x"}).status_code in (404, 405)
    assert api_client.put(f"lists/{news.uuid}", {"name": "x"}).status_code in (404, 405)
    assert api_client.delete(f"lists/{news.uuid}").status_code in (404, 405)
    assert MailingList.objects.get().slug == "news"


def test_unknown_lists_are_404(osdi_get):
    assert osdi_get("lists/00000000-0000-4000-8000-000000000000").status_code == 404
