"""Every field's help text and errors are announced with it: each id an element points at
with aria-describedby is on the page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.convenings import factories
from tests.library.factories import make_resource

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for target in (attributes.get("aria-describedby") or "").split():
            self.described.append((attributes.get("name") or tag, target))


def missing_descriptions(html: str) -> list[tuple[str, str]]:
    parser = _Ids()
    parser.feed(html)
    return [(name, target) for name, target in parser.described if target not in parser.ids]


def test_help_texts_and_errors_of_the_join_form_are_found_by_screen_readers(client):
    url = reverse("coalition-join")
    assert missing_descriptions(client.get(url).content.decode()) == []
    refused = client.post(url, {"name": "", "email": "not an address"})
    assert "aria-invalid" in refused.content.decode()
    assert missing_descriptions(refused.content.decode()) == []


def test_the_event_form_and_the_press_room_filter_point_at_their_own_help(client):
    event = factories.event_create()
    url = reverse("events-event", args=[event.slug])
    page = client.post(url, {"name": "", "email": "nope"}).content.decode()
    assert "aria-invalid" in page
    assert missing_descriptions(page) == []
    press = client.get(reverse("library-press"), {"start": "13/45/2024"}).content.decode()
    assert "aria-invalid" in press
    assert missing_descriptions(press) == []


def test_staff_forms_point_at_their_help_texts(staff_client):
    resource = make_resource(en="A guide")
    page = staff_client.get(reverse("library-staff-resource-edit", args=[resource.pk]))
    html = page.content.decode()
    assert "aria-describedby" in html
    assert missing_descriptions(html) == []
