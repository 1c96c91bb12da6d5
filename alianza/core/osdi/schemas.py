"""Small schemas shared by every OSDI resource."""

from __future__ import annotations

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
    error: str = Field(description="What went wrong, in the language the client asked for.")
