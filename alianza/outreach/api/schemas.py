"""Request and response bodies of people, tags, taggings, lists and items."""

from __future__ import annotations

from typing import Any, Literal

from django.utils.translation import gettext_noop
from ninja import Schema
from pydantic import Field

from alianza.core.osdi import OsdiInput, OsdiOutput

CustomValue = str | int | float | bool | None



class EmailAddressOut(OsdiOutput):
    primary: bool
    address: str
    status: str


class PhoneNumberOut(OsdiOutput):
    primary: bool
    number: str


class PostalAddressOut(OsdiOutput):
    primary: bool
    region: str | None = None
    country: str | None = None
    county: str | None = Field(None, description=gettext_noop(
        "Alianza: the county's name, or as written."))
    district: str | None = Field(None, description=gettext_noop(
        "Alianza: CDE school district code."))


class PersonOut(OsdiOutput):
    identifiers: list[str]
    created_date: str
    modified_date: str
    given_name: str | None = None
    family_name: str | None = None
    email_addresses: list[EmailAddressOut]
    phone_numbers: list[PhoneNumberOut]
    postal_addresses: list[PostalAddressOut]
    preferred_language: str
    languages_spoken: list[str]
    custom_fields: dict[str, Any]
    links: dict[str, Any] = Field(alias="_links")


class EmailAddressIn(OsdiInput):
    address: str = Field(max_length=254)
    primary: bool | None = None
    status: Literal["subscribed", "unsubscribed", "bouncing", "spam complaint",
                    "previous bounce", "previous spam complaint"] | None = None
    address_type: str | None = None


class PhoneNumberIn(OsdiInput):
    number: str = Field(max_length=40)
    primary: bool | None = None
    number_type: str | None = None
    status: str | None = None


class PostalAddressIn(OsdiInput):
    primary: bool | None = None
    address_lines: list[str] | None = None
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    language: str | None = None
    location: dict[str, Any] | None = None
    county: str | None = Field(None, max_length=100)
    district: str | None = Field(None, max_length=20)


class PersonIn(OsdiInput):
    identifiers: list[str] = Field(default_factory=list, max_length=50)
    given_name: str | None = Field(None, max_length=200)
    family_name: str | None = Field(None, max_length=200)
    email_addresses: list[EmailAddressIn] = Field(default_factory=list, max_length=20)
    phone_numbers: list[PhoneNumberIn] = Field(default_factory=list, max_length=20)
    postal_addresses: list[PostalAddressIn] = Field(default_factory=list, max_length=20)
    preferred_language: str | None = Field(None, max_length=35)
    languages_spoken: list[str] = Field(default_factory=list, max_length=20)
    custom_fields: dict[str, CustomValue] = Field(default_factory=dict, max_length=200)
    created_date: str | None = None
    modified_date: str | None = None
    links: dict[str, Any] | None = Field(None, alias="_links")


class SignupIn(OsdiInput):
    person: PersonIn
    add_tags: list[str] = Field(default_factory=list, max_length=100)
    remove_tags: list[str] = Field(default_factory=list, max_length=100)
    triggers: dict[str, Any] | None = None


class TagOut(Schema):
    identifiers: list[str]
    created_date: str
    modified_date: str
    name: str
    links: dict[str, Any] = Field(alias="_links")


class TagIn(OsdiInput):
    name: str = Field(min_length=1, max_length=100)
    identifiers: list[str] = Field(default_factory=list, max_length=50)


class TaggingOut(Schema):
    identifiers: list[str]
    created_date: str
    modified_date: str
    item_type: str = "osdi:person"
    links: dict[str, Any] = Field(alias="_links")


class LinkIn(OsdiInput):
    href: str = Field(max_length=2000)


class TaggingLinksIn(OsdiInput):
    person: LinkIn = Field(alias="osdi:person")


class TaggingPersonIn(OsdiInput):
    email_addresses: list[EmailAddressIn] = Field(default_factory=list, max_length=20)
    identifiers: list[str] = Field(default_factory=list, max_length=50)


class TaggingIn(OsdiInput):
    links: TaggingLinksIn | None = Field(None, alias="_links")
    person: TaggingPersonIn | None = None
    identifiers: list[str] = Field(default_factory=list, max_length=50)


class ListOut(Schema):
    identifiers: list[str]
    created_date: str
    modified_date: str
    title: str
    name: str
    description: str | None = None
    browser_url: str | None = None
    links: dict[str, Any] = Field(alias="_links")


class ItemOut(Schema):
    identifiers: list[str]
    created_date: str
    modified_date: str
    item_type: str = "osdi:person"
    links: dict[str, Any] = Field(alias="_links")
