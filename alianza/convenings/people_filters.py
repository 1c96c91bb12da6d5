"""Events' filter on the staff people list: who registered for an event (see core.people)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alianza.convenings.models import Event, Registration
from alianza.convenings.selectors_staff import event_title
from alianza.core.people import PersonFilter, person_filter_register

# Registered and not cancelled: a waitlisted person is still someone who signed up, and a
# registration waiting for email confirmation is not yet the person's own word.
REGISTERED = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def _event_choices() -> list[tuple[str, str]]:
    language = get_language()
    events = Event.objects.prefetch_related("texts").order_by("-starts_at", "pk")
    return [(event.slug, f"{event_title(event, language)} ({event.starts_at:%Y-%m-%d})")
            for event in events]


def _event_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=Registration.objects.filter(
        event__slug__in=values, status__in=REGISTERED, person__isnull=False
    ).values("person_id"))


def register_people_parts() -> None:
    person_filter_register(PersonFilter(
        "event", _("Registered for the event"), _event_choices, _event_apply, order=30,
        group=pgettext_lazy("people filters", "Events")))
