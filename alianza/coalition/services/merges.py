"""Merging a duplicate organization into the one staff chose to keep.

Everything that pointed at the duplicate moves to the survivor in one transaction:
affiliations, signatures, applications, status history, workgroup links, and any relation
added later (a generic pass catches those). Where both records hold something that may
exist once (one signature per statement, one pending application), the stronger one is kept
and the other is recorded in the merge's audit row, which keeps a snapshot of the
duplicate as it was.
"""

from __future__ import annotations

import json
from collections import Counter

from django.contrib.auth.models import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import (
    Affiliation,
    MembershipApplication,
    MembershipStatusChange,
    Organization,
    OrganizationDistinct,
    OrganizationMerge,
    OrganizationText,
    Person,
    Signature,
    WorkgroupMembership,
)
from alianza.coalition.models.base import organization_name_key


class MergeError(ValueError):
    """The pair cannot be merged (the same record, or one is already gone)."""


# Which signature survives when both organizations signed the same statement.
_SIGNATURE_RANK = {Signature.Status.CONFIRMED: 2, Signature.Status.PENDING: 1,
                   Signature.Status.WITHDRAWN: 0}
# Blank on the survivor, filled from the duplicate.
_FILLED_FIELDS = ("website", "district_code", "region", "description")


@transaction.atomic
def organization_merge(
    *, survivor_id: int, duplicate_id: int, merged_by: AbstractBaseUser | None,
) -> OrganizationMerge:
    """Merge the organization ``duplicate_id`` into ``survivor_id`` and delete it."""
    if survivor_id == duplicate_id:
        raise MergeError("An organization cannot be merged into itself.")
    # Locked in id order so that two staff merging crossing pairs cannot deadlock.
    locked = {o.pk: o for o in Organization.objects.select_for_update().filter(
        pk__in=[survivor_id, duplicate_id]).order_by("pk")}
    if len(locked) != 2:
        raise MergeError("One of the organizations no longer exists.")
    survivor, duplicate = locked[survivor_id], locked[duplicate_id]
    snapshot = {**model_to_dict(duplicate), "id": duplicate.pk,
                "normalized_name": duplicate.normalized_name,
                "logo": duplicate.logo.name if duplicate.logo else ""}
    moved: Counter = Counter()
    dropped: list[dict] = []

    affiliations_move(side="organization", survivor=survivor, duplicate=duplicate, moved=moved)
    _move_signatures(survivor, duplicate, moved, dropped)
    _move_applications(survivor, duplicate, moved, merged_by)
    moved["status_changes"] += MembershipStatusChange.objects.filter(
        organization=duplicate).update(organization=survivor)
    moved["workgroup_memberships"] += WorkgroupMembership.objects.filter(
        organization=duplicate).update(organization=survivor)
    OrganizationDistinct.objects.filter(first=duplicate).delete()
    OrganizationDistinct.objects.filter(second=duplicate).delete()
    _move_texts(survivor, duplicate, moved)
    _move_other_relations(survivor, duplicate, moved)
    changed = _fill_survivor(survivor, duplicate, merged_by)

    record = OrganizationMerge.objects.create(
        survivor=survivor, merged_id=duplicate.pk, merged_name=duplicate.name,
        merged_record=_jsonable({**snapshot, "dropped_signatures": dropped,
                                 "survivor_fields_filled": changed}),
        moved={key: value for key, value in moved.items() if value}, merged_by=merged_by,
    )
    duplicate.delete()
    _take_plain_name_key(survivor)
    return record


def affiliations_move(*, side: str, survivor: Organization | Person,
                      duplicate: Organization | Person, moved: Counter) -> None:
    """Move the affiliations of ``duplicate`` to ``survivor``; ``side`` ("organization" or
    "person") says which end of the affiliations the two records are. Where both are
    affiliated with the same counterpart, one affiliation stays, keeping what either knew."""
    other = "person_id" if side == "organization" else "organization_id"
    kept = {getattr(a, other): a for a in Affiliation.objects.filter(**{side: survivor})}
    for affiliation in Affiliation.objects.filter(**{side: duplicate}):
        existing = kept.get(getattr(affiliation, other))
        if existing is None:
            setattr(affiliation, side, survivor)
            affiliation.save(update_fields=[side])
            moved["affiliations"] += 1
            continue
        fields = []
        if affiliation.title and not existing.title:
            existing.title = affiliation.title
            fields.append("title")
        if affiliation.is_primary_contact and not existing.is_primary_contact:
            existing.is_primary_contact = True
            fields.append("is_primary_contact")
        if fields:
            existing.save(update_fields=fields)
        affiliation.delete()
        moved["affiliations_combined"] += 1


def _move_signatures(survivor: Organization, duplicate: Organization, moved: Counter,
                     dropped: list[dict]) -> None:
    kept = {s.statement_id: s for s in Signature.objects.filter(organization=survivor)}
    for signature in Signature.objects.filter(organization=duplicate).order_by("pk"):
        existing = kept.get(signature.statement_id)
        if existing is not None:
            # One organizational signature per statement: the stronger one stays.
            if _signature_rank(signature) > _signature_rank(existing):
                dropped.append(_signature_summary(existing))
                existing.delete()
            else:
                dropped.append(_signature_summary(signature))
                signature.delete()
                moved["signatures_combined"] += 1
                continue
        signature.organization = survivor
        signature.save(update_fields=["organization"])
        kept[signature.statement_id] = signature
        moved["signatures"] += 1


def _signature_rank(signature: Signature) -> tuple:
    confirmed = signature.confirmed_at or timezone.now()
    # Stronger status first; between equals, the earlier confirmation.
    return (_SIGNATURE_RANK.get(signature.status, 0), -confirmed.timestamp())


def _signature_summary(signature: Signature) -> dict:
    return {"id": signature.pk, "statement_id": signature.statement_id,
            "person_id": signature.person_id, "status": signature.status,
            "listed": signature.listed, "created_at": signature.created_at,
            "confirmed_at": signature.confirmed_at, "withdrawn_at": signature.withdrawn_at}


def _move_applications(survivor: Organization, duplicate: Organization, moved: Counter,
                       merged_by: AbstractBaseUser | None) -> None:
    pending = MembershipApplication.Status.PENDING
    if survivor.applications.filter(status=pending).exists():
        # Only one application may wait for review; the survivor's stays in the queue.
        for application in duplicate.applications.filter(status=pending):
            application.status = MembershipApplication.Status.DECLINED
            # In the language of the staff member merging: they and colleagues read it.
            application.decision_reason = _(
                "Closed when this organization was merged into “%(name)s” (%(id)s), which "
                "already had an application waiting for review."
            ) % {"name": survivor.name, "id": survivor.pk}
            application.decided_by, application.decided_at = merged_by, timezone.now()
            application.save(update_fields=["status", "decision_reason", "decided_by",
                                            "decided_at"])
            moved["applications_closed"] += 1
    moved["applications"] += MembershipApplication.objects.filter(
        organization=duplicate).update(organization=survivor)


def _move_texts(survivor: Organization, duplicate: Organization, moved: Counter) -> None:
    """Descriptions in a language the survivor lacks move; the survivor's own are kept."""
    have = set(survivor.texts.values_list("language", flat=True))
    moved["descriptions"] += OrganizationText.objects.filter(organization=duplicate).exclude(
        language__in=have).update(organization=survivor)


def _move_other_relations(survivor: Organization, duplicate: Organization,
                          moved: Counter) -> None:
    """Relations added after this module was written move too, rather than being deleted
    with the duplicate by a cascade nobody noticed."""
    handled = {Affiliation, Signature, MembershipApplication, MembershipStatusChange,
               WorkgroupMembership, OrganizationDistinct, OrganizationMerge, OrganizationText}
    for relation in Organization._meta.related_objects:
        model = relation.related_model
        if model in handled or not (relation.many_to_one or relation.one_to_one):
            continue
        count = model._default_manager.filter(**{relation.field.name: duplicate}).update(
            **{relation.field.name: survivor})
        if count:
            moved[model._meta.model_name] += count
    for relation in Organization._meta.many_to_many:  # none today; kept for the future
        for item in getattr(duplicate, relation.name).all():
            getattr(survivor, relation.name).add(item)


def _fill_survivor(survivor: Organization, duplicate: Organization,
                   merged_by: AbstractBaseUser | None) -> list[str]:
    """The survivor keeps what it has and gains what only the duplicate knew."""
    changed = [name for name in _FILLED_FIELDS
               if not getattr(survivor, name) and getattr(duplicate, name)]
    for name in changed:
        setattr(survivor, name, getattr(duplicate, name))
    if not (survivor.county_code or survivor.county) and (duplicate.county_code
                                                          or duplicate.county):
        survivor.county_code, survivor.county = duplicate.county_code, duplicate.county
        changed += ["county_code", "county"]
    if not survivor.logo and duplicate.logo:  # the file itself stays where it is
        survivor.logo = duplicate.logo.name
        survivor.logo_width, survivor.logo_height = duplicate.logo_width, duplicate.logo_height
        changed += ["logo", "logo_width", "logo_height"]
    if survivor.kind == Organization.Kind.OTHER and duplicate.kind != survivor.kind:
        survivor.kind = duplicate.kind
        changed.append("kind")
    if not survivor.coalition_role and duplicate.coalition_role:
        survivor.coalition_role = duplicate.coalition_role
        changed.append("coalition_role")
    languages = [tag.strip() for tag in f"{survivor.languages_served},"
                 f"{duplicate.languages_served}".split(",") if tag.strip()]
    union = ", ".join(dict.fromkeys(languages))
    if union != survivor.languages_served and len(union) <= 300:
        survivor.languages_served = union
        changed.append("languages_served")
    none = Organization.Membership.NONE
    if survivor.membership_status == none and duplicate.membership_status != none:
        # A status change is history: recorded like any other, then taken over.
        MembershipStatusChange.objects.create(
            organization=survivor, from_status=none, to_status=duplicate.membership_status,
            reason=_("Taken over from the merged organization “%(name)s” (%(id)s).") % {
                "name": duplicate.name, "id": duplicate.pk},
            changed_by=merged_by,
        )
        survivor.membership_status = duplicate.membership_status
        survivor.member_since = survivor.member_since or duplicate.member_since
        changed += ["membership_status", "member_since"]
    if changed:
        survivor.save(update_fields=changed)
    return changed


def _take_plain_name_key(survivor: Organization) -> None:
    """A survivor with a " ~<id>" key (a same-named record that predates the unique key)
    takes the plain key when the merge freed it, so new sign-ups find it."""
    plain = organization_name_key(survivor.name)
    if survivor.normalized_name == plain:
        return
    try:
        with transaction.atomic():
            Organization.objects.filter(pk=survivor.pk).update(normalized_name=plain)
    except IntegrityError:
        pass  # a third record of that name still holds it


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def organizations_mark_distinct(*, first_id: int, second_id: int,
                                decided_by: AbstractBaseUser | None) -> OrganizationDistinct:
    """Staff say two organizations offered as likely duplicates are different ones."""
    low, high = sorted((first_id, second_id))
    if low == high:
        raise MergeError("An organization is not distinct from itself.")
    distinct, _created = OrganizationDistinct.objects.get_or_create(
        first_id=low, second_id=high, defaults={"decided_by": decided_by})
    return distinct
