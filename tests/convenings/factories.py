"""Events and registrations for tests."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from alianza.convenings.models import Event, EventText, Question, Registration

_numbers = count(1)


def event_create(*, slug: str | None = None, capacity: int | None = 50,
                 starts_in: timedelta = timedelta(days=14), hours: float = 3,
                 title: str = "Spring Convening",
                 title_es: str | None = "Convocatoria de primavera",
                 **fields) -> Event:
    starts = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    fields.setdefault("venue_name", "Sacramento Convention Center")
    fields.setdefault("address", "1400 J St\nSacramento, CA 95814")
    fields.setdefault("is_published", True)
    fields.setdefault("interpretation", "es")
    event = Event.objects.create(
        slug=slug or f"event-{next(_numbers)}", capacity=capacity, starts_at=starts,
        ends_at=starts + timedelta(hours=hours), **fields)
    EventText.objects.create(event=event, language="en", title=title,
                             summary="A day of workshops for families and educators.",
                             description="Panels, workshops and lunch.",
                             accessibility="The venue is wheelchair accessible.",
                             childcare="Free childcare for ages 3 to 12.")
    if title_es:
        EventText.objects.create(event=event, language="es", title=title_es,
                                 summary="Un día de talleres para familias y docentes.",
                                 accessibility="El lugar es accesible en silla de ruedas.",
                                 childcare="Cuidado de niños gratuito de 3 a 12 años.")
    return event


def question_create(event: Event, **fields) -> Question:
    fields.setdefault("label", "Which workshop interests you most?")
    fields.setdefault("label_es", "¿Qué taller le interesa más?")
    return Question.objects.create(event=event, **fields)


def registration_create(event: Event, *, email: str | None = None, **fields) -> Registration:
    """A registration written directly (not through the service): for setting the scene."""
    fields.setdefault("name", "Test Person")
    fields.setdefault("status", Registration.Status.CONFIRMED)
    if fields["status"] == Registration.Status.CONFIRMED:
        fields.setdefault("confirmed_at", timezone.now())
    return Registration.objects.create(
        event=event, email=email or f"person{next(_numbers)}@example.org", **fields)


def fill(event: Event, seats: int) -> list[Registration]:
    return [registration_create(event) for _ in range(seats)]
