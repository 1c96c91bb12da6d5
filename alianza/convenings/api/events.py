"""The events and attendances resources (/api/osdi/v1/events/…, people/<id>/attendances).

Registering through the API goes through the event's own registration form and service:
the same questions are required, the same deadline and capacity apply (a full event puts
the registrant on its waitlist), and the registrant gets the same email in their language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router

from alianza.coalition.models import Person
from alianza.convenings.api import event_writes
from alianza.convenings.api.schemas import AttendanceIn, AttendanceOut, EventOut
from alianza.convenings.api.serializers import attendances_serialize, events_serialize
from alianza.convenings.forms import RegistrationForm
from alianza.convenings.models import Event, Registration
from alianza.convenings.services import RegistrationRefused, registration_create
from alianza.core.osdi import OsdiError, osdi_get, osdi_identifiers_save, osdi_require
from alianza.core.osdi.nested import OsdiNested, osdi_nested_register
from alianza.outreach.services.api_tags import action_tags_add

router = Router()
people_router = Router()

EVENT_FILTERS = {"modified_date": "updated_at", "created_date": "created_at",
                 "start_date": "starts_at", "end_date": "ends_at", "name": "slug"}
ATTENDANCE_FILTERS = {"modified_date": "modified_at", "created_date": "created_at"}
# What an attendance shows: deep pages read thousands of rows they skip, so the rest of a
# registration (answers, needs, names) is left in the table.
ATTENDANCE_COLUMNS = ("uuid", "event_id", "person_id", "email", "status", "waitlist_position",
                      "language", "attended_at", "is_walk_in", "created_at", "modified_at")
# The form's field names, as the API names them in error messages.
FORM_FIELDS = {"name": "person.given_name/family_name", "email": "person.email_addresses",
               "organization_name": "alianza:organization",
               "accessibility_needs": "alianza:accessibility_needs",
               "language": "person.languages_spoken"}


def _event(identifier: str) -> Event:
    return osdi_get(Event.objects.all(), identifier, label=_("Event"))


def _person_registrations(person_id: str) -> QuerySet:
    """A person's registrations: linked to their record, or made with one of their
    addresses (public registrations keep only the address typed)."""
    person = osdi_get(Person.objects.all(), person_id, label=_("Person"))
    addresses = [person.email, *person.other_emails.values_list("email", flat=True)]
    return Registration.objects.filter(
        Q(person=person) | Q(email__in=[a.strip().lower() for a in addresses if a]))


EVENTS = OsdiNested(
    module=__name__, name="events", parents=Event.objects.all, parent_label=lambda: _("Event"),
    parent_out=EventOut, parents_serialize=events_serialize, parent_filters=EVENT_FILTERS,
    children_name="attendances", children_of=lambda event: Registration.objects.filter(
        event=event), children_of_person=_person_registrations,
    child_label=lambda: _("Attendance"), child_out=AttendanceOut,
    children_serialize=attendances_serialize, child_filters=ATTENDANCE_FILTERS,
    parent="event", parent_plural="events", child="attendance",
    summaries=(gettext_noop("List events"), gettext_noop("Get an event"),
               gettext_noop("List an event's attendances"), gettext_noop("Get an attendance"),
               gettext_noop("List a person's attendances"),
               gettext_noop("Get one of a person's attendances")),
    url_names={"events_list": "osdi-events", "event_get": "osdi-event"},
    page_rows=lambda rows: rows.only(*ATTENDANCE_COLUMNS),
)
osdi_nested_register(EVENTS, router=router, people_router=people_router)
event_writes.register(router, event=_event)


def _primary_address(body: AttendanceIn) -> str:
    addresses = body.person.email_addresses
    chosen = next((a for a in addresses if a.primary), addresses[0])
    return chosen.address


def _form_message(form: RegistrationForm) -> str:
    parts = []
    for field, errors in form.errors.items():
        name = FORM_FIELDS.get(field, field)
        if field.startswith("question_"):
            name = f"alianza:answers.{field.removeprefix('question_')}"
        text = " ".join(str(e) for e in errors)
        parts.append(f"{name}: {text}" if field != "__all__" else text)
    return " ".join(parts)


@router.post("{event_id}/attendances", response=AttendanceOut, by_alias=True,
             summary=gettext_noop("Record an attendance (register someone for an event)"),
             description=gettext_noop(
                 "Action Network's record attendance helper, through the event's "
                 "registration form and service. Someone already registered keeps their "
                 "registration (it is returned)."))
def attendance_record(request: HttpRequest, event_id: str, body: AttendanceIn
                      ) -> dict[str, Any]:
    if body.add_tags:
        osdi_require(request.auth, "tags", write=True)  # tagging, as on the staff pages
    event = _event(event_id)
    spoken = [code.lower()[:2] for code in body.person.languages_spoken or []]
    language = "es" if spoken[:1] == ["es"] else "en"
    questions = {str(q.pk) for q in event.questions.all()}
    unknown = sorted(set(body.answers or {}) - questions)
    if unknown:
        raise OsdiError(400, _("This event has no question %(ids)s.")
                        % {"ids": ", ".join(unknown)[:200]})
    data = {
        "name": " ".join(filter(None, [body.person.given_name, body.person.family_name])),
        "email": _primary_address(body), "language": language,
        "organization_name": body.organization or "",
        "accessibility_needs": body.accessibility_needs or "",
        **({"needs_interpretation": "on"} if body.needs_interpretation else {}),
        **{f"question_{key}": value for key, value in (body.answers or {}).items()},
    }
    form = RegistrationForm(data=data, event=event, reader_language=language)
    if not form.is_valid():
        raise OsdiError(400, _form_message(form))
    cleaned = form.cleaned_data
    try:
        outcome = registration_create(
            event=event, name=cleaned["name"], email=cleaned["email"], language=language,
            organization_name=cleaned["organization_name"],
            needs_interpretation=cleaned.get("needs_interpretation", False),
            accessibility_needs=cleaned["accessibility_needs"], answers=form.answers(),
        )
    except RegistrationRefused as refused:
        raise OsdiError(400, str(refused.message)) from None
    except ValidationError as error:
        raise OsdiError(400, " ".join(error.messages)) from None
    if body.identifiers:
        osdi_identifiers_save(outcome.registration, body.identifiers)
    if body.add_tags:
        action_tags_add(person=outcome.registration.person, email=outcome.registration.email,
                        names=body.add_tags)
    return attendances_serialize(request, [outcome.registration])[0]
