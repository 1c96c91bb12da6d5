"""Events and registrations for the staff page tests, made directly in the database."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from alianza.convenings.models import Event, EventText, Registration
from alianza.core.roles import COALITION_STAFF

Status = Registration.Status


def make_event(slug: str = "spring-convening", *, days: float = 10, hours: float = 3,
               capacity: int | None = 50, published: bool = True, title: str = "",
               title_es: str = "", **fields) -> Event:
    starts = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    event = Event.objects.create(
        slug=slug, starts_at=starts, ends_at=starts + timedelta(hours=hours),
        venue_name="Sacramento Convention Center", address="1400 J St, Sacramento",
        capacity=capacity, is_published=published, **fields)
    EventText.objects.create(event=event, language="en",
                             title=title or "Spring Convening for English Learners")
    EventText.objects.create(event=event, language="es",
                             title=title_es or "Convocatoria de primavera")
    return event


def register(event: Event, name: str, *, email: str = "", status: str = Status.CONFIRMED,
             position: int | None = None, **fields) -> Registration:
    email = email or f"{name.split()[0].lower()}.{name.split()[-1].lower()}@example.org"
    now = timezone.now()
    return Registration.objects.create(
        event=event, name=name, email=email, status=status, waitlist_position=position,
        confirmed_at=now if status == Status.CONFIRMED else None, **fields)


def coalition_staff_client(django_user_model, username: str = "coordinator") -> Client:
    user = django_user_model.objects.create_user(username, f"{username}@example.org",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=COALITION_STAFF))
    client = Client()
    client.force_login(user)
    return client

