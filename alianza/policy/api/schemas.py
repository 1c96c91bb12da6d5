"""Response bodies of the advocacy campaigns and outreaches resources."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from alianza.core.osdi.schemas import OsdiNamedOut, OsdiRecordOut


class CampaignTarget(Schema):
    title: str
    ocdid: str
    chamber: str = Field(alias="alianza:chamber")


class CampaignText(Schema):
    title: str
    description: str | None = None
    letter_subject: str | None = None


class AdvocacyCampaignOut(OsdiNamedOut):
    browser_url: str | None = None
    type: str
    total_outreaches: int
    targets: list[CampaignTarget]
    status: str = Field(alias="alianza:status")
    delivery: str = Field(alias="alianza:delivery")
    about: dict[str, str] | None = Field(None, alias="alianza:about")
    texts: dict[str, CampaignText] = Field(alias="alianza:texts")
    links: dict[str, Any] = Field(alias="_links")


class OutreachTarget(Schema):
    title: str
    given_name: str | None = None
    family_name: str | None = None
    ocdid: str
    name: str = Field(alias="alianza:name")
    openstates_id: str | None = Field(None, alias="alianza:openstates_id")
    district: int = Field(alias="alianza:district")
    letter_status: str = Field(alias="alianza:letter_status")


class OutreachLetter(Schema):
    ocdid: str
    subject: str
    message: str
    status: str
    language: str


class OutreachOut(OsdiRecordOut):
    type: str
    subject: str | None = None
    message: str | None = None
    targets: list[OutreachTarget]
    status: str = Field(alias="alianza:status")
    confirmed_date: str | None = Field(None, alias="alianza:confirmed_date")
    language: str = Field(alias="alianza:language")
    letters: list[OutreachLetter] = Field(alias="alianza:letters")
    links: dict[str, Any] = Field(alias="_links")
