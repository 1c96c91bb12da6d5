"""Small schemas shared by every OSDI resource."""

from __future__ import annotations

from django.utils.translation import gettext_noop
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field


class OsdiInput(Schema):
    """Base of request bodies: an unknown field is an error (400), not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class OsdiOutput(BaseModel):
    """Base of response bodies built as dicts: validated by pydantic itself, without
    ninja's per-object wrapper for reading model attributes (a third of the CPU time of
    a page of 100 people went to that wrapper)."""

    model_config = ConfigDict(populate_by_name=True, from_attributes=True)


class Link(Schema):
    href: str


class TitledLink(Schema):
    href: str
    title: str | None = None


class HalLinks(Schema):
    """``_links`` of a resource: ``self`` and any other relation (``osdi:tags`` ...)."""

    model_config = ConfigDict(extra="allow")

    self: Link | None = None


class Curie(Schema):
    name: str
    href: str
    templated: bool


class ErrorBody(Schema):
    error: str = Field(description=gettext_noop(
        "What went wrong, in the language the client asked for."))


class OsdiRecordOut(Schema):
    """The fields every record of ours starts with, as Action Network's do."""

    identifiers: list[str]
    origin_system: str
    created_date: str | None = None
    modified_date: str | None = None


class OsdiNamedOut(OsdiRecordOut):
    """A record people see by name (an event, a campaign, a question)."""

    name: str
    title: str
    description: str | None = None


# An address in a record helper's ``person`` (``status`` is taken and not used).
class EmailAddressIn(OsdiInput):
    address: str = Field(max_length=254)
    primary: bool | None = None
    status: str | None = Field(None, max_length=40)
