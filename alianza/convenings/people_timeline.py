"""Events on a person's timeline: registrations and attendance."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from alianza.convenings.models import Registration
from alianza.core.i18n import pick_text
from alianza.core.people import (
    TimelineEntry,
    person_timeline_register,
    timeline_merge,
    timeline_stream,
)


def _event_title(registration: Registration) -> str:
    text = pick_text(registration.event.texts.all())
    return text.title if text else registration.event.slug


def _registrations(person) -> Iterator[TimelineEntry]:
    rows = Registration.objects.filter(person=person).select_related("event") \
        .prefetch_related("event__texts")
    registered = timeline_stream(rows.order_by("-created_at", "-pk"), lambda r: TimelineEntry(
        at=r.created_at, kind="registration",
        title=(_("Walked in at “%(event)s”") if r.is_walk_in
               else _("Registered for “%(event)s”")) % {"event": _event_title(r)},
        detail=str(r.get_status_display()),
        url=reverse("events-staff-registrations", args=[r.event_id])))
    attended = timeline_stream(
        rows.filter(attended_at__isnull=False).order_by("-attended_at", "-pk"),
        lambda r: TimelineEntry(
            at=r.attended_at, kind="attendance",
            title=_("Attended “%(event)s”") % {"event": _event_title(r)},
            url=reverse("events-staff-detail", args=[r.event_id])))
    return timeline_merge(registered, attended)


def register() -> None:
    person_timeline_register("convenings", _registrations,
                             label=pgettext_lazy("timeline", "Events"), order=30)
