"""Staff create, edit, publish and list events; the editor explains bad input in both
languages and loses nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from alianza.coalition.models import Organization
from alianza.convenings.models import Event, Question
from tests.convenings.staff_factories import coalition_staff_client, make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    return coalition_staff_client(django_user_model)


def event_post(**changes) -> dict:
    data = {
        "slug": "fall-webinar", "kind": "webinar", "time_zone": "America/Los_Angeles",
        "starts_at": "2027-10-05T17:00", "ends_at": "2027-10-05T18:30",
        "venue_name": "", "address": "", "online_url": "https://meet.example.org/fall",
        "capacity": "40", "registration_opens_at": "", "registration_deadline":
        "2027-10-04T12:00", "languages_offered": ["en", "es"], "interpretation": "es",
        "title_en": "Funding English learners: what the budget means",
        "summary_en": "A one-hour webinar.", "title_es": "Financiar a los estudiantes de inglés",
        "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "20",
        "questions-0-label": "What grade do you teach?", "questions-0-label_es":
        "¿Qué grado enseña?", "questions-0-kind": "choice",
        "questions-0-choices": "Elementary\nMiddle\nHigh",
        "questions-0-choices_es": "Primaria\nSecundaria\nPreparatoria",
        "questions-1-kind": "text",
    }
    data.update(changes)
    return data


def test_staff_create_an_event_with_texts_questions_and_hosts(coordinator):
    host = Organization.objects.create(name="Familias Unidas",
                                       membership_status=Organization.Membership.MEMBER)
    response = coordinator.post(reverse("events-staff-new"),
                                event_post(hosts=[str(host.pk)]))
    event = Event.objects.get(slug="fall-webinar")
    assert response.status_code == 302
    assert response["Location"] == reverse("events-staff-detail", args=[event.pk])
    # 17:00 typed for an event in Los Angeles is 17:00 there, whatever the server's zone.
    assert event.starts_at == datetime(2027, 10, 5, 17, 0,
                                       tzinfo=ZoneInfo("America/Los_Angeles"))
    assert event.capacity == 40 and event.interpretation == "es"
    assert not event.is_published
    assert list(event.hosts.all()) == [host]
    assert event.texts.get(language="es").title == "Financiar a los estudiantes de inglés"
    question = event.questions.get()
    assert question.kind == Question.Kind.CHOICE
    assert question.choice_list("es") == ["Primaria", "Secundaria", "Preparatoria"]


@pytest.mark.parametrize(("changes", "field", "english", "spanish"), [
    ({"ends_at": "2027-10-05T16:00"}, "ends_at", "The event must end after it starts.",
     "El evento debe terminar después de empezar."),
    ({"registration_deadline": "2027-10-06T12:00"}, "registration_deadline",
     "Registration must close before the event starts.",
     "La inscripción debe cerrarse antes de que empiece el evento."),
    ({"time_zone": "Mars/Olympus"}, "time_zone",
     "“Mars/Olympus” is not a time zone we know.",
     "«Mars/Olympus» no es una zona horaria que conozcamos."),
    ({"starts_at": "5 October, 5pm"}, "starts_at",
     "Enter a date and time such as 2026-03-14 18:30.",
     "Escriba una fecha y hora como 2026-03-14 18:30."),
])
def test_bad_dates_and_zones_are_explained_in_both_languages(coordinator, changes, field,
                                                             english, spanish):
    for prefix, expected in (("/en/", english), ("/es/", spanish)):
        url = reverse("events-staff-new").replace("/en/", prefix)
        response = coordinator.post(url, event_post(**changes))
        assert response.status_code == 400
        assert expected in response.content.decode(), prefix
        assert field in response.context["form"].errors
        # What was typed stays in the form.
        assert "Funding English learners" in response.content.decode()
    assert not Event.objects.exists()


def test_a_question_with_one_choice_is_refused_and_nothing_is_saved(coordinator):
    response = coordinator.post(reverse("events-staff-new"), event_post(**{
        "questions-0-choices": "Only one", "questions-0-choices_es": ""}))
    assert response.status_code == 400
    assert "A choice question needs at least two choices." in response.content.decode()
    assert not Event.objects.exists()


def test_the_list_shows_upcoming_and_past_events_with_their_counts(coordinator):
    soon = make_event("soon", capacity=40)
    for index in range(3):
        register(soon, f"Person {index}")
    register(soon, "Waiting One", status="waitlisted", position=1)
    past = make_event("last-year", days=-30, title="Last year's convening")
    came = register(past, "Came Along")
    came.attended_at = past.starts_at
    came.save()
    register(past, "Stayed Home")
    response = coordinator.get(reverse("events-staff-list"))
    assert response.status_code == 200
    upcoming, before = response.context["upcoming"], response.context["past"]
    assert [e.slug for e in upcoming] == ["soon"] and [e.slug for e in before] == ["last-year"]
    assert upcoming[0].figures.registered == 3 and upcoming[0].figures.waitlisted == 1
    assert before[0].figures.attended == 1 and before[0].figures.no_shows == 1
    assert before[0].figures.rate == 50
    assert "3 / 40" in response.content.decode()


def test_editing_keeps_question_ids_so_answers_stay_attached(coordinator):
    event = make_event(published=False)
    question = event.questions.create(position=1, label="Dietary needs?", kind="text")
    data = event_post(slug=event.slug, **{
        "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "1",
        "questions-0-id": str(question.pk), "questions-0-label": "Dietary needs or allergies?",
        "questions-0-kind": "text", "questions-0-choices": "", "questions-0-choices_es": ""})
    response = coordinator.post(reverse("events-staff-edit", args=[event.pk]), data)
    assert response.status_code == 302
    assert list(event.questions.values_list("pk", "label")) == [
        (question.pk, "Dietary needs or allergies?")]


def test_publishing_needs_the_change_permission_and_makes_the_event_public(coordinator):
    event = make_event(published=False)
    response = coordinator.post(reverse("events-staff-publish", args=[event.pk]),
                                {"publish": "1"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_published
    coordinator.post(reverse("events-staff-publish", args=[event.pk]), {"publish": "0"})
    event.refresh_from_db()
    assert not event.is_published


def test_the_event_page_shows_its_attendance(coordinator):
    event = make_event(days=-1)
    register(event, "Ana Ruiz", attended_at=event.starts_at)
    register(event, "Tomás Vega")
    response = coordinator.get(reverse("events-staff-detail", args=[event.pk]))
    figures = response.context["figures"]
    assert (figures.registered, figures.attended, figures.no_shows, figures.rate) == (
        2, 1, 1, 50)
