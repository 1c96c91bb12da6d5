"""The public agenda pages: the current agenda in both languages, filters, past agendas,
unpublished agendas, and bills."""

from __future__ import annotations

import pytest

from alianza.policy.models import Bill, IssueArea, LegislativeSession

from .c_agenda import add_item, make_agenda, policy_client, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda():
    session = LegislativeSession.objects.create(identifier="20232024",
                                                name="2023-2024 Regular Session")
    bill = Bill.objects.create(session=session, identifier="AB 1947",
                               title="Summary to be written by staff")
    funding = IssueArea.objects.create(slug="funding", name="Funding", name_es="Financiamiento")
    families = IssueArea.objects.create(slug="families", name="Family engagement",
                                        name_es="Participación familiar")
    agenda = make_agenda(session=session)
    priority = add_item(agenda, title="Fund the Roadmap", es="Financiar la Hoja de Ruta",
                        areas=[funding], body="Money should reach classrooms.")
    add_item(agenda, title="Protect the grants", es="Proteger las subvenciones",
             kind="recommendation", parent=priority, bills=[bill], areas=[funding])
    add_item(agenda, title="Interpretation at every meeting", kind="recommendation",
             parent=priority, level="district", areas=[families])
    add_item(agenda, title="Train parent leaders", es="Capacitar a líderes",
             kind="recommendation", level="county", areas=[families])
    return published(agenda)


def test_the_policy_page_shows_the_current_agenda_in_english(client, agenda):
    page = client.get("/en/policy/").content.decode()
    assert "Policy Agenda 2023-24" in page
    assert "Priority 1" in page and "Fund the Roadmap" in page
    assert "Recommendation 1" in page and "Protect the grants" in page
    assert "Other recommendations" in page and "Train parent leaders" in page
    assert "1 priority" in page and "3 recommendations" in page
    assert "Proposed" in page  # every item starts proposed
    assert "/en/policy/agenda/2023-24.pdf" in page


def test_the_policy_page_shows_the_agenda_in_spanish_with_english_marked_where_missing(
        client, agenda):
    page = client.get("/es/policy/").content.decode()
    assert "Agenda de políticas 2023-24" in page
    assert "Prioridad 1" in page and "Financiar la Hoja de Ruta" in page
    assert "Proteger las subvenciones" in page and "Protect the grants" not in page
    assert "Financiamiento" in page and "Propuesta" in page
    # An item without Spanish shows its English text, marked as such and tagged for readers.
    assert '<span lang="en">Interpretation at every meeting</span>' in page
    assert "Solo disponible en inglés." in page


def test_a_bill_shows_its_identifier_with_a_link_that_works_without_the_bill_pages(
        client, agenda):
    page = client.get("/en/policy/").content.decode()
    assert "AB 1947" in page
    assert "bill_id=202320240AB1947" in page or "/en/policy/bills/20232024/ab-1947/" in page


def test_filters_by_level_and_issue_area_keep_the_matching_items(client, agenda):
    page = client.get("/en/policy/", {"level": "county"}).content.decode()
    assert "Train parent leaders" in page
    assert "Protect the grants" not in page and "Interpretation at every meeting" not in page

    page = client.get("/en/policy/", {"issue": "families"}).content.decode()
    assert "Interpretation at every meeting" in page and "Train parent leaders" in page
    assert "Protect the grants" not in page
    # The priority stays as the heading of its matching recommendation, with its number.
    assert "Fund the Roadmap" in page and "Recommendation 2" in page


def test_an_unknown_filter_value_is_reported_and_everything_is_shown(client, agenda):
    response = client.get("/es/policy/", {"level": "galaxy", "issue": "<b>x</b>"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No hay un nivel «galaxy» en esta agenda" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "Proteger las subvenciones" in page and "Capacitar a líderes" in page
    assert "Interpretation at every meeting" in page


def test_a_past_agenda_keeps_its_own_page_and_is_listed(client, agenda):
    newer = make_agenda(slug="2024-25", year="2024-25")
    add_item(newer, title="Newer priority")
    published(newer)
    index = client.get("/en/policy/").content.decode()
    assert "Policy Agenda 2024-25" in index and "/en/policy/agenda/2023-24/" in index
    past = client.get("/en/policy/agenda/2023-24/").content.decode()
    assert "This is a past agenda." in past and "Fund the Roadmap" in past
    listing = client.get("/es/policy/agenda/").content.decode()
    assert "Agenda de políticas 2024-25" in listing and "Agenda de políticas 2023-24" in listing


def test_an_unpublished_agenda_is_hidden_from_readers_but_staff_can_preview_it(
        client, django_user_model):
    draft = make_agenda(slug="draft", year="2025-26")
    add_item(draft, title="Draft priority")
    assert client.get("/en/policy/agenda/draft/").status_code == 404
    assert client.get("/en/policy/agenda/draft.pdf").status_code == 404
    assert "Draft priority" not in client.get("/en/policy/").content.decode()
    staff = policy_client(django_user_model)
    preview = staff.get("/en/policy/agenda/draft/")
    assert preview.status_code == 200 and "only staff can see this page" in preview.content.decode()


def test_with_no_agenda_the_policy_page_says_one_is_coming(client):
    page = client.get("/es/policy/")
    assert page.status_code == 200
    assert "La agenda de políticas de la coalición se publicará aquí." in page.content.decode()
