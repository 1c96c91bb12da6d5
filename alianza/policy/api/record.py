"""Recording an outreach through the API: Action Network's "record outreach helper" shape,
carried out by the action alert's own forms and service.

The supporter's districts come from their ZIP code (or are given), the letters are the
message given or the campaign's letter filled in for each legislator, and nothing reaches
an office until the supporter confirms from the email they are sent, as on the web page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import Field

from alianza.core.osdi import OsdiError, OsdiInput, osdi_identifiers_save
from alianza.core.osdi.schemas import EmailAddressIn
from alianza.policy.forms_actions import BODY_FOR, FIELD_FOR, DistrictsForm, LettersForm
from alianza.policy.models import ActionCampaign, ActionSubmission, Chamber
from alianza.policy.selectors.actions import seat_holder
from alianza.policy.services.actions import (
    MAX_BODY,
    ActionRefused,
    LetterDraft,
    letter_suggested,
    submission_create,
)

# The forms' field names, as the API names them in error messages.
API_NAMES = {"name": "person.given_name/family_name", "email": "person.email_addresses",
             "city": "person.postal_addresses.locality",
             "zip_code": "person.postal_addresses.postal_code",
             FIELD_FOR[Chamber.LOWER]: "alianza:districts.lower",
             FIELD_FOR[Chamber.UPPER]: "alianza:districts.upper",
             BODY_FOR[Chamber.LOWER]: "message", BODY_FOR[Chamber.UPPER]: "message"}


class PostalAddressIn(OsdiInput):
    postal_code: str | None = Field(None, max_length=10)
    locality: str | None = Field(None, max_length=100)
    region: str | None = Field(None, max_length=40)
    country: str | None = Field(None, max_length=2)
    primary: bool | None = None


class SupporterIn(OsdiInput):
    given_name: str | None = Field(None, max_length=100)
    family_name: str | None = Field(None, max_length=100)
    email_addresses: list[EmailAddressIn] = Field(min_length=1, max_length=5)
    postal_addresses: list[PostalAddressIn] | None = Field(None, max_length=5)
    languages_spoken: list[str] | None = Field(None, max_length=5)


class DistrictsIn(OsdiInput):
    lower: int | None = Field(None, ge=1, le=80)
    upper: int | None = Field(None, ge=1, le=40)


class OutreachIn(OsdiInput):
    person: SupporterIn
    message: str | None = Field(None, max_length=MAX_BODY)
    identifiers: list[str] | None = Field(None, max_length=10)
    districts: DistrictsIn | None = Field(None, alias="alianza:districts")
    add_tags: list[str] | None = Field(None, max_length=50)


def _primary(items: list) -> object | None:
    return next((i for i in items if getattr(i, "primary", None)), items[0] if items else None)


def _form_message(form: DistrictsForm) -> str:
    parts = []
    for field, errors in form.errors.items():
        text = " ".join(str(e) for e in errors)
        parts.append(text if field == "__all__" else f"{API_NAMES.get(field, field)}: {text}")
    return " ".join(parts)


def outreach_record(*, campaign: ActionCampaign, body: OutreachIn) -> ActionSubmission:
    """Keep the supporter's letters until they confirm, as the web page does; OsdiError
    (400, or 429 when the address has had its share of emails today) otherwise."""
    person = body.person
    spoken = [code.lower()[:2] for code in person.languages_spoken or []]
    language = "es" if spoken[:1] == ["es"] else "en"
    address = _primary(person.postal_addresses or [])
    data = {
        "name": " ".join(filter(None, [person.given_name, person.family_name])),
        "email": _primary(person.email_addresses).address,
        "city": (address.locality if address else None) or "",
        "zip_code": (address.postal_code if address else None) or "",
    }
    given = body.districts
    for chamber, value in ((Chamber.LOWER, given and given.lower),
                           (Chamber.UPPER, given and given.upper)):
        if value:
            data[FIELD_FOR[chamber]] = str(value)
    # The letters' own words are checked in the supporter's language, as on their page.
    with translation.override(language):
        step1 = DistrictsForm(data=data, campaign=campaign)
        if not step1.is_valid():
            raise OsdiError(400, _form_message(step1))
        if not step1.is_complete:
            raise OsdiError(400, _("This ZIP code crosses district lines: give the "
                                   "districts in alianza:districts (%(choices)s).")
                            % {"choices": "; ".join(
                                f"{c}: {', '.join(map(str, n))}"
                                for c, n in step1.several.items())})
        cleaned = step1.cleaned_data
        seats = [seat_holder(c, step1.districts[c]) for c in step1.chambers]
        for chamber, number in step1.districts.items():
            data[FIELD_FOR[chamber]] = str(number)
        for seat in seats:
            if not seat.is_vacant:
                data[BODY_FOR[seat.chamber]] = body.message if body.message is not None \
                    else letter_suggested(campaign=campaign, seat=seat,
                                          supporter_name=cleaned["name"],
                                          city=cleaned["city"], language=language)
        form = LettersForm(data=data, campaign=campaign)
        if not form.is_valid():
            raise OsdiError(400, _form_message(form))
        letters = form.cleaned_data
        try:
            submission = submission_create(
                campaign=campaign, name=letters["name"], email=letters["email"],
                city=letters["city"], zip_code=letters["zip_code"], language=language,
                drafts=[LetterDraft(seat=seat, body=letters[BODY_FOR[seat.chamber]])
                        for seat in form.writable_seats()],
                tags=body.add_tags or (),
            )
        except ActionRefused as refused:
            raise OsdiError(400, str(refused.message)) from None
        except ValidationError as error:
            raise OsdiError(400, " ".join(error.messages)) from None
    if submission is None:
        raise OsdiError(429, _("This address has been sent enough confirmation emails "
                               "today; try again tomorrow."))
    if body.identifiers:
        osdi_identifiers_save(submission, body.identifiers)
    return submission

