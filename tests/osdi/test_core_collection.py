"""Collections page and filter as Action Network's, through a test-only resource."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.osdi.urls_test_resource")]


@pytest.fixture(autouse=True)
def no_role_groups():
    Group.objects.all().delete()  # the staff role groups the migrations made


@pytest.fixture
def groups():
    return [Group.objects.create(name=f"group {i:02d}") for i in range(30)]


def test_a_collection_pages_by_25_with_next_and_totals(api_client, groups):
    body = api_client.get("test_groups").json()
    assert (body["page"], body["per_page"], body["total_pages"], body["total_records"]) \
        == (1, 25, 2, 30)
    items = body["_embedded"]["osdi:test_groups"]
    assert [i["name"] for i in items] == [f"group {i:02d}" for i in range(25)]
    assert "previous" not in body["_links"]
    assert len(body["_links"]["osdi:test_groups"]) == 25
    second = api_client.get(body["_links"]["next"]["href"]).json()
    assert [i["name"] for i in second["_embedded"]["osdi:test_groups"]] \
        == [f"group {i:02d}" for i in range(25, 30)]
    assert "next" not in second["_links"]
    assert second["_links"]["previous"]["href"].endswith("page=1")


def test_per_page_is_capped(api_client, groups, settings):
    settings.OSDI_MAX_PER_PAGE = 10
    body = api_client.get("test_groups", per_page=500).json()
    assert body["per_page"] == 10 and len(body["_embedded"]["osdi:test_groups"]) == 10


def test_a_page_past_the_end_is_empty_not_an_error(api_client, groups):
    response = api_client.get("test_groups", page=9)
    assert response.status_code == 200
    body = response.json()
    assert body["_embedded"]["osdi:test_groups"] == [] and body["total_records"] == 30


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5"])
def test_a_page_that_is_not_a_positive_number_is_a_400(api_client, page):
    response = api_client.get("test_groups", page=page)
    assert response.status_code == 400 and "page" in response.json()["error"]


def test_filters_join_with_and_and_or(api_client, groups):
    body = api_client.get(
        "test_groups",
        filter="name gt 'group 01' and name lt 'group 04' or name eq 'group 20'").json()
    names = [i["name"] for i in body["_embedded"]["osdi:test_groups"]]
    assert names == ["group 02", "group 03", "group 20"]
    assert body["total_records"] == 3
    assert "filter=" in body["_links"]["self"]["href"]


def test_a_filter_across_a_relation_lists_each_row_once(api_client):
    group = Group.objects.create(name="editors")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    body = api_client.get("test_groups", filter="permission gt 'view_'").json()
    assert [i["name"] for i in body["_embedded"]["osdi:test_groups"]] == ["editors"]


def test_quotes_in_a_filter_value_are_doubled(api_client):
    Group.objects.create(name="O'Brien family")
    body = api_client.get("test_groups", filter="name eq 'O''Brien family'").json()
    assert body["total_records"] == 1


@pytest.mark.parametrize("text", [
    "colour eq 'red'",          # a field the resource does not offer
    "name ne 'x'",              # an operator OSDI's subset lacks
    "name eq 'x' nand name eq 'y'",
    "name eq 'unclosed",
    "eq 'x'",
])
def test_a_filter_that_cannot_be_used_is_a_400(api_client, text):
    response = api_client.get("test_groups", filter=text)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/hal+json")
    assert response.json()["error"]
