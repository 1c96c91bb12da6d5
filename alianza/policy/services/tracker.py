"""Staff writes on the bill tracker: bills entered by hand, corrections to what the feed
says, the coalition's texts, manual actions and hearings, positions and their letters, and
the choice between staff's and the feed's value when an import disagreed with a correction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import Workgroup
from alianza.library.models import Resource
from alianza.policy.models import (
    Bill,
    BillAction,
    BillChange,
    BillConflict,
    BillPosition,
    BillText,
    Committee,
    Hearing,
    IssueArea,
    LegislativeSession,
    Stance,
)
from alianza.policy.services.alerts import bill_changes_announce
from alianza.policy.tracker_identifiers import identifier_normalise

STAFF_SOURCE = "staff"
# Feed fields staff may correct on the bill page; a correction is listed in staff_edited.
CORRECTABLE = ("title", "abstract")
# Fields a conflict may be about and that can be written back to the bill.
RESOLVABLE = ("title", "abstract", "classification", "subjects", "status", "status_date",
              "latest_action_date")


def bill_create(*, session: LegislativeSession, identifier: str, title: str = "") -> Bill:
    """A bill the feed does not have (yet). The identifier may be written any usual way."""
    normalised = identifier_normalise(identifier)
    if normalised is None:
        raise ValidationError(
            _("“%(value)s” is not a bill number we recognise. Write it like AB 1947, "
              "SB 5 or ACA 1."), code="identifier", params={"value": identifier.strip()})
    if Bill.objects.filter(session=session, identifier=normalised).exists():
        raise ValidationError(
            _("%(identifier)s of the %(session)s is already in the tracker."),
            code="duplicate", params={"identifier": normalised, "session": session.name})
    title = " ".join(title.split())
    bill = Bill(session=session, identifier=normalised, title=title or normalised,
                source=STAFF_SOURCE, staff_edited=["title"] if title else [])
    bill.full_clean()
    bill.save()
    return bill


@transaction.atomic
def bill_update(
    *,
    bill: Bill,
    is_tracked: bool,
    workgroup: Workgroup | None,
    issue_areas: Iterable[IssueArea],
    corrections: dict[str, str],
    texts: dict[str, tuple[str, str]],
) -> Bill:
    """Save the tracker's settings and texts; a feed field whose value staff change is
    listed in ``staff_edited``, so a later import shows a conflict instead of replacing it.

    ``texts`` maps a language to its (plain-language title, summary).
    """
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    edited = list(bill.staff_edited or [])
    for name, value in corrections.items():
        if name not in CORRECTABLE:
            raise ValueError(name)
        value = value.strip()
        if value != getattr(bill, name):
            setattr(bill, name, value)
            if name not in edited:
                edited.append(name)
    bill.staff_edited = edited
    bill.is_tracked = is_tracked
    bill.workgroup = workgroup
    bill.full_clean(exclude=["session"])
    bill.save()
    bill.issue_areas.set(list(issue_areas))
    for language, (short_title, summary) in texts.items():
        short_title, summary = " ".join(short_title.split()), summary.strip()
        if not short_title and not summary:
            BillText.objects.filter(bill=bill, language=language).delete()
            continue
        BillText.objects.update_or_create(bill=bill, language=language, defaults={
            "short_title": short_title, "summary": summary})
    return bill


def _change_record(*, bill: Bill, kind: str, occurred_on: datetime.date,
                   description: str) -> BillChange | None:
    """What followers are told about; only tracked bills have followers."""
    if not bill.is_tracked:
        return None
    change = BillChange.objects.create(bill=bill, kind=kind, occurred_on=occurred_on,
                                       description=description)
    bill_changes_announce(change_ids=[change.pk])
    return change


@transaction.atomic
def bill_action_add(*, bill: Bill, date: datetime.date, description: str,
                    chamber: str = "", organization: str = "") -> BillAction:
    """An action the feed lacks. An action is something that happened: no future dates."""
    if date > timezone.localdate():
        raise ValidationError(_("An action cannot be dated in the future. For a coming "
                                "hearing, add a hearing instead."), code="future")
    order = (bill.actions.aggregate(top=Max("order"))["top"] or 0) + 1
    action = BillAction(bill=bill, order=order, date=date, description=description.strip(),
                        chamber=chamber, organization=organization.strip(), is_manual=True)
    action.full_clean()
    action.save()
    if bill.latest_action_date is None or date > bill.latest_action_date:
        Bill.objects.filter(pk=bill.pk).update(latest_action_date=date)
    _change_record(bill=bill, kind=BillChange.Kind.ACTION, occurred_on=date,
                   description=action.description)
    return action


def hearing_description(hearing: Hearing) -> str:
    """The hearing as one line for alerts: body, time (24-hour, the same in both
    languages) and place, as written by staff."""
    local = timezone.localtime(hearing.starts_at)
    parts = [hearing.committee.name if hearing.committee else hearing.body,
             local.strftime("%H:%M"), hearing.location]
    return " · ".join(part for part in parts if part)


@transaction.atomic
def hearing_add(*, bill: Bill, starts_at: datetime.datetime, body: str = "",
                committee: Committee | None = None, location: str = "",
                notes: str = "") -> Hearing:
    if committee is None and not body.strip():
        raise ValidationError(_("Name the committee or body holding the hearing."),
                              code="body")
    hearing = Hearing(bill=bill, starts_at=starts_at, body=body.strip(), committee=committee,
                      location=location.strip(), notes=notes.strip(), is_manual=True)
    hearing.full_clean()
    hearing.save()
    _change_record(bill=bill, kind=BillChange.Kind.HEARING,
                   occurred_on=timezone.localtime(starts_at).date(),
                   description=hearing_description(hearing))
    return hearing


@transaction.atomic
def position_set(*, bill: Bill, position: str, note: str = "", note_es: str = "",
                 letters: Iterable[Resource] = (), set_by=None) -> BillPosition:
    """A new current position; the earlier ones stay as the bill's history."""
    if position not in Stance.values:
        raise ValidationError(_("Choose a position."), code="position")
    row = BillPosition(bill=bill, position=position, note=note.strip(),
                       note_es=note_es.strip(), set_by=set_by)
    row.full_clean()
    row.save()
    row.letters.set(list(letters))
    return row


def position_letters_set(*, position: BillPosition, letters: Iterable[Resource]) -> None:
    """Which library resources are the letters of a position. The letters are links, not
    part of what was decided: a letter written after the decision is attached to it."""
    position.letters.set(list(letters))


def _field_value(bill: Bill, name: str, value):
    if name in ("status_date", "latest_action_date") and isinstance(value, str):
        return datetime.date.fromisoformat(value) if value else None
    return value


@transaction.atomic
def bill_conflict_resolve(*, conflict: BillConflict, keep: str) -> BillConflict:
    """Settle an import conflict: keep staff's value, or take the feed's.

    Taking the feed's value also drops the field from ``staff_edited``: staff have accepted
    the feed for it, so later imports update it again. Keeping staff's leaves it listed.
    """
    conflict = BillConflict.objects.select_for_update().select_related("bill").get(
        pk=conflict.pk)
    if conflict.resolved_at is not None:
        raise ValidationError(_("This conflict was already settled."), code="resolved")
    if keep not in ("staff", "feed"):
        raise ValidationError(_("Choose which value to keep."), code="keep")
    if conflict.field not in RESOLVABLE:
        raise ValidationError(_("This field cannot be settled here."), code="field")
    bill = Bill.objects.select_for_update().get(pk=conflict.bill_id)
    value = conflict.staff_value if keep == "staff" else conflict.feed_value
    setattr(bill, conflict.field, _field_value(bill, conflict.field, value))
    edited = [name for name in bill.staff_edited or [] if name != conflict.field]
    if keep == "staff":
        edited.append(conflict.field)
    bill.staff_edited = edited
    bill.save()
    conflict.kept = keep
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["kept", "resolved_at"])
    return conflict
