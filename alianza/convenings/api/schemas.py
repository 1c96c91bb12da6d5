"""Request and response bodies of the events and attendances resources."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from ninja import Schema
from pydantic import Field

from alianza.core.osdi.schemas import EmailAddressIn, OsdiInput, OsdiNamedOut, OsdiRecordOut


class Location(Schema):
    venue: str | None = None
    address_lines: list[str] | None = None


class EventText(Schema):
    title: str
    summary: str | None = None
    description: str | None = None
    accessibility: str | None = None
    childcare: str | None = None


class EventQuestion(Schema):
    id: str
    kind: str
    required: bool
    label: dict[str, str | None]
    choices: dict[str, list[str]]


class EventOut(OsdiNamedOut):
    summary: str | None = None
    browser_url: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    capacity: int | None = None
    total_accepted: int
    status: str
    visibility: str
    location: Location | None = None
    kind: str = Field(alias="alianza:kind")
    time_zone: str = Field(alias="alianza:time_zone")
    total_waitlisted: int = Field(alias="alianza:total_waitlisted")
    registration_opens_date: str | None = Field(None, alias="alianza:registration_opens_date")
    registration_deadline: str | None = Field(None, alias="alianza:registration_deadline")
    languages: list[str] = Field(alias="alianza:languages")
    interpretation: list[str] = Field(alias="alianza:interpretation")
    texts: dict[str, EventText] = Field(alias="alianza:texts")
    questions: list[EventQuestion] = Field(alias="alianza:questions")
    links: dict[str, Any] = Field(alias="_links")


class AttendanceOut(OsdiRecordOut):
    status: str
    alianza_status: str = Field(alias="alianza:status")
    waitlist_position: int | None = Field(None, alias="alianza:waitlist_position")
    language: str = Field(alias="alianza:language")
    attended_date: str | None = Field(None, alias="alianza:attended_date")
    walk_in: bool = Field(alias="alianza:walk_in")
    links: dict[str, Any] = Field(alias="_links")


class PersonIn(OsdiInput):
    """The registrant, as Action Network's record attendance helper takes a person. Only
    what the event's own form asks for is taken; anything else is refused, not dropped."""

    given_name: str | None = Field(None, max_length=100)
    family_name: str | None = Field(None, max_length=100)
    email_addresses: list[EmailAddressIn] = Field(min_length=1, max_length=5)
    languages_spoken: list[str] | None = Field(None, max_length=5)


class AttendanceIn(OsdiInput):
    __doc__ = gettext_noop(
        "Action Network's “record attendance helper”: a person and, as on the event's "
        "own form, their organization, needs and answers to the event's questions.")

    person: PersonIn
    identifiers: list[str] | None = Field(None, max_length=10)
    organization: str | None = Field(None, alias="alianza:organization", max_length=200)
    needs_interpretation: bool | None = Field(None, alias="alianza:needs_interpretation")
    accessibility_needs: str | None = Field(None, alias="alianza:accessibility_needs",
                                            max_length=2000)
    answers: dict[str, str] | None = Field(None, alias="alianza:answers", max_length=50)
    add_tags: list[str] | None = Field(None, max_length=50)
