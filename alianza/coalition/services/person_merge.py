"""Merging a duplicate person into the record staff chose to keep.

Everything that points at the duplicate moves to the survivor in one transaction. The
coalition's own rows are moved by ``coalition_merge`` below; every other module moves its
own through ``alianza.core.people.person_merge_register``. Before the duplicate is deleted,
every relation to people is checked once more: a row still pointing at the duplicate
means some module has no merge part, and the whole merge is undone rather than letting a
cascade delete (or empty) that row unnoticed.
"""

from __future__ import annotations

import json
from collections import Counter

from django.contrib.auth.models import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import (
    AffiliationClaim,
    Consent,
    ContactImportPerson,
    MembershipApplication,
    Person,
    PersonDataLog,
    PersonDistinct,
    PersonEmail,
    PersonMerge,
    PersonNote,
    Signature,
    WorkgroupMembership,
)
from alianza.coalition.services.merges import affiliations_move
from alianza.core.osdi.identifiers import osdi_identifiers_move
from alianza.core.people import person_merge_part_list

# The coalition's own models moved by ``coalition_merge`` (registered in apps.py).
COALITION_MODELS = (
    "coalition.PersonEmail", "coalition.Affiliation", "coalition.AffiliationClaim",
    "coalition.Signature", "coalition.Consent", "coalition.WorkgroupMembership",
    "coalition.MembershipApplication", "coalition.PersonNote", "coalition.PersonMerge",
    "coalition.PersonDistinct", "coalition.PersonDataLog", "coalition.ContactImportPerson",
)
# Blank on the survivor, filled from the duplicate.
_FILLED_FIELDS = ("name", "phone", "district_code")
_SIGNATURE_RANK = {Signature.Status.CONFIRMED: 2, Signature.Status.PENDING: 1,
                   Signature.Status.WITHDRAWN: 0}


class PersonMergeError(ValueError):
    """The pair cannot be merged; the message says why, in the reader's language."""


@transaction.atomic
def person_merge(*, survivor_id: int, duplicate_id: int,
                 by: AbstractBaseUser | None) -> PersonMerge:
    """Merge the person ``duplicate_id`` into ``survivor_id`` and delete the duplicate."""
    if survivor_id == duplicate_id:
        raise PersonMergeError(_("A person cannot be merged with themselves."))
    # Locked in id order so that two staff merging crossing pairs cannot deadlock.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(
        pk__in=[survivor_id, duplicate_id]).order_by("pk")}
    if len(locked) != 2:
        raise PersonMergeError(_("One of these people no longer exists: they may have been "
                                 "merged already."))
    survivor, duplicate = locked[survivor_id], locked[duplicate_id]
    if survivor.erased_at or duplicate.erased_at:
        raise PersonMergeError(_("An erased person cannot be merged."))
    snapshot = {
        "id": duplicate.pk, "name": duplicate.name, "email": duplicate.email,
        "phone": duplicate.phone, "preferred_language": duplicate.preferred_language,
        "county_code": duplicate.county_code, "county": duplicate.county,
        "district_code": duplicate.district_code, "created_at": duplicate.created_at,
        "email_confirmed_at": duplicate.email_confirmed_at,
        "other_emails": list(duplicate.other_emails.values_list("email", flat=True)),
    }
    moved: Counter = Counter()
    for part in person_merge_part_list():
        for key, count in (part.merge(survivor, duplicate) or {}).items():
            moved[f"{part.name}.{key}"] += count
    _refuse_leftovers(duplicate)
    filled = _fill_survivor(survivor, duplicate)

    record = PersonMerge.objects.create(
        survivor=survivor, merged_id=duplicate.pk, merged_name=duplicate.name,
        merged_email=duplicate.email,
        merged_record=_jsonable({**snapshot, "survivor_fields_filled": filled}),
        moved={key: value for key, value in sorted(moved.items()) if value}, merged_by=by,
    )
    address = duplicate.email
    duplicate.delete()
    # The duplicate's address is one of the survivor's now, so it still finds them (unless
    # it already was: the two records may have been found through that very address).
    if address != survivor.email and not PersonEmail.objects.filter(email=address).exists():
        PersonEmail.objects.create(person=survivor, email=address)
    return record


def coalition_merge(survivor: Person, duplicate: Person) -> dict[str, int]:
    """The coalition's part: addresses, affiliations, claims, signatures, consents,
    workgroups, applications, notes, earlier merges, the personal-data log, the imports
    that touched the record and the identifiers other systems gave the person."""
    moved: Counter = Counter()
    # An address both records list stays once, on the survivor's main record.
    PersonEmail.objects.filter(person=duplicate, email=survivor.email).delete()
    moved["other_emails"] = PersonEmail.objects.filter(person=duplicate).update(
        person=survivor)
    affiliations_move(side="person", survivor=survivor, duplicate=duplicate, moved=moved)
    _move_claims(survivor, duplicate, moved)
    _move_signatures(survivor, duplicate, moved)
    # Consent rows are append-only; only the record they point at may change (on
    # PostgreSQL the trigger allows exactly this), so the plain update is used on purpose.
    moved["consents"] = models.QuerySet.update(
        Consent.objects.filter(person=duplicate), person=survivor)
    moved["data_requests"] = models.QuerySet.update(
        PersonDataLog.objects.filter(person=duplicate), person=survivor)
    _move_workgroups(survivor, duplicate, moved)
    moved["applications"] = MembershipApplication.objects.filter(contact=duplicate).update(
        contact=survivor)
    moved["notes"] = PersonNote.objects.filter(person=duplicate).update(person=survivor)
    # What imports did to the duplicate is history of the person kept.
    moved["import_links"] = ContactImportPerson.objects.filter(person=duplicate).update(
        person=survivor)
    moved["earlier_merges"] = PersonMerge.objects.filter(survivor=duplicate).update(
        survivor=survivor)
    PersonDistinct.objects.filter(models.Q(first=duplicate) | models.Q(second=duplicate)) \
        .delete()
    # Identifiers another system gave the duplicate ("action_network:…") now name the
    # survivor: that system's next update finds the person kept instead of making the
    # duplicate anew. (Deleting the duplicate would otherwise delete them.)
    moved["external_identifiers"] = osdi_identifiers_move(Person, from_pk=duplicate.pk,
                                                          to_pk=survivor.pk)
    return dict(moved)


def _move_claims(survivor: Person, duplicate: Person, moved: Counter) -> None:
    pending = AffiliationClaim.Status.PENDING
    waiting = set(AffiliationClaim.objects.filter(person=survivor, status=pending)
                  .values_list("organization_id", flat=True))
    # One claim per organization may wait for review: the survivor's stays in the queue.
    for claim in AffiliationClaim.objects.filter(person=duplicate, status=pending,
                                                 organization_id__in=waiting):
        claim.status, claim.decided_at = AffiliationClaim.Status.DECLINED, timezone.now()
        claim.save(update_fields=["status", "decided_at"])
        moved["claims_closed"] += 1
    moved["claims"] = AffiliationClaim.objects.filter(person=duplicate).update(person=survivor)


def _move_signatures(survivor: Person, duplicate: Person, moved: Counter) -> None:
    # A signature made for an organization stays unique per organization: it just moves.
    moved["signatures"] += Signature.objects.filter(
        person=duplicate, organization__isnull=False).update(
            person=survivor, modified_at=timezone.now())
    kept = {s.statement_id: s for s in Signature.objects.filter(
        person=survivor, organization__isnull=True)}
    for signature in Signature.objects.filter(person=duplicate, organization__isnull=True) \
            .order_by("pk"):
        existing = kept.get(signature.statement_id)
        if existing is not None:
            # One personal signature per statement: the stronger one stays.
            if _signature_rank(signature) > _signature_rank(existing):
                existing.delete()
            else:
                signature.delete()
                moved["signatures_combined"] += 1
                continue
            moved["signatures_combined"] += 1
        signature.person = survivor
        signature.save(update_fields=["person"])
        kept[signature.statement_id] = signature
        moved["signatures"] += 1


def _signature_rank(signature: Signature) -> tuple:
    confirmed = signature.confirmed_at or timezone.now()
    # Stronger status first; then listed over unlisted; between equals, the earlier one.
    return (_SIGNATURE_RANK.get(signature.status, 0), signature.listed,
            -confirmed.timestamp())


def _move_workgroups(survivor: Person, duplicate: Person, moved: Counter) -> None:
    kept = {m.workgroup_id: m for m in WorkgroupMembership.objects.filter(person=survivor)}
    for membership in WorkgroupMembership.objects.filter(person=duplicate):
        existing = kept.get(membership.workgroup_id)
        if existing is not None:
            if existing.is_confirmed or not membership.is_confirmed:
                membership.delete()
                moved["workgroup_memberships_combined"] += 1
                continue
            existing.delete()  # the duplicate's confirmed place beats a pending one
            moved["workgroup_memberships_combined"] += 1
        membership.person = survivor
        membership.save(update_fields=["person"])
        moved["workgroup_memberships"] += 1


def person_relations() -> list[models.ForeignObjectRel]:
    """Every relation from another model to people, including hidden ones
    (``related_name="+"``) and the tables behind many-to-many fields."""
    return [field for field in Person._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete
            and (field.many_to_one or field.one_to_one or field.one_to_many)]


def _refuse_leftovers(duplicate: Person) -> None:
    for relation in person_relations():
        model = relation.related_model
        if model._default_manager.filter(**{relation.field.name: duplicate}).exists():
            raise PersonMergeError(_(
                "The merge was stopped and nothing was changed: %(model)s still point at the "
                "record to be merged away. Please report this to the site's developers."
            ) % {"model": model._meta.verbose_name_plural})


def _fill_survivor(survivor: Person, duplicate: Person) -> list[str]:
    """The survivor keeps what it has and gains what only the duplicate knew."""
    changed = [name for name in _FILLED_FIELDS
               if not getattr(survivor, name) and getattr(duplicate, name)]
    for name in changed:
        setattr(survivor, name, getattr(duplicate, name))
    if not (survivor.county_code or survivor.county) and (duplicate.county_code
                                                          or duplicate.county):
        survivor.county_code, survivor.county = duplicate.county_code, duplicate.county
        changed += ["county_code", "county"]
    if changed:
        survivor.save(update_fields=changed)
    return changed


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def people_mark_distinct(*, first_id: int, second_id: int,
                         decided_by: AbstractBaseUser | None) -> PersonDistinct:
    """Staff say two people offered as likely duplicates are different people."""
    low, high = sorted((first_id, second_id))
    if low == high:
        raise PersonMergeError(_("A person cannot be merged with themselves."))
    distinct, _created = PersonDistinct.objects.get_or_create(
        first_id=low, second_id=high, defaults={"decided_by": decided_by})
    return distinct
