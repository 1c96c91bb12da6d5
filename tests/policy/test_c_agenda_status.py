"""An item's status changes with a reason, and its history only grows: the current status
is the latest change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from alianza.policy.models import AgendaItemStatusChange
from alianza.policy.services.agenda import agenda_item_status_change

from .c_agenda import add_item, make_agenda, policy_client, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    agenda = make_agenda()
    item = add_item(agenda, title="Protect the grants", es="Proteger las subvenciones")
    published(agenda)
    return item


def test_staff_change_the_status_with_a_note_and_see_the_history(django_user_model, item,
                                                                 client):
    staff = policy_client(django_user_model, "rosa")

    response = staff.post(f"/en/policy/staff/agenda/items/{item.pk}/status/",
                          {"status": "adopted", "note": "Adopted by the advisory committee."})
    assert response.status_code == 302
    staff.post(f"/en/policy/staff/agenda/items/{item.pk}/status/",
               {"status": "won", "note": "Funded in the enacted budget."})

    item.refresh_from_db()
    assert item.status == "won"
    history = list(item.status_changes.values_list("status", "note"))
    assert history == [("won", "Funded in the enacted budget."),
                       ("adopted", "Adopted by the advisory committee."), ("proposed", "")]
    page = staff.get(f"/en/policy/staff/agenda/items/{item.pk}/status/").content.decode()
    assert page.index("Funded in the enacted budget.") < page.index("Adopted by the advisory")
    assert "rosa" in page and "Added to the agenda." in page
    assert "Won" in client.get("/en/policy/").content.decode()
    assert "Lograda" in client.get("/es/policy/").content.decode()


def test_a_status_change_without_a_reason_is_refused(django_user_model, item):
    staff = policy_client(django_user_model)

    response = staff.post(f"/es/policy/staff/agenda/items/{item.pk}/status/",
                          {"status": "lost", "note": "   "})

    assert response.status_code == 400
    assert "Explique por qué cambia el estado" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "proposed" and item.status_changes.count() == 1


def test_the_same_status_again_or_an_unknown_one_is_refused(django_user_model, item):
    staff = policy_client(django_user_model)

    same = staff.post(f"/en/policy/staff/agenda/items/{item.pk}/status/",
                      {"status": "proposed", "note": "Again."})
    unknown = staff.post(f"/en/policy/staff/agenda/items/{item.pk}/status/",
                         {"status": "vetoed", "note": "No such status."})

    assert same.status_code == 400
    assert "The item is already “Proposed”" in same.content.decode()
    assert unknown.status_code == 400
    assert item.status_changes.count() == 1
    with pytest.raises(ValidationError):
        agenda_item_status_change(item=item, status="vetoed", note="Through the service.")


def test_history_entries_cannot_be_rewritten(item):
    change = agenda_item_status_change(item=item, status="adopted", note="Adopted.")
    change.note = "Something else"
    with pytest.raises(ValueError):
        change.save()
    assert AgendaItemStatusChange.objects.get(pk=change.pk).note == "Adopted."


def test_the_current_status_is_the_latest_change_even_when_recorded_late(item):
    proposed_at = item.status_changes.get().changed_at
    agenda_item_status_change(item=item, status="in_progress", note="Meetings started.",
                              changed_at=proposed_at + datetime.timedelta(minutes=2))
    # A change that happened earlier, written down afterwards, does not become current.
    agenda_item_status_change(item=item, status="adopted", note="Adopted in September.",
                              changed_at=proposed_at + datetime.timedelta(minutes=1))

    item.refresh_from_db()
    assert item.status == "in_progress"
    assert [c.status for c in item.status_changes.all()] == ["in_progress", "adopted",
                                                               "proposed"]
