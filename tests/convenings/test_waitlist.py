"""The manage link, cancelling, and the waitlist moving up."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.convenings.models import Registration
from alianza.convenings.services import registration_create, waitlist_promote
from tests.convenings import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def _register(event, email, language="en"):
    return registration_create(event=event, name=email.split("@")[0].title(), email=email,
                               language=language).registration


def _attachment(message, name):
    return next(p for p in message.iter_attachments() if p.get_filename() == name).get_content()


def test_cancelling_a_seat_promotes_the_first_person_waiting_and_emails_them(
        client, smtp_server):
    event = factories.event_create(capacity=1, online_url="https://meet.example.org/x")
    first = _register(event, "ana@example.org")
    second = _register(event, "beto@example.org", language="es")
    _register(event, "carla@example.org")

    page = client.get(f"/en/events/r/{first.token}/")
    assert "Cancel my registration" in page.content.decode()
    response = client.post(f"/en/events/r/{first.token}/")

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED and second.promoted_at
    assert Registration.objects.get(email="carla@example.org").status == "waitlisted"
    promoted = smtp_server.to("beto@example.org")[-1]
    assert "Se liberó un lugar" in promoted["Subject"]
    ics = _attachment(promoted, "invite.ics")
    assert "METHOD:REQUEST" in ics and "meet.example.org/x" in ics
    receipt = smtp_server.to("ana@example.org")[-1]
    assert "METHOD:CANCEL" in _attachment(receipt, "cancel.ics")


def test_the_manage_page_shows_the_place_in_line(client):
    event = factories.event_create(capacity=1)
    _register(event, "ana@example.org")
    _register(event, "beto@example.org")
    carla = _register(event, "carla@example.org")

    with translation.override("es"):
        page = client.get(f"/es/events/r/{carla.token}/").content.decode()

    assert "Su lugar en la lista: 2." in page and "Salir de la lista de espera" in page


def test_leaving_the_waitlist_moves_everyone_behind_up_and_frees_no_seat(client, smtp_server):
    event = factories.event_create(capacity=1)
    _register(event, "ana@example.org")
    beto = _register(event, "beto@example.org")
    carla = _register(event, "carla@example.org")

    client.post(f"/en/events/r/{beto.token}/")

    carla.refresh_from_db()
    assert carla.status == "waitlisted"
    page = client.get(f"/en/events/r/{carla.token}/").content.decode()
    assert "Your place in line: 1." in page
    assert "You have left the waitlist." in smtp_server.body(smtp_server.to("beto@example.org")[-1])


def test_cancelling_twice_changes_nothing_the_second_time(client, smtp_server):
    event = factories.event_create(capacity=1)
    ana = _register(event, "ana@example.org")
    _register(event, "beto@example.org")
    client.post(f"/en/events/r/{ana.token}/")
    sent = len(smtp_server.messages)

    client.post(f"/en/events/r/{ana.token}/")

    assert len(smtp_server.messages) == sent
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_a_forged_token_gets_a_clear_not_found_page_in_the_readers_language(client):
    event = factories.event_create(capacity=1)
    ana = _register(event, "ana@example.org")

    response = client.post("/es/events/r/forged-token/")

    assert response.status_code == 404
    assert "Inscripción no encontrada" in response.content.decode()
    ana.refresh_from_db()
    assert ana.status == "confirmed"


def test_someone_who_cancelled_may_register_again(smtp_server):
    event = factories.event_create(capacity=3)
    ana = _register(event, "ana@example.org")
    from alianza.convenings.services import registration_cancel

    registration_cancel(registration=ana)
    again = _register(event, "ana@example.org")

    assert again.pk != ana.pk and again.status == "confirmed"


def test_raising_the_capacity_promotes_the_waitlist_in_order(smtp_server):
    event = factories.event_create(capacity=1)
    for name in ["ana", "beto", "carla", "dora"]:
        _register(event, f"{name}@example.org")
    event.capacity = 3
    event.save()

    promoted = waitlist_promote(event=event)

    assert [r.email for r in promoted] == ["beto@example.org", "carla@example.org"]
    assert Registration.objects.get(email="dora@example.org").waitlist_position == 3


def test_an_unlimited_event_never_waitlists(smtp_server):
    event = factories.event_create(capacity=None)

    assert all(_register(event, f"p{n}@example.org").status == "confirmed" for n in range(5))
