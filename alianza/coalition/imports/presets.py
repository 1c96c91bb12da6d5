"""The files of the tools coalitions leave: Action Network and Mailchimp exports.

A preset is the ordinary import with what is known about such a file filled in: which column
is which, what the subscription status of a Mailchimp file is (it is in the file's kind,
not in a column), and where the consent came from. It is recognised by the column names,
or chosen on upload.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from alianza.coalition.imports.fields import PEOPLE, _key, guess_mapping
from alianza.coalition.models import ContactImport

Preset = ContactImport.Preset

# Column names as the tools write them, for the fields the plain guess would miss or
# mistake (Mailchimp's OPTIN_TIME is consent; Action Network's created_date is when the
# activist joined, the best date of consent its export has).
_ACTION_NETWORK = {
    "first_name": ("first_name",), "last_name": ("last_name",), "email": ("email",),
    "phone": ("can2_phone", "phone", "phone_number", "mobile_number"),
    "preferred_language": ("language", "can2_language", "preferred_language"),
    "county": ("can2_county", "county"),
    "subscription_status": ("can2_subscription_status", "subscription_status", "email_status"),
    "unsubscribed": ("unsubscribed",),
    "email_consent": ("subscribed",),
    "tags": ("can2_user_tags", "tags"),
    "consent_date": ("created_date", "created_at"),
}
_MAILCHIMP = {
    "email": ("Email Address",), "first_name": ("First Name",), "last_name": ("Last Name",),
    "phone": ("Phone Number", "Phone"), "preferred_language": ("LANGUAGE", "Language"),
    "tags": ("TAGS",), "consent_date": ("OPTIN_TIME",), "consent_confirmed": ("CONFIRM_TIME",),
    "organization": ("Organization", "Company"),
}
SOURCES = {Preset.SPREADSHEET: "import:spreadsheet", Preset.ACTION_NETWORK: "import:action-network",
           Preset.MAILCHIMP: "import:mailchimp"}


def detect(headers: list[str]) -> str:
    """The preset whose export has these column names."""
    keys = {_key(header) for header in headers}
    if "email address" in keys and keys & {"member rating", "optin time", "confirm time",
                                           "leid", "euid", "clean time", "unsub time"}:
        return Preset.MAILCHIMP
    if any(header.lower().startswith("can2_") for header in headers) or \
            {"first name", "last name", "email", "zip code"} <= keys:
        return Preset.ACTION_NETWORK
    return Preset.SPREADSHEET


def mapping(preset: str, kind: str, headers: list[str]) -> dict[str, int]:
    guessed = guess_mapping(kind, headers)
    known = {Preset.ACTION_NETWORK: _ACTION_NETWORK, Preset.MAILCHIMP: _MAILCHIMP}.get(preset)
    if kind != PEOPLE or known is None:
        return guessed
    positions = {_key(header): index for index, header in enumerate(headers)}
    found: dict[str, int] = {}
    for field_key, names in known.items():
        for name in names:
            if _key(name) in positions:
                found[field_key] = positions[_key(name)]
                break
    # The guess fills what the preset does not name, in columns the preset left free.
    taken = set(found.values())
    for field_key, index in guessed.items():
        if field_key not in found and index not in taken:
            found[field_key] = index
            taken.add(index)
    return found


def mailchimp_status(headers: list[str]) -> str:
    """Mailchimp exports each status as its own file; the file's columns tell which."""
    keys = {_key(header) for header in headers}
    if "clean time" in keys:
        return "cleaned"
    if "unsub time" in keys:
        return "unsubscribed"
    return "subscribed"


def defaults(preset: str, headers: list[str], file_name: str) -> dict[str, str]:
    """What every row of the file shares: status (Mailchimp), consent source and wording.

    The wording says where the consent was given, since the words the person saw in the
    old tool are not in its export; staff may change it on the mapping page.
    """
    chosen = {"source": SOURCES.get(preset, SOURCES[Preset.SPREADSHEET])}
    if preset == Preset.MAILCHIMP:
        chosen["status"] = mailchimp_status(headers)
        chosen["wording"] = _("Imported from Mailchimp audience export “%(file)s”.") % {
            "file": file_name}
    elif preset == Preset.ACTION_NETWORK:
        chosen["wording"] = _("Imported from Action Network activist export “%(file)s”.") % {
            "file": file_name}
    else:
        chosen["wording"] = _("Imported from the file “%(file)s”.") % {"file": file_name}
    return chosen
