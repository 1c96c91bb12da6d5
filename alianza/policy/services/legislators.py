"""Staff writes about legislators: office staff contacts, and each office's letter language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alianza.policy.models import Legislator, Office, OfficeContact

CONTACT_FIELDS = ("name", "role", "office", "email", "phone", "notes")


def _check_office(legislator: Legislator, office: Office | None) -> None:
    if office is not None and office.legislator_id != legislator.pk:
        raise ValidationError({"office": _("This office belongs to another legislator.")})


def office_contact_add(*, legislator: Legislator, name: str, role: str = "",
                       office: Office | None = None, email: str = "", phone: str = "",
                       notes: str = "", added_by=None) -> OfficeContact:
    _check_office(legislator, office)
    contact = OfficeContact(legislator=legislator, office=office, name=name, role=role,
                            email=email, phone=phone, notes=notes, added_by=added_by)
    contact.full_clean()
    contact.save()
    return contact


def office_contact_update(*, contact: OfficeContact, **values) -> OfficeContact:
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")
    _check_office(contact.legislator, values.get("office", contact.office))
    for key, value in values.items():
        setattr(contact, key, value)
    contact.full_clean()
    contact.save()
    return contact


def office_contact_set_active(*, contact: OfficeContact, active: bool) -> OfficeContact:
    """Someone who left the office is deactivated, not deleted: past meetings and notes
    may name them."""
    contact.is_active = active
    contact.save(update_fields=["is_active"])
    return contact


def office_letter_language_set(*, office: Office, language: str) -> Office:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"letter_language": _("Choose one of the site's languages.")})
    office.letter_language = language
    office.save(update_fields=["letter_language"])
    return office
