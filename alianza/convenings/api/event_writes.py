"""Changing events and attendances through the API (PUT), as staff and registrants can on
the web, and the deletions Action Network does not allow (405).

An event's PUT goes through the staff editor's own form and service: the fields staff can
edit, the same checks (dates in order, a place, a title), and registrants are told of a new
time or place. An attendance's PUT takes the one change a registrant can make: declining
(cancelling), which gives the freed seat to the waitlist.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router
from pydantic import Field

from alianza.convenings.api.schemas import AttendanceOut, EventOut
from alianza.convenings.api.serializers import attendances_serialize, events_serialize
from alianza.convenings.forms_staff import (
    DATETIME_INPUT,
    TEXT_FIELDS,
    EventForm,
    known_time_zones,
    question_initial,
)
from alianza.convenings.models import Event, Registration
from alianza.convenings.services import registration_cancel
from alianza.convenings.services_staff import event_staff_save
from alianza.core.osdi import OsdiError, OsdiInput, osdi_get
from alianza.core.osdi.methods import osdi_not_allowed

# The editor's field names, as the API names them in error messages.
API_NAMES = {"starts_at": "start_date", "ends_at": "end_date", "venue_name": "location.venue",
             "address": "location.address_lines", "capacity": "capacity",
             "time_zone": "alianza:time_zone",
             "registration_opens_at": "alianza:registration_opens_date",
             "registration_deadline": "alianza:registration_deadline"}
SECONDS_INPUT = DATETIME_INPUT + ":%S"


class LocationIn(OsdiInput):
    venue: str | None = Field(None, max_length=200)
    address_lines: list[str] | None = Field(None, max_length=6)


class EventTextIn(OsdiInput):
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=10_000)
    accessibility: str | None = Field(None, max_length=2000)
    childcare: str | None = Field(None, max_length=2000)


class EventIn(OsdiInput):
    __doc__ = gettext_noop(
        "What staff can change on the event editor. Fields left out keep their value; "
        "a ``null`` capacity or registration date clears it. ``title``, ``summary`` "
        "and ``description`` are the site's default language's; ``alianza:texts`` "
        "sets any language's (an empty title there removes that language's texts).")

    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=10_000)
    start_date: dt.datetime | None = None
    end_date: dt.datetime | None = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    location: LocationIn | None = None
    time_zone: str | None = Field(None, alias="alianza:time_zone", max_length=64)
    registration_opens_date: dt.datetime | None = Field(
        None, alias="alianza:registration_opens_date")
    registration_deadline: dt.datetime | None = Field(None,
                                                      alias="alianza:registration_deadline")
    texts: dict[str, EventTextIn] | None = Field(None, alias="alianza:texts", max_length=5)


class AttendanceChangeIn(OsdiInput):
    __doc__ = gettext_noop(
        "Action Network's attendance ``status``; only ``declined`` (cancel) is a "
        "change a registrant can make, so it is the only one taken.")

    status: str = Field(max_length=40)


def _local(value: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> str:
    if value is None:
        return ""
    try:
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.replace(tzinfo=None).strftime(SECONDS_INPUT)
    except (OverflowError, ValueError):
        raise OsdiError(400, _("%(value)s is out of the range of dates.")
                        % {"value": value.isoformat()}) from None


def _form_data(event: Event, body: EventIn) -> dict[str, Any]:
    """The editor's form as staff would post it: the event as it is, with the changes."""
    given = body.model_fields_set
    initial = EventForm.initial_from(event)
    zone_name = body.time_zone.strip() if body.time_zone else event.time_zone
    if zone_name not in known_time_zones():
        raise OsdiError(400, _("“%(zone)s” is not a time zone we know, such as "
                               "America/Los_Angeles.") % {"zone": zone_name[:64]})
    zone = zoneinfo.ZoneInfo(zone_name)
    data: dict[str, Any] = {
        key: value for key, value in initial.items()
        if key not in ("hosts", "starts_at", "ends_at", "registration_opens_at",
                       "registration_deadline")
    }
    data = {key: "" if value is None else value for key, value in data.items()}
    data["time_zone"] = zone_name
    data["hosts"] = [host.pk for host in initial["hosts"]]
    for field, name in (("starts_at", "start_date"), ("ends_at", "end_date"),
                        ("registration_opens_at", "registration_opens_date"),
                        ("registration_deadline", "registration_deadline")):
        value = getattr(body, name) if name in given else getattr(event, field)
        data[field] = _local(value, zone)
    if "capacity" in given:
        data["capacity"] = body.capacity if body.capacity is not None else ""
    if body.location is not None:
        if "venue" in body.location.model_fields_set:
            data["venue_name"] = body.location.venue or ""
        if "address_lines" in body.location.model_fields_set:
            data["address"] = "\n".join(body.location.address_lines or [])
    default = settings.LANGUAGE_CODE
    for name in ("title", "summary", "description"):
        if name in given:
            data[f"{name}_{default}"] = getattr(body, name) or ""
    languages = {code for code, _name in settings.LANGUAGES}
    for language, text in (body.texts or {}).items():
        if language not in languages:
            raise OsdiError(400, _("alianza:texts: %(language)s is not one of the site's "
                                   "languages.") % {"language": language[:10]})
        for name in TEXT_FIELDS:
            if name in text.model_fields_set:
                data[f"{name}_{language}"] = getattr(text, name) or ""
    return data


def _form_message(form: EventForm) -> str:
    parts = []
    for field, errors in form.errors.items():
        text = " ".join(str(e) for e in errors)
        if field == "__all__":
            parts.append(text)
            continue
        name = API_NAMES.get(field, field)
        for text_field in TEXT_FIELDS:
            for code, _name in settings.LANGUAGES:
                if field == f"{text_field}_{code}":
                    name = f"alianza:texts.{code}.{text_field}"
        parts.append(f"{name}: {text}")
    return _("Invalid request: %(details)s") % {"details": "; ".join(parts)}


def event_update(request: HttpRequest, event: Event, body: EventIn) -> dict[str, Any]:
    form = EventForm(data=_form_data(event, body), event=event)
    if not form.is_valid():
        raise OsdiError(400, _form_message(form))
    try:
        saved = event_staff_save(
            event=event, fields=form.event_fields(), texts=form.texts(),
            questions=question_initial(event), hosts=list(form.cleaned_data["hosts"]),
            changed_by=request.auth.user)
    except ValidationError as error:
        raise OsdiError(400, " ".join(error.messages)) from None
    return events_serialize(request, [saved])[0]


def attendance_update(request: HttpRequest, registration: Registration,
                      body: AttendanceChangeIn) -> dict[str, Any]:
    if body.status.strip().lower() != "declined":
        raise OsdiError(400, _("status: an attendance can only be declined (cancelled) "
                               "through the API; registering again is a new attendance."))
    registration = registration_cancel(registration=registration)
    return attendances_serialize(request, [registration])[0]


def register(router: Router, *, event: Callable[[str], Event]) -> None:
    """Mount the PUTs and refused DELETEs on the events ``router``; ``event`` finds an
    event by identifier (404 otherwise)."""

    @router.put("{event_id}", response=EventOut, by_alias=True,
                summary=gettext_noop("Change an event (the fields staff edit)"))
    def event_put(request: HttpRequest, event_id: str, body: EventIn) -> dict[str, Any]:
        return event_update(request, event(event_id), body)

    @router.put("{event_id}/attendances/{attendance_id}", response=AttendanceOut,
                by_alias=True, summary=gettext_noop("Change an attendance (decline it)"))
    def attendance_put(request: HttpRequest, event_id: str, attendance_id: str,
                       body: AttendanceChangeIn) -> dict[str, Any]:
        registration = osdi_get(Registration.objects.filter(event=event(event_id)),
                                attendance_id, label=_("Attendance"))
        return attendance_update(request, registration, body)

    osdi_not_allowed(router, "{event_id}", method="DELETE", allowed="GET, PUT", module=__name__,
                     name="event_delete", summary=gettext_noop("Delete an event (not allowed)"),
                     reason=lambda: _("events are cancelled by staff, not deleted, so "
                                      "registrants are told."))
    osdi_not_allowed(router, "{event_id}/attendances/{attendance_id}", method="DELETE",
                     allowed="GET, PUT", module=__name__, name="attendance_delete",
                     summary=gettext_noop("Delete an attendance (not allowed)"),
                     reason=lambda: _("decline the attendance with PUT instead (status "
                                      "\"declined\"), so the seat goes to the waitlist."))
