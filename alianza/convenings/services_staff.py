"""Writes made by staff: creating and changing events, publishing, check-in and walk-ins.

Registrants are told about what changes for them (time, place, cancellation) through the
public side's services, so every email and calendar update comes from one place.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import Organization
from alianza.coalition.services.people import organization_find
from alianza.convenings.models import Event, EventText, Question, Registration
from alianza.convenings.selectors_staff import WALK_IN_DOMAIN
from alianza.convenings.services import event_cancel, event_update_notify, waitlist_promote

Status = Registration.Status
# What registrants are told about when it changes on a published event.
TIME_FIELDS = ("starts_at", "ends_at")
PLACE_FIELDS = ("venue_name", "address", "online_url")


def _texts_save(*, event: Event, texts: dict[str, dict[str, str]]) -> None:
    for language, values in texts.items():
        if not values.get("title"):
            EventText.objects.filter(event=event, language=language).delete()
            continue
        text = EventText.objects.filter(event=event, language=language).first() or EventText(
            event=event, language=language)
        for field, value in values.items():
            setattr(text, field, value)
        text.full_clean()
        text.save()


def _questions_save(*, event: Event, questions: list[dict]) -> None:
    """Questions keep their ids when edited, so answers already given stay attached."""
    existing = {q.pk: q for q in event.questions.all()}
    position = 0
    for values in questions:
        question = existing.get(values.get("id") or 0)
        if values.get("remove"):
            if question is not None:
                question.delete()
            continue
        if not (values.get("label") or "").strip():
            continue
        if question is None:
            question = Question(event=event)
        position += 1
        question.position = position
        for field in ("label", "label_es", "kind", "required", "choices", "choices_es"):
            value = values.get(field)
            setattr(question, field, value.strip() if isinstance(value, str) else bool(value)
                    if field == "required" else value)
        question.full_clean()
        question.save()


@transaction.atomic
def event_staff_save(*, event: Event | None, fields: dict, texts: dict[str, dict[str, str]],
                     questions: list[dict], hosts: list[Organization], changed_by) -> Event:
    """Create or change an event with its texts, questions and hosts, all or nothing.

    On a published event, a new time or place is sent to registrants; a higher capacity
    gives seats to the waitlist in order.
    """
    if event is None:
        event = Event()
        before = None
    else:
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = {name: getattr(event, name) for name in (*TIME_FIELDS, *PLACE_FIELDS,
                                                          "capacity")}
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    event.hosts.set(hosts)
    _texts_save(event=event, texts=texts)
    _questions_save(event=event, questions=questions)
    if before is None:
        return event
    told = any(before[name] != getattr(event, name) for name in (*TIME_FIELDS, *PLACE_FIELDS))
    if told and event.is_published and not event.is_cancelled:
        event_update_notify(event=event, changed_by=changed_by)
    if _capacity_raised(before["capacity"], event.capacity):
        event_capacity_changed(event=event)
    return event


def _capacity_raised(old: int | None, new: int | None) -> bool:
    if old is None:
        return False
    return new is None or new > old


def event_capacity_changed(*, event: Event) -> list[Registration]:
    """Seats freed by a higher capacity go to the waitlist, first come first served, under
    the same lock registrations take (the public side's promotion)."""
    return waitlist_promote(event=event)


@transaction.atomic
def event_publish(*, event: Event, published: bool = True) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if published and not event.texts.filter(language=settings.LANGUAGE_CODE).exists():
        raise ValidationError(_no_title_message())
    if event.is_cancelled and published:
        raise ValidationError(_cancelled_message())
    event.is_published = published
    event.save(update_fields=["is_published", "updated_at"])
    return event


def _no_title_message() -> str:
    return _("Give the event an English title before publishing it.")


def _cancelled_message() -> str:
    return _("A cancelled event cannot be published again.")


def event_staff_cancel(*, event: Event, cancelled_by) -> int:
    """Cancel through the public side's service, which tells every registrant; returns how
    many people were told (none the second time)."""
    return event_cancel(event=event, cancelled_by=cancelled_by)


@transaction.atomic
def event_resources_set(*, event: Event, resources: list) -> Event:
    """The library resources (recording, slides, notes) shown with a past event."""
    event.resources.set(resources)
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
    return event


def registration_check_in(*, registration: Registration, now: datetime | None = None
                          ) -> Registration:
    """Mark someone as there. Twice is the same as once: the first time is kept."""
    now = now or timezone.now()
    Registration.objects.filter(pk=registration.pk, attended_at__isnull=True).exclude(
        status=Status.CANCELLED).update(attended_at=now, modified_at=now)
    registration.refresh_from_db(fields=["attended_at", "status"])
    return registration


@transaction.atomic
def registration_check_in_undo(*, registration: Registration) -> Registration:
    """Take back a check-in made by mistake; a walk-in added by mistake is removed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_walk_in:
        if registration.status != Status.CANCELLED:
            registration.status = Status.CANCELLED
            registration.cancelled_at = timezone.now()
            registration.save(update_fields=["status", "cancelled_at", "modified_at"])
        return registration
    if registration.attended_at is not None:
        registration.attended_at = None
        registration.save(update_fields=["attended_at", "modified_at"])
    return registration


def walk_in_problem(*, event: Event) -> str | None:
    """Why nobody can be let in as a walk-in, or None."""
    if event.is_cancelled:
        return _("This event is cancelled: nobody can be checked in.")
    return None


@transaction.atomic
def walk_in_add(*, event: Event, name: str, email: str = "", organization_name: str = "",
                language: str = "") -> Registration:
    """Someone who came without registering: a seat and a check-in at once.

    A walk-in who gives the address of an existing registration is that registration,
    checked in. No email is sent and no consent is recorded: nobody was asked.
    """
    Event.objects.select_for_update().filter(pk=event.pk).first()
    if email:
        existing = event.registrations.exclude(status=Status.CANCELLED).filter(
            email=email).first()
        if existing is not None:
            return registration_check_in(registration=existing)
    organization = organization_find(name=organization_name) if organization_name else None
    now = timezone.now()
    registration = Registration(
        event=event, name=name, organization_name=organization_name.strip(),
        organization=organization, email=email or _placeholder_email(),
        language=language if language in Registration.Language.values else "en",
        status=Status.CONFIRMED, is_walk_in=True, attended_at=now, confirmed_at=now,
    )
    registration.full_clean(validate_constraints=False)
    registration.save()
    return registration


def _placeholder_email() -> str:
    return f"walk-in-{secrets.token_hex(8)}@{WALK_IN_DOMAIN}"
