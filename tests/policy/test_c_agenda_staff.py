"""Staff edit agendas: create one, add and edit items with texts, links and figures, reorder
and remove them, publish; bad input is refused with a clear message and nothing is lost."""

from __future__ import annotations

import pytest
from django.test import Client

from alianza.policy.models import (
    Agenda,
    AgendaItem,
    Bill,
    BudgetItem,
    EvidenceCitation,
    IssueArea,
    LegislativeSession,
)

from .c_agenda import (
    LA_COUNTY,
    add_item,
    import_file,
    ltel_rows_file,
    make_agenda,
    policy_client,
    published,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model) -> Client:
    return policy_client(django_user_model)


@pytest.fixture
def session() -> LegislativeSession:
    return LegislativeSession.objects.create(identifier="20232024",
                                             name="2023-2024 Regular Session")


def item_form(**values) -> dict:
    data = {"kind": "priority", "parent": "", "level": "state", "title_en": "", "body_en": "",
            "title_es": "", "body_es": "", "bills": "",
            "citations-TOTAL_FORMS": "2", "citations-INITIAL_FORMS": "0",
            "citations-MIN_NUM_FORMS": "0", "citations-MAX_NUM_FORMS": "12"}
    data.update(values)
    return data


def test_staff_create_an_agenda_and_are_sent_to_its_editor(staff, session):
    response = staff.post("/en/policy/staff/agenda/new/", {
        "slug": "2023-24", "year_label": "2023-24", "session": session.pk,
        "title_en": "Policy Agenda 2023-24", "introduction_en": "Our asks.",
        "title_es": "", "introduction_es": ""})

    agenda = Agenda.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/policy/staff/agenda/{agenda.pk}/"
    assert agenda.session == session and not agenda.is_published
    page = staff.get(response["Location"]).content.decode()
    assert "Policy Agenda 2023-24" in page and "This agenda is not public yet." in page
    # The Spanish title is missing, and the editor says so.
    assert "(missing)" in page


def test_an_agenda_without_a_title_in_any_language_is_refused(staff):
    response = staff.post("/es/policy/staff/agenda/new/", {
        "slug": "2023-24", "year_label": "2023-24", "title_en": "", "title_es": "",
        "introduction_en": "Texto sin título"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Escriba un título en al menos un idioma." in page
    assert "Texto sin título" in page  # what was typed is still there
    assert not Agenda.objects.exists()


def test_staff_add_a_priority_and_a_recommendation_with_bills_areas_and_a_figure(
        staff, session, tmp_path):
    import_file(ltel_rows_file(tmp_path, year="2024-25"))
    bill = Bill.objects.create(session=session, identifier="AB 1947", title="A bill")
    area = IssueArea.objects.create(slug="funding", name="Funding")
    budget = BudgetItem.objects.create(name="Roadmap grants", session=session)
    agenda = make_agenda(session=session)

    response = staff.post(f"/en/policy/staff/agenda/{agenda.pk}/items/new/", item_form(
        title_en="Fund the Roadmap", title_es="Financiar la Hoja de Ruta"))
    assert response.status_code == 302
    priority = AgendaItem.objects.get()

    response = staff.post(f"/en/policy/staff/agenda/{agenda.pk}/items/new/", item_form(**{
        "kind": "recommendation", "parent": priority.pk, "level": "county",
        "title_en": "Protect the grants", "body_en": "Multi-year grants.",
        "bills": "ab1947", "issue_areas": [area.pk], "budget_items": [budget.pk],
        "citations-0-metric": "el_count", "citations-0-level": "county",
        "citations-0-place": "Los Angeles"}))

    assert response.status_code == 302
    recommendation = AgendaItem.objects.get(kind="recommendation")
    assert recommendation.parent == priority and recommendation.level == "county"
    assert list(recommendation.bills.all()) == [bill]
    assert list(recommendation.issue_areas.all()) == [area]
    assert list(recommendation.budget_items.all()) == [budget]
    citation = EvidenceCitation.objects.get()
    assert (citation.level, citation.cds_code, citation.metric) == ("county", LA_COUNTY,
                                                                    "el_count")
    assert recommendation.status_changes.get().status == "proposed"
    editor = staff.get(response["Location"]).content.decode()
    assert "150 English learners in Los Angeles County, 2024-25" in editor
    listing = staff.get(f"/en/policy/staff/agenda/{agenda.pk}/").content.decode()
    assert "Priority 1" in listing and "Recommendation 1" in listing
    # The recommendation has no Spanish: the list says so.
    assert "Missing:" in listing and "Spanish" in listing


def test_an_item_with_no_text_in_any_language_is_refused(staff):
    agenda = make_agenda()
    response = staff.post(f"/en/policy/staff/agenda/{agenda.pk}/items/new/", item_form(
        body_es="Un texto sin título"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Write a title in at least one language." in page
    assert "Give a title in this language too, or leave its text empty." in page
    assert "Un texto sin título" in page
    assert not AgendaItem.objects.exists()


def test_an_unknown_or_malformed_bill_is_refused_and_nothing_is_saved(staff, session):
    agenda = make_agenda(session=session)
    item = add_item(agenda, title="Fund the Roadmap")

    bad = staff.post(f"/es/policy/staff/agenda/items/{item.pk}/", item_form(
        title_en="Changed title", bills="AB 1947, twelve"))
    assert bad.status_code == 400
    assert "«twelve» no es un número de proyecto de ley." in bad.content.decode()

    unknown = staff.post(f"/en/policy/staff/agenda/items/{item.pk}/", item_form(
        title_en="Changed title", bills="AB 9999, SB 12"))
    assert unknown.status_code == 400
    assert ("Not in the bill tracker (2023-2024 Regular Session): AB 9999, SB 12."
            in unknown.content.decode())
    item.refresh_from_db()
    assert item.texts.get().title == "Fund the Roadmap"


def test_a_figure_for_a_place_not_in_the_data_is_refused(staff, tmp_path):
    import_file(ltel_rows_file(tmp_path, year="2024-25"))
    agenda = make_agenda()

    response = staff.post(f"/en/policy/staff/agenda/{agenda.pk}/items/new/", item_form(**{
        "title_en": "Reach long-term English learners", "citations-0-metric": "ltel_count",
        "citations-0-level": "county", "citations-0-place": "Los Angles"}))

    assert response.status_code == 400
    assert "No county called “Los Angles” in the imported data." in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_priority_with_recommendations_cannot_become_a_recommendation(staff):
    agenda = make_agenda()
    priority = add_item(agenda, title="Fund the Roadmap")
    add_item(agenda, title="Protect the grants", kind="recommendation", parent=priority)

    response = staff.post(f"/en/policy/staff/agenda/items/{priority.pk}/", item_form(
        kind="recommendation", title_en="Fund the Roadmap"))

    assert response.status_code == 400
    assert "This priority has recommendations under it" in response.content.decode()
    assert AgendaItem.objects.get(pk=priority.pk).kind == "priority"


def test_staff_move_items_within_their_group(staff, client):
    agenda = make_agenda()
    first = add_item(agenda, title="First priority")
    add_item(agenda, title="Second priority")
    third = add_item(agenda, title="Third priority")
    under_first = add_item(agenda, title="Under first", kind="recommendation", parent=first)
    add_item(agenda, title="Also under first", kind="recommendation", parent=first)

    staff.post(f"/en/policy/staff/agenda/items/{third.pk}/move/", {"direction": "up"})
    staff.post(f"/en/policy/staff/agenda/items/{first.pk}/move/", {"direction": "up"})
    staff.post(f"/en/policy/staff/agenda/items/{under_first.pk}/move/", {"direction": "down"})

    published(agenda)
    page = client.get("/en/policy/").content.decode()
    titles = ["First priority", "Also under first", "Under first", "Third priority",
              "Second priority"]
    positions = [page.index(title + "<") for title in titles]
    assert positions == sorted(positions)
    # Numbers follow the new order.
    assert "Priority 2</span> <span>Third priority" in page
    assert "Recommendation 1</span> <span>Also under first" in page


def test_removing_a_priority_keeps_its_recommendations(staff):
    agenda = make_agenda()
    priority = add_item(agenda, title="Fund the Roadmap")
    child = add_item(agenda, title="Protect the grants", kind="recommendation",
                     parent=priority)

    confirm = staff.get(f"/en/policy/staff/agenda/items/{priority.pk}/remove/")
    assert "The 1 recommendation under it stays in the agenda" in confirm.content.decode()
    staff.post(f"/en/policy/staff/agenda/items/{priority.pk}/remove/")

    assert not AgendaItem.objects.filter(pk=priority.pk).exists()
    child.refresh_from_db()
    assert child.parent is None


def test_publishing_needs_items_and_can_be_undone(staff, client):
    agenda = make_agenda()
    refused = staff.post(f"/en/policy/staff/agenda/{agenda.pk}/publish/", {"publish": "1"},
                         follow=True)
    assert "Add at least one priority or recommendation" in refused.content.decode()
    agenda.refresh_from_db()
    assert not agenda.is_published

    add_item(agenda, title="Fund the Roadmap")
    staff.post(f"/en/policy/staff/agenda/{agenda.pk}/publish/", {"publish": "1"})
    assert "Fund the Roadmap" in client.get("/en/policy/").content.decode()

    staff.post(f"/en/policy/staff/agenda/{agenda.pk}/publish/", {"publish": "0"})
    assert "Fund the Roadmap" not in client.get("/en/policy/").content.decode()
    assert client.get("/en/policy/agenda/2023-24/").status_code == 404


def test_the_agenda_list_shows_each_agenda_and_what_it_lacks(staff):
    make_agenda(spanish=False)
    page = staff.get("/en/policy/staff/agenda/").content.decode()
    assert "Policy Agenda 2023-24" in page and "Title missing in:" in page


# Who may do what ------------------------------------------------------------------------


def test_people_without_the_policy_role_cannot_edit_agendas(django_user_model):
    agenda = make_agenda()
    item = add_item(agenda, title="Fund the Roadmap")
    outsider = django_user_model.objects.create_user("outreach", "o@example.org",
                                                     is_staff=True)
    client = Client()
    client.force_login(outsider)
    for url in (f"/en/policy/staff/agenda/{agenda.pk}/",
                f"/en/policy/staff/agenda/items/{item.pk}/",
                f"/en/policy/staff/agenda/items/{item.pk}/status/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/en/policy/staff/agenda/{agenda.pk}/publish/",
                       {"publish": "1"}).status_code == 403
    assert client.post(f"/en/policy/staff/agenda/items/{item.pk}/remove/").status_code == 403
    agenda.refresh_from_db()
    assert not agenda.is_published and AgendaItem.objects.filter(pk=item.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    agenda = make_agenda()
    response = client.get(f"/en/policy/staff/agenda/{agenda.pk}/")
    assert response.status_code == 302 and "/login" in response["Location"]
