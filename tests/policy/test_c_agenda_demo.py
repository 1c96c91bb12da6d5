"""The demo agenda: five priorities, ten recommendations, state and local levels, budget asks,
the seed bills, and figures once the data is there; running it again adds nothing."""

from __future__ import annotations

import pytest

from alianza.policy.demo.agenda import demo_agenda
from alianza.policy.models import (
    Agenda,
    AgendaItem,
    AgendaItemStatusChange,
    Bill,
    BudgetItem,
    EvidenceCitation,
    LegislativeSession,
)

from .c_agenda import import_file, ltel_rows_file

pytestmark = pytest.mark.django_db


def test_the_demo_agenda_has_five_priorities_and_ten_recommendations(client):
    demo_agenda()

    agenda = Agenda.objects.get()
    assert agenda.is_published and agenda.session.identifier == "20232024"
    assert agenda.items.filter(kind="priority").count() == 5
    assert agenda.items.filter(kind="recommendation", parent__isnull=False).count() == 10
    assert {"state", "county", "district", "school"} <= set(
        agenda.items.values_list("level", flat=True))
    assert BudgetItem.objects.filter(agenda_items__agenda=agenda).distinct().count() == 3
    assert set(agenda.items.values_list("status", flat=True)) >= {
        "adopted", "in_progress", "won", "carried_over"}
    for item in agenda.items.all():
        assert set(item.texts.values_list("language", flat=True)) == {"en", "es"}
    page = client.get("/es/policy/").content.decode()
    assert "5 prioridades" in page and "10 recomendaciones" in page


def test_the_seed_bills_are_linked_without_facts_invented_about_them():
    demo_agenda()

    bills = Bill.objects.filter(session__identifier="20232024").order_by("identifier")
    assert [b.identifier for b in bills] == ["AB 1947", "AB 2071", "AB 2074", "AB 2268"]
    assert {b.title for b in bills} == {"Summary to be written by staff"}
    carrier = AgendaItem.objects.get(bills__identifier="AB 1947")
    assert carrier.bills.count() == 4
    # The bills' outcome is not claimed: the item is in progress, not won or lost.
    assert carrier.status == "in_progress"


def test_a_bill_already_imported_keeps_its_title():
    session = LegislativeSession.objects.create(identifier="20232024", name="2023-2024")
    Bill.objects.create(session=session, identifier="AB 2071", title="The imported title")

    demo_agenda()

    assert Bill.objects.get(identifier="AB 2071").title == "The imported title"
    assert LegislativeSession.objects.count() == 1


def test_running_the_demo_twice_adds_nothing():
    demo_agenda()
    counts = (Agenda.objects.count(), AgendaItem.objects.count(),
              AgendaItemStatusChange.objects.count(), Bill.objects.count(),
              BudgetItem.objects.count())
    demo_agenda()
    assert counts == (Agenda.objects.count(), AgendaItem.objects.count(),
                      AgendaItemStatusChange.objects.count(), Bill.objects.count(),
                      BudgetItem.objects.count())


def test_figures_are_cited_once_the_evidence_data_is_there(client, tmp_path):
    demo_agenda()
    assert not EvidenceCitation.objects.exists()

    import_file(ltel_rows_file(tmp_path, year="2024-25", state_el=1048576))
    demo_agenda()
    demo_agenda()

    assert EvidenceCitation.objects.count() == 3
    page = client.get("/en/policy/").content.decode()
    assert "1,048,576 English learners in California, 2024-25" in page
    assert "150 English learners in Los Angeles County, 2024-25" in page
    assert "70 long-term English learners in California, 2024-25" in page
