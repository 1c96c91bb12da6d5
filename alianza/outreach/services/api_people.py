"""Writes the OSDI API makes on people, tags and taggings, through the web's own services.

The API is used by staff tools (a token acts as its staff user), so what it says about a
person's record is applied as a staff edit would be. What it says about email consent is
not taken on trust: nobody can give consent for someone else, so

- "subscribed" for someone who may not be mailed yet starts the same confirmation email
  as the "join the movement" form (nothing is sent to them in bulk until they open the
  link); for someone who already may be mailed it changes nothing;
- "unsubscribed" records a withdrawal of all email and ends their list subscriptions,
  as the unsubscribe link does;
- an address with an active suppression (bounces, spam complaint, added by staff) is
  never asked to confirm: suppression wins over any status sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.coalition.models import Person
from alianza.coalition.services.people import (
    person_find,
    person_get_or_create,
    person_update,
)
from alianza.core.email_address import email_address_normalize
from alianza.core.services import supported_language
from alianza.outreach.models import Tag, Tagging
from alianza.outreach.selectors_email_status import EmailState, email_states
from alianza.outreach.services.subscriptions import subscription_unsubscribe

API_SOURCE = "osdi-api"
# The words of the web form's box: a confirmation started through the API asks the
# person for exactly what the form would have.
UPDATES_WORDING = gettext_lazy("Receive email updates from the coalition")
UNSUBSCRIBE_WORDING = gettext_lazy(
    "Marked as unsubscribed from email by a connected system (OSDI API).")


def name_split(name: str) -> tuple[str, str]:
    """(given_name, family_name) from our single name: the first word, then the rest.

    "José García López" gives ("José", "García López"): with two family names, as many
    of our people have, the rest is the family name. Joining the two with a space gives
    the name back, so a round trip keeps it.
    """
    words = name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def name_join(given: str | None, family: str | None, current: str = "") -> str | None:
    """Our single name from given_name and family_name; a part not sent is kept."""
    if given is None and family is None:
        return None
    old_given, old_family = name_split(current)
    given = old_given if given is None else given
    family = old_family if family is None else family
    return " ".join(f"{given} {family}".split())


@dataclass
class PersonChanges:
    """What a client sent about a person; None (or empty) leaves a field as it is."""

    email: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    phone: str | None = None
    language: str | None = None
    county: str | None = None
    district_code: str | None = None
    extra: dict = field(default_factory=dict)
    identifiers: list[str] = field(default_factory=list)
    email_status: str | None = None  # "subscribed", "unsubscribed" or None


@dataclass
class SignupResult:
    person: Person
    created: bool
    confirmation_requested: bool = False
    unsubscribed: bool = False


def _apply(person: Person, changes: PersonChanges) -> None:
    name = name_join(changes.given_name, changes.family_name, person.name)
    person_update(person=person, name=name, phone=changes.phone,
                  preferred_language=changes.language, county=changes.county,
                  district_code=changes.district_code, extra=changes.extra or None)


@transaction.atomic
def person_api_update(*, person: Person, changes: PersonChanges) -> SignupResult:
    """Change a person's record as a staff edit would, then act on the email status sent."""
    from alianza.core.osdi import osdi_identifiers_save

    person = Person.objects.select_for_update().get(pk=person.pk)
    if changes.email:
        address = email_address_normalize(changes.email)
        if address != person.email:
            # Changing a primary address is a merge-sized decision; staff do it on the page.
            raise ValidationError(_("The email address of a person cannot be changed "
                                    "through the API."))
    _apply(person, changes)
    if changes.identifiers:
        osdi_identifiers_save(person, changes.identifiers)
    result = SignupResult(person=person, created=False)
    _email_status_apply(result, changes.email_status)
    return result


@transaction.atomic
def person_signup(*, changes: PersonChanges, add_tags: Sequence[str] = (),
                  remove_tags: Sequence[str] = ()) -> SignupResult:
    """Create or update a person found by identifier or email (Action Network's helper).

    A new person is created as the web's forms create one; tags are matched by name or
    slug to existing tags, and names matching no tag are ignored, as Action Network does.
    """
    from alianza.core.osdi import osdi_find, osdi_identifiers_save

    # Each person found is locked as it is read: two requests about one person queue.
    person = None
    if changes.identifiers:
        pk = osdi_find(Person, changes.identifiers)
        person = (Person.objects.select_for_update().filter(pk=pk, erased_at__isnull=True)
                  .first() if pk else None)
    address = email_address_normalize(changes.email) if changes.email else ""
    if person is None and address:
        person = person_find(email=address, for_update=True)
    if person is None and not address:
        raise ValidationError(_("A new person needs an email address."))
    created = False
    if person is None:
        person, created = person_get_or_create(
            email=address, name=name_join(changes.given_name, changes.family_name) or "",
            preferred_language=changes.language or "en",
            phone=changes.phone or "", county=changes.county or "", looked=True)
        if not created:  # someone else created them meanwhile
            person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("This person was erased at their request and cannot be "
                                "added again through the API."))
    _apply(person, changes)
    if changes.identifiers:
        osdi_identifiers_save(person, changes.identifiers)
    result = SignupResult(person=person, created=created)
    _email_status_apply(result, changes.email_status)
    tags = tags_named([*add_tags, *remove_tags]) if add_tags or remove_tags else {}
    adding = {tags[_tag_key(n)].pk for n in add_tags if _tag_key(n) in tags}
    if adding:
        taggings_add(person=person, tag_ids=adding)
    removing = [tags[_tag_key(n)].pk for n in remove_tags if _tag_key(n) in tags]
    if removing:
        Tagging.objects.filter(person=person, tag_id__in=removing).delete()
    return result


def _email_status_apply(result: SignupResult, status: str | None) -> None:
    if status not in ("subscribed", "unsubscribed"):
        return
    person = result.person
    state: EmailState = email_states([person])[person.pk]
    if status == "unsubscribed":
        if not state.withdrawn or state.on_lists:
            with translation.override(supported_language(person.preferred_language)):
                wording = str(UNSUBSCRIBE_WORDING)
            subscription_unsubscribe(person=person, lists=None, source=API_SOURCE,
                                     wording=wording)
            result.unsubscribed = True
        return
    if state.suppressed or state.status == "subscribed":
        return  # suppression wins; someone who may be mailed already needs no email
    result.confirmation_requested = _confirmation_request(person)


def _confirmation_request(person: Person) -> bool:
    """The "join the movement" confirmation email, asking only for email updates."""
    from alianza.coalition.services.confirmations import confirmations_record
    from alianza.coalition.services.signing import JoinRequest

    language = supported_language(person.preferred_language)
    with translation.override(language):
        wording = str(UPDATES_WORDING)
    rows = confirmations_record(requests=[JoinRequest(
        name=person.name, email=person.email, language=language, source=API_SOURCE,
        receive_updates=True, updates_wording=wording, phone=person.phone,
    )])
    return rows[0] is not None


def _tag_key(name: str) -> str:
    return slugify(" ".join(str(name).split()))


def tags_named(names: Sequence[str]) -> dict[str, Tag]:
    """Existing tags by the slug of each name (a tag matches by its name or its slug)."""
    keys = {_tag_key(n) for n in names} - {""}
    if not keys:
        return {}
    found = {t.slug: t for t in Tag.objects.filter(slug__in=keys)}
    missing = [" ".join(str(n).split()) for n in names if _tag_key(n) not in found]
    if missing:
        # A tag renamed since its slug was made is still found by its name.
        named = Q()
        for name in missing:
            named |= Q(name__iexact=name)
        for tag in Tag.objects.filter(named):
            found.setdefault(_tag_key(tag.name), tag)
    return found


def tag_create(*, name: str) -> tuple[Tag, bool]:
    """A tag with this name, created unless one has this name or slug already."""
    name = " ".join(name.split())
    slug = slugify(name)
    if not slug:
        raise ValidationError(_("A tag needs letters or digits in its name."))
    tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.filter(slug=slug).first()
    if tag is not None:
        return tag, False
    tag = Tag(slug=slug, name=name)
    tag.full_clean()
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        return Tag.objects.get(slug=slug), False
    return tag, True


def tagging_create(*, tag: Tag, person: Person) -> tuple[Tagging, bool]:
    """Tag a person; tagging twice gives back the first tagging."""
    found = Tagging.objects.filter(tag=tag, person=person).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return Tagging.objects.create(tag=tag, person=person), True
    except IntegrityError:
        return Tagging.objects.get(tag=tag, person=person), False


def taggings_add(*, person: Person, tag_ids: set[int]) -> None:
    """Tag a person with each of these tags they do not have yet, in one statement: a
    tagging they have (made before or meanwhile by another request) is kept as it is."""
    Tagging.objects.bulk_create(
        [Tagging(tag_id=tag_id, person=person) for tag_id in sorted(tag_ids)],
        ignore_conflicts=True)


def tagging_delete(*, tagging: Tagging) -> None:
    tagging.delete()
