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


def _names(body) -> list[str]:
    return [i["name"] for i in body["_embedded"]["osdi:test_groups"]]


def test_following_next_lists_every_row_once_in_order(api_client, groups):
    seen, body = [], api_client.get("test_groups", per_page=7).json()
    while True:
        seen += _names(body)
        assert body["total_records"] == 30 and body["total_pages"] == 5
        if "next" not in body["_links"]:
            break
        body = api_client.get(body["_links"]["next"]["href"]).json()
    assert seen == [f"group {i:02d}" for i in range(30)]


def test_a_page_asked_for_directly_is_the_same_as_one_reached_by_next(api_client, groups):
    api_client.get("test_groups", per_page=7, page=2)
    reached = api_client.get("test_groups", per_page=7, page=3).json()
    direct = api_client.get("test_groups", per_page=7, page=4).json()
    assert _names(reached) == [f"group {i:02d}" for i in range(14, 21)]
    assert _names(direct) == [f"group {i:02d}" for i in range(21, 28)]


def test_the_first_page_always_counts_afresh(api_client, groups):
    assert api_client.get("test_groups").json()["total_records"] == 30
    Group.objects.create(name="group 30")
    assert api_client.get("test_groups").json()["total_records"] == 31
    Group.objects.filter(name="group 30").delete()
    assert api_client.get("test_groups").json()["total_records"] == 30


def test_a_page_of_a_long_walk_counts_once_and_reads_one_range(api_client, groups):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api_client.get("test_groups", per_page=5)
    api_client.get("test_groups", per_page=5, page=2)
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get("test_groups", per_page=5, page=3).json()
    assert _names(body) == [f"group {i:02d}" for i in range(10, 15)]
    # The rows after the last one of page 2: no COUNT, no OFFSET past earlier rows.
    reads = [q["sql"].upper() for q in queries.captured_queries if "AUTH_GROUP" in q["sql"].upper()]
    assert len(reads) == 1
    assert "COUNT(" not in reads[0] and "OFFSET" not in reads[0]
