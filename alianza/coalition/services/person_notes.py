"""Staff notes about a person."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alianza.coalition.models import Person, PersonNote


def person_note_add(*, person: Person, author: AbstractBaseUser | None, body: str) -> PersonNote:
    """Add a note to ``person``'s record; blank notes and notes on erased people are refused."""
    if person.erased_at is not None:
        raise ValidationError(_("This person has been erased: nothing more is kept about them."),
                              code="erased")
    note = PersonNote(person=person, author=author, body=(body or "").strip(),
                      author_name=author.get_username() if author else "")
    note.full_clean()
    note.save()
    return note
