"""The public bill tracker: the list of tracked bills (filters in the address, a session
selector) and a bill's page, in English and Spanish."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from alianza.library.models import Resource, ResourceText
from alianza.policy.models import (
    BillPosition,
    BillVersion,
    BillVote,
    Hearing,
    IssueArea,
    Legislator,
    Sponsorship,
)
from tests.policy import factories_d as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return (IssueArea.objects.create(slug="funding", name="Funding", name_es="Financiamiento"),
            IssueArea.objects.create(slug="newcomers", name="Newcomer students"))


@pytest.fixture
def bills(areas):
    funding, newcomers = areas
    ab1947 = f.bill_create("AB 1947", short_title_en="Funding for English learners",
                           short_title_es="Fondos para estudiantes de inglés",
                           summary_en="Adds funding for English learners.",
                           summary_es="Aumenta los fondos para estudiantes de inglés.",
                           issue_areas=(funding,))
    ab2071 = f.bill_create("AB 2071", status="passed_one_chamber",
                           short_title_en="Newcomer support",
                           summary_en="Creates a newcomer support program.",
                           issue_areas=(newcomers,))
    ab947 = f.bill_create("AB 947", status="signed", summary_en="An older bill.")
    hidden = f.bill_create("AB 9", tracked=False, summary_en="Not tracked.")
    BillPosition.objects.create(bill=ab1947, position="watch",
                                set_at=timezone.now() - datetime.timedelta(days=30))
    BillPosition.objects.create(bill=ab1947, position="support", note="We back it.",
                                note_es="La apoyamos.")
    BillPosition.objects.create(bill=ab2071, position="support_if_amended")
    return {"AB 1947": ab1947, "AB 2071": ab2071, "AB 947": ab947, "AB 9": hidden}


def _identifiers(html: str) -> list[str]:
    return re.findall(r'<span class="bill-id">([^<]+)</span>', html)


def test_the_list_shows_tracked_bills_of_the_session_in_number_order(client, bills):
    page = client.get("/en/policy/bills/").content.decode()
    assert _identifiers(page) == ["AB 947", "AB 1947", "AB 2071"]
    assert "Funding for English learners" in page
    assert "Our position: Support" in page and "Support if amended" in page
    assert "Passed one house" in page


def test_the_list_in_spanish_marks_english_text_shown_for_want_of_spanish(client, bills):
    page = client.get("/es/policy/bills/").content.decode()
    assert "Fondos para estudiantes de inglés" in page
    assert "Aumenta los fondos para estudiantes de inglés." in page
    assert '<span lang="en">Newcomer support</span>' in page
    assert '<p lang="en">Creates a newcomer support program.</p>' in page
    assert "Financiamiento" in page and '<span class="badge" lang="en">Newcomer students' in page
    assert "Nuestra postura: Apoyo" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("status=passed_one_chamber", ["AB 2071"]),
    ("position=support", ["AB 1947"]),
    ("position=support_if_amended", ["AB 2071"]),
    ("issue=funding", ["AB 1947"]),
    ("status=in_committee&issue=newcomers", []),
])
def test_filters_in_the_address_narrow_the_list(client, bills, query, expected):
    page = client.get(f"/en/policy/bills/?{query}").content.decode()
    assert _identifiers(page) == expected


def test_a_position_filter_follows_the_current_position_not_an_earlier_one(client, bills):
    assert _identifiers(client.get("/en/policy/bills/?position=watch").content.decode()) == []


def test_an_unknown_filter_value_is_reported_and_left_out(client, bills):
    response = client.get("/es/policy/bills/?status=lost&position=support")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no son de los que ofrecemos" in page and "Estado" in page
    assert _identifiers(page) == ["AB 1947"]


def test_the_session_selector_switches_sessions_and_an_unknown_one_is_said(client, bills):
    later = f.session_create("20252026", "2025-2026 Regular Session",
                             datetime.date(2024, 12, 2))
    f.bill_create("AB 1947", session=later, summary_en="The same number, a new session.")
    newest = client.get("/en/policy/bills/").content.decode()
    assert "2025-26 session: 1 bill" in newest
    assert "The same number, a new session." in newest
    older = client.get("/en/policy/bills/?session=20232024").content.decode()
    assert _identifiers(older) == ["AB 947", "AB 1947", "AB 2071"]
    unknown = client.get("/en/policy/bills/?session=19991900").content.decode()
    assert "We do not track bills in the session named in the address" in unknown
    assert "2025-26 session: 1 bill" in unknown
    assert "Sesión 2025-26" in client.get("/es/policy/bills/").content.decode()


def test_with_nothing_tracked_the_list_says_so(client, db):
    f.bill_create("AB 1", tracked=False)
    page = client.get("/es/policy/bills/").content.decode()
    assert "todavía no da seguimiento a ningún proyecto de ley" in page


def test_an_untracked_bill_has_no_public_page(client, bills):
    assert client.get("/en/policy/bills/20232024/ab-9/").status_code == 404
    assert client.get("/en/policy/bills/20232024/xyz/").status_code == 404
    assert client.get("/en/policy/bills/20252026/ab-1947/").status_code == 404


def test_a_bill_number_typed_another_way_redirects_to_the_bills_address(client, bills):
    response = client.get("/en/policy/bills/20232024/AB1947/")
    assert response.status_code == 301
    assert response["Location"] == "/en/policy/bills/20232024/ab-1947/"


def test_the_bill_page_shows_summary_position_with_letters_and_authors(client, bills):
    bill = bills["AB 1947"]
    letter = Resource.objects.create(slug="letter-ab-1947", kind="brief", is_published=True,
                                     published_on=datetime.date(2024, 3, 1))
    ResourceText.objects.create(resource=letter, language="en", title="Our support letter")
    draft = Resource.objects.create(slug="draft-letter", kind="brief", is_published=False,
                                    published_on=datetime.date(2024, 3, 1))
    ResourceText.objects.create(resource=draft, language="en", title="Draft letter")
    bill.positions.first().letters.add(letter, draft)
    author = Legislator.objects.create(name="Al Muratsuchi", openstates_id="ocd-person/x")
    Sponsorship.objects.create(bill=bill, name="Al Muratsuchi", legislator=author,
                               primary=True, classification="primary")
    Sponsorship.objects.create(bill=bill, name="Unmatched Name", classification="cosponsor")

    page = client.get("/en/policy/bills/20232024/ab-1947/").content.decode()
    assert "Adds funding for English learners." in page
    assert "<strong>Support</strong>" in page and "We back it." in page
    assert 'href="/en/library/letter-ab-1947/"' in page or "Our support letter" in page
    assert "Our support letter" in page and "Draft letter" not in page
    assert "Al Muratsuchi" in page and "Unmatched Name" in page
    assert "An act to amend Section 313 of the Education Code." in page


def test_the_spanish_bill_page_says_when_the_summary_is_in_english(client, bills):
    page = client.get("/es/policy/bills/20232024/ab-2071/").content.decode()
    assert "Este resumen todavía no está disponible en español" in page
    assert '<div lang="en"><p>Creates a newcomer support program.</p></div>' in page
    spanish = client.get("/es/policy/bills/20232024/ab-1947/").content.decode()
    assert "Aumenta los fondos para estudiantes de inglés." in spanish
    assert "todavía no está disponible en español" not in spanish
    assert "La apoyamos." in spanish


def test_a_bill_without_a_summary_says_staff_will_write_one(client, db):
    f.bill_create("AB 2268")
    page = client.get("/es/policy/bills/20232024/ab-2268/").content.decode()
    assert "Resumen pendiente" in page
    assert "La coalición todavía no ha tomado una postura" in page


def test_the_timeline_runs_oldest_first_with_hearings_votes_and_versions(client, bills):
    bill = bills["AB 1947"]
    f.action_create(bill, datetime.date(2024, 4, 17), "Do pass as amended.", order=3)
    f.action_create(bill, datetime.date(2024, 2, 12), "Introduced. Read first time.", order=1)
    f.action_create(bill, datetime.date(2024, 3, 4), "Referred to Com. on ED.", order=2)
    Hearing.objects.create(bill=bill, body="Assembly Education Committee",
                           starts_at=timezone.make_aware(datetime.datetime(2024, 4, 17, 13, 30)),
                           location="1021 O Street, Room 1100")
    BillVote.objects.create(bill=bill, motion="Do pass as amended", passed=True,
                            date=datetime.date(2024, 4, 17), counts={"no": 0, "yes": 7})
    BillVersion.objects.create(bill=bill, note="Amended in Assembly",
                               date=datetime.date(2024, 4, 18), url="https://example.org/v2")
    page = client.get("/en/policy/bills/20232024/ab-1947/").content.decode()
    order = [page.index(text) for text in (
        "Introduced. Read first time.", "Referred to Com. on ED.",
        "Assembly Education Committee", "<strong>Passed</strong>", "Do pass as amended.",
        "Amended in Assembly")]
    assert order == sorted(order)
    assert "Yes 7 · No 0" in page
    spanish = client.get("/es/policy/bills/20232024/ab-1947/").content.decode()
    assert "Sí 7 · No 0" in spanish and "Aprobado" in spanish
    assert '<p lang="en">Introduced. Read first time.' in spanish


def test_the_bill_page_shows_how_the_position_changed(client, bills):
    page = client.get("/en/policy/bills/20232024/ab-1947/").content.decode()
    history = page[page.index("How our position changed"):]
    assert history.index("Support") < history.index("Watching")
    assert "(current)" in history
    single = client.get("/en/policy/bills/20232024/ab-2071/").content.decode()
    assert "How our position changed" not in single
