"""Check-in at the door: one tap marks someone attended, twice changes nothing, undo works,
walk-ins count as attended, and the figure says how many are in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.convenings.models import Registration
from tests.convenings.staff_factories import coalition_staff_client, make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    return coalition_staff_client(django_user_model)


def test_a_name_search_finds_people_without_javascript(coordinator):
    event = make_event(days=0.01)
    register(event, "Ana Ruiz", organization_name="Familias Unidas")
    register(event, "Tomás Vega")
    response = coordinator.get(reverse("events-staff-checkin", args=[event.pk]), {"q": "ruiz"})
    assert [r.name for r in response.context["found"]] == ["Ana Ruiz"]
    assert "Mark attended" in response.content.decode()
    by_org = coordinator.get(reverse("events-staff-checkin", args=[event.pk]), {"q": "familias"})
    assert [r.name for r in by_org.context["found"]] == ["Ana Ruiz"]


def test_marking_attended_twice_keeps_the_first_time_and_counts_once(coordinator):
    event = make_event(days=0.01)
    ana = register(event, "Ana Ruiz")
    register(event, "Tomás Vega")
    url = reverse("events-staff-checkin-mark", args=[event.pk, ana.pk])
    response = coordinator.post(url, {"q": "ana"})
    assert response.status_code == 302
    assert response["Location"].endswith("?q=ana")
    ana.refresh_from_db()
    first = ana.attended_at
    assert first is not None
    coordinator.post(url, {"q": "ana"})
    ana.refresh_from_db()
    assert ana.attended_at == first
    page = coordinator.get(reverse("events-staff-checkin", args=[event.pk]))
    assert "1 of 2 checked in" in page.content.decode()


def test_undo_takes_a_check_in_back(coordinator):
    event = make_event(days=0.01)
    ana = register(event, "Ana Ruiz")
    coordinator.post(reverse("events-staff-checkin-mark", args=[event.pk, ana.pk]))
    coordinator.post(reverse("events-staff-checkin-undo", args=[event.pk, ana.pk]))
    ana.refresh_from_db()
    assert ana.attended_at is None


def test_walk_ins_count_as_attended_and_need_no_email(coordinator):
    event = make_event(days=0.01)
    register(event, "Ana Ruiz")
    url = reverse("events-staff-walk-in", args=[event.pk])
    for name in ("Lucía Campos", "Marco Díaz"):  # two without an address: both kept
        response = coordinator.post(url, {"name": name, "organization_name": "Padres Unidos",
                                          "email": "", "language": "es"})
        assert response.status_code == 302
    walk_ins = Registration.objects.filter(event=event, is_walk_in=True)
    assert walk_ins.count() == 2
    assert all(w.attended_at and w.status == "confirmed" for w in walk_ins)
    page = coordinator.get(reverse("events-staff-checkin", args=[event.pk]))
    assert "2 of 3 checked in" in page.content.decode()
    assert "walk-in.invalid" not in page.content.decode()
    figures = page.context["figures"]
    assert (figures.walk_ins, figures.attended, figures.registered) == (2, 2, 1)


def test_a_walk_in_who_had_registered_is_checked_in_not_added_twice(coordinator):
    event = make_event(days=0.01)
    ana = register(event, "Ana Ruiz", email="ana@example.org")
    coordinator.post(reverse("events-staff-walk-in", args=[event.pk]), {
        "name": "Ana R.", "email": "ANA@example.org", "language": "en"})
    assert Registration.objects.filter(event=event).count() == 1
    ana.refresh_from_db()
    assert ana.attended_at is not None


def test_a_walk_in_without_a_name_is_refused_in_spanish(coordinator):
    event = make_event(days=0.01)
    url = reverse("events-staff-walk-in", args=[event.pk]).replace("/en/", "/es/")
    response = coordinator.post(url, {"name": "  ", "language": "es"})
    assert response.status_code == 400
    assert "Este campo es obligatorio." in response.content.decode()
    assert not Registration.objects.exists()


def test_removing_a_walk_in_stops_counting_them(coordinator):
    event = make_event(days=0.01)
    coordinator.post(reverse("events-staff-walk-in", args=[event.pk]),
                     {"name": "Lucía Campos", "language": "es"})
    walk_in = Registration.objects.get()
    coordinator.post(reverse("events-staff-checkin-undo", args=[event.pk, walk_in.pk]))
    page = coordinator.get(reverse("events-staff-checkin", args=[event.pk]))
    assert page.context["figures"].attended == 0 and page.context["figures"].walk_ins == 0


def test_a_registration_of_another_event_cannot_be_checked_in_here(coordinator):
    event, other = make_event(days=0.01), make_event("other", days=0.01)
    stranger = register(other, "Ana Ruiz")
    response = coordinator.post(reverse("events-staff-checkin-mark",
                                        args=[event.pk, stranger.pk]))
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.attended_at is None
