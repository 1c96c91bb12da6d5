"""Tags and taggings through the OSDI API, shaped as Action Network's."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Person
from alianza.outreach.models import Tag, Tagging

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return Person.objects.create(email="ana@example.org", name="Ana Ruiz")


def test_tags_are_listed_and_shown_with_their_taggings_link(osdi_get):
    tag = Tag.objects.create(slug="parents", name="Parents")

    page = osdi_get("tags").json()
    body = osdi_get(f"tags/{tag.uuid}").json()

    assert page["total_records"] == 1 and page["_embedded"]["osdi:tags"] == [body]
    assert body["name"] == "Parents" and body["identifiers"] == [f"alianza:{tag.uuid}"]
    assert set(body) == {"identifiers", "created_date", "modified_date", "name", "_links"}
    assert body["_links"]["osdi:taggings"]["href"].endswith(f"/tags/{tag.uuid}/taggings")
    assert osdi_get("tags", filter="name eq 'Parents'").json()["total_records"] == 1


def test_a_tag_is_created_once_by_name(osdi_post):
    first = osdi_post("tags", {"name": "  Fall   convening "})
    again = osdi_post("tags", {"name": "fall convening"})

    assert first.status_code == 200 and first.json()["name"] == "Fall convening"
    assert again.json()["identifiers"] == first.json()["identifiers"]
    assert Tag.objects.get().slug == "fall-convening"


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "!!!"}, {"name": "x", "color": "red"},
                                  {"name": "x" * 101}])
def test_bad_tags_are_refused(osdi_post, body):
    response = osdi_post("tags", body)
    assert response.status_code == 400 and response.json()["error"]
    assert not Tag.objects.exists()


def test_a_person_is_tagged_by_link_or_by_email_once(osdi_post, osdi_get, ana):
    tag = Tag.objects.create(slug="parents", name="Parents")
    person_href = osdi_get(f"people/{ana.uuid}").json()["_links"]["self"]["href"]

    by_link = osdi_post(f"tags/{tag.uuid}/taggings",
                        {"_links": {"osdi:person": {"href": person_href}}})
    by_email = osdi_post(f"tags/{tag.uuid}/taggings",
                         {"person": {"email_addresses": [{"address": "ANA@example.org"}]}})

    assert by_link.status_code == 200, by_link.content
    body = by_link.json()
    assert by_email.json()["identifiers"] == body["identifiers"]
    assert Tagging.objects.count() == 1
    assert body["item_type"] == "osdi:person"
    assert body["_links"]["osdi:person"]["href"] == person_href
    assert body["_links"]["osdi:tag"]["href"].endswith(f"/tags/{tag.uuid}")
    assert osdi_get(body["_links"]["self"]["href"]).json() == body
    listed = osdi_get(f"tags/{tag.uuid}/taggings").json()["_embedded"]["osdi:taggings"]
    assert listed == [body]
    mine = osdi_get(f"people/{ana.uuid}/taggings").json()["_embedded"]["osdi:taggings"]
    assert mine == [body]


@pytest.mark.parametrize("body", [
    {"_links": {"osdi:person": {"href": "https://example.org/api/osdi/v1/people/nobody"}}},
    {"person": {"email_addresses": [{"address": "stranger@example.org"}]}},
    {},
    {"_links": {"osdi:tag": {"href": "x"}}},
])
def test_a_tagging_of_nobody_is_refused(osdi_post, body, ana):
    tag = Tag.objects.create(slug="parents", name="Parents")

    response = osdi_post(f"tags/{tag.uuid}/taggings", body)

    assert response.status_code == 400 and response.json()["error"]
    assert not Tagging.objects.exists()


def test_a_tagging_is_deleted(osdi_post, osdi_delete, osdi_get, ana):
    tag = Tag.objects.create(slug="parents", name="Parents")
    Tagging.objects.create(tag=tag, person=ana)
    tagging = Tagging.objects.get()

    response = osdi_delete(f"tags/{tag.uuid}/taggings/{tagging.uuid}")

    assert response.status_code == 200 and response.json()["notice"]
    assert not Tagging.objects.exists() and Tag.objects.exists()
    assert osdi_delete(f"tags/{tag.uuid}/taggings/{tagging.uuid}").status_code == 404
    assert osdi_get(f"tags/{tag.uuid}/taggings").json()["total_records"] == 0


def test_a_tagging_is_found_only_under_its_own_tag(osdi_get, ana):
    parents = Tag.objects.create(slug="parents", name="Parents")
    other = Tag.objects.create(slug="other", name="Other")
    tagging = Tagging.objects.create(tag=parents, person=ana)

    assert osdi_get(f"tags/{other.uuid}/taggings/{tagging.uuid}").status_code == 404
    assert osdi_get("tags/alianza:not-a-uuid").status_code == 404


def test_a_read_only_tags_token_cannot_tag(api_client, osdi_token, ana):
    tag = Tag.objects.create(slug="parents", name="Parents")
    reader = osdi_token(("tags:read",))

    response = api_client.post(f"tags/{tag.uuid}/taggings",
                               {"person": {"email_addresses": [{"address": ana.email}]}},
                               token=reader)

    assert response.status_code == 403 and not Tagging.objects.exists()
