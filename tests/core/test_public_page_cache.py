"""The public pages many people read at once (the home page, the statement, its signatories,
the members, the data pages) are served to anonymous readers from the page cache, and a
change they show is never hidden by it."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import (
    CoalitionProfile,
    Organization,
    Person,
    Signature,
    StatementText,
    WorkgroupText,
)
from alianza.coalition.services.signing import signature_create, signature_withdraw
from alianza.coalition.services.tokens import withdraw_token
from alianza.core.page_cache import generation_forget
from alianza.evidence.services.datasets import dataset_import
from tests.evidence.web.conftest import language_file, ltel_file

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
HX_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def page(path: str, client: Client | None = None, **headers) -> str:
    response = (client or Client()).get(path, headers=headers)
    assert response.status_code == 200, path
    return response.content.decode()


def without_tokens(body: str) -> str:
    return TOKEN.sub("", HX_TOKEN.sub("", body))


def another_process() -> None:
    """What a second web process sees: the shared generation tokens, no copies of its own."""
    generation_forget()


def sign(statement, name: str, email: str) -> Signature:
    with transaction.atomic():  # as the confirmation that calls it
        person = Person.objects.create(name=name, email=email)
        return signature_create(statement=statement, person=person, organization=None,
                                title="Parent", listed=True, listing_wording="List my name",
                                language="en", source="test").signature


@pytest.fixture
def figures(tmp_path, settings):
    settings.ALIANZA_DATA_DIR = tmp_path
    for path in (ltel_file(tmp_path), language_file(tmp_path)):
        dataset_import(path=path, source_name=path.name)


@pytest.mark.parametrize("name", ["core-home", "coalition-signatories", "coalition-members",
                                  "coalition-workgroups", "coalition-join", "evidence-index"])
def test_a_second_anonymous_reader_gets_the_page_without_database_queries(
        statement, figures, django_assert_num_queries, name):
    first = page(url(name))
    with django_assert_num_queries(0):
        second = page(url(name))
    assert without_tokens(first) == without_tokens(second)


def test_the_statement_and_a_district_page_come_from_the_cache(
        statement, figures, django_assert_num_queries):
    for path in (url("coalition-statement", slug=statement.slug),
                 url("evidence-district", code="19647330000000"),
                 url("evidence-search") + "?q=LAUSD"):
        page(path)
        with django_assert_num_queries(0):
            assert page(path)


def test_a_newly_confirmed_signature_shows_at_once_and_a_withdrawn_one_goes(statement):
    signatories = url("coalition-signatories")
    home = url("core-home")
    assert "Rosa Martínez" not in page(signatories)
    page(home)

    signature = sign(statement, "Rosa Martínez", "rosa@example.org")
    another_process()
    assert "Rosa Martínez" in page(signatories)
    assert "See who has signed (1 confirmed signature)" in page(
        url("coalition-statement", slug=statement.slug))

    signature_withdraw(token=withdraw_token(signature_id=signature.pk, email="rosa@example.org"))
    another_process()
    assert "Rosa Martínez" not in page(signatories)


def test_the_home_page_follows_the_signatures_count(statement):
    home = url("core-home")
    before = page(home)
    sign(statement, "Rosa Martínez", "rosa@example.org")
    another_process()
    assert page(home) != before


def test_a_bulk_confirmation_without_signals_still_drops_the_cached_pages(statement):
    from alianza.coalition.services.signing import signature_counts_forget

    rosa = Person.objects.create(name="Rosa Martínez", email="rosa@example.org")
    signature = Signature.objects.create(
        statement=statement, version=statement.versions.get(), person=rosa, listed=True,
        status=Signature.Status.PENDING, language="en", source="test")
    signatories = url("coalition-signatories")
    assert "Rosa Martínez" not in page(signatories)

    Signature.objects.filter(pk=signature.pk).update(status=Signature.Status.CONFIRMED)
    signature_counts_forget(statement_ids={statement.pk})
    another_process()
    assert "Rosa Martínez" in page(signatories)


def test_staff_edits_of_the_statement_organizations_workgroups_and_profile_show_at_once(
        statement, workgroup):
    statement_page = url("coalition-statement", slug=statement.slug)
    members = url("coalition-members")
    workgroups = url("coalition-workgroups")
    data = url("evidence-sources")
    CoalitionProfile.objects.create(name="Californians Together")
    member = Organization.objects.create(name="Familias Unidas", normalized_name="familias unidas",
                                         membership_status=Organization.Membership.MEMBER)
    for path in (statement_page, members, workgroups, data):
        page(path)
    another_process()

    StatementText.objects.filter(language="en").update(title="Old title")  # no signal: unseen
    text = StatementText.objects.get(language="en")
    text.title = "Statement of Shared Purpose"
    text.save()
    member.name = "Familias Unidas del Valle"
    member.save()
    names = WorkgroupText.objects.filter(workgroup=workgroup, language="en").first()
    if names is None:
        names = WorkgroupText(workgroup=workgroup, language="en")
    names.name = "Policy and budget"
    names.save()
    profile = CoalitionProfile.objects.get()
    profile.name = "Californians Together for English Learners"
    profile.save()
    another_process()

    assert "Statement of Shared Purpose" in page(statement_page)
    assert "Familias Unidas del Valle" in page(members)
    assert "Policy and budget" in page(workgroups)
    assert "Californians Together for English Learners" in page(data)


def test_logged_in_staff_never_get_nor_fill_the_cached_page(statement, staff_client):
    path = url("coalition-statement", slug=statement.slug)
    staff_page = page(path, staff_client)  # first, on an empty cache
    assert "Log out" in staff_page
    anonymous = page(path)
    assert "Log out" not in anonymous and 'class="account-link"' not in anonymous
    assert "Log out" in page(path, staff_client)  # and not the anonymous copy afterwards


def _tokens(body: str) -> set[str]:
    return set(TOKEN.findall(body)) | set(HX_TOKEN.findall(body))


def test_each_reader_gets_their_own_csrf_token_in_every_place(statement):
    path = url("coalition-statement", slug=statement.slug)
    readers = [Client(), Client()]
    bodies = [page(path, reader) for reader in readers]  # the second from the cache
    for reader, body in zip(readers, bodies, strict=True):
        secret = reader.cookies["csrftoken"].value
        tokens = _tokens(body)
        assert len(TOKEN.findall(body)) >= 2 and HX_TOKEN.search(body)
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert not _tokens(bodies[0]) & _tokens(bodies[1])


def test_the_sign_form_works_from_a_cached_page(statement, smtp_server):
    path = url("coalition-statement", slug=statement.slug)
    page(path)  # fills the cache
    reader = Client(enforce_csrf_checks=True)
    body = page(path, reader)
    response = reader.post(path, {
        "csrfmiddlewaretoken": TOKEN.search(body)[1], "actions": ["sign_individual"],
        "name": "Rosa Martínez", "email": "rosa@example.org", "title": "Parent",
    })
    assert response.status_code == 302
    assert len(smtp_server.to("rosa@example.org")) == 1


def test_spanish_and_english_readers_each_get_their_language(statement):
    english = url("coalition-statement", slug=statement.slug)
    spanish = url("coalition-statement", "es", slug=statement.slug)
    page(english)
    page(spanish)
    assert "Statement of Agreement" in page(english)
    assert "Declaración de Acuerdo" in page(spanish)
    assert 'lang="es"' in page(spanish) and 'lang="en"' in page(english)


def test_a_cached_page_carries_the_headers_of_a_fresh_one(statement):
    path = url("coalition-statement", slug=statement.slug)
    fresh, cached = Client().get(path), Client().get(path)
    for name in ("Vary", "Content-Type", "Content-Language", "Cache-Control"):
        assert fresh.get(name) == cached.get(name), name
    assert "Cookie" in cached["Vary"]
    assert cached.cookies["csrftoken"].value


def test_paging_is_cached_per_page_and_a_search_by_name_is_not(
        statement, django_assert_max_num_queries, django_assert_num_queries):
    signatories = url("coalition-signatories")
    for number in range(60):
        sign(statement, f"Signer {number:02d}", f"signer{number}@example.org")
    first, second = page(signatories), page(signatories + "?page=2")
    assert first != second
    with django_assert_num_queries(0):
        assert without_tokens(page(signatories + "?page=2")) == without_tokens(second)
    page(signatories + "?q=Signer+07")
    with django_assert_max_num_queries(20) as queries:
        assert "Signer 07" in page(signatories + "?q=Signer+07")
    assert len(queries) > 0


def test_an_htmx_request_gets_the_partial_and_a_full_request_the_full_page(statement):
    path = url("coalition-signatories") + "?page=1"
    full = page(path)
    partial = page(path, HX_Request="true")
    assert "<html" in full and "<html" not in partial
    assert "<html" in page(path) and "<html" not in page(path, HX_Request="true")


def test_an_import_of_figures_shows_on_the_cached_data_pages(tmp_path, settings, figures):
    index = url("evidence-index")
    district = url("evidence-district", code="19647330000000")
    page(index)
    before = page(district)
    newer = tmp_path / "newer"
    newer.mkdir()
    dataset_import(path=ltel_file(newer, la_ltel=31, state_el=401), source_name="newer.txt")
    another_process()
    assert page(district) != before
    assert "401" in page(index)


def test_a_shared_link_with_tracking_parameters_is_served_from_the_cache_without_them(
        statement, django_assert_num_queries):
    path = url("coalition-statement", slug=statement.slug)
    first = page(path + "?fbclid=IwAR0first&utm_source=facebook")
    assert "IwAR0first" not in first and "facebook" not in first
    with django_assert_num_queries(0):
        second = page(path + "?mc_cid=abc123&mc_eid=def456")
    assert without_tokens(second) == without_tokens(first)
    assert "abc123" not in second
