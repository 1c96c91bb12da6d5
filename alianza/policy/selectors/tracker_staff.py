"""Reads for the bill tracker's staff pages: every bill (tracked or not) found by number or
title, and one bill with its open import conflicts and position history."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet
from django.http import Http404

from alianza.coalition.models import Workgroup
from alianza.core.i18n import pick_text
from alianza.policy.models import Bill, BillConflict, BillPosition, LegislativeSession
from alianza.policy.selectors.tracker import with_current_position
from alianza.policy.tracker_identifiers import identifier_normalise


def bills_staff_search(*, query: str = "", session: LegislativeSession | None = None,
                       tracked: str = "") -> QuerySet:
    """Bills matching a number written any usual way ("A.B. 1947"), or words of the title."""
    bills = with_current_position(Bill.objects.select_related("session", "workgroup")
                                  .defer("abstract", "classification", "subjects"))
    if session is not None:
        bills = bills.filter(session=session)
    if tracked == "yes":
        bills = bills.filter(is_tracked=True)
    elif tracked == "no":
        bills = bills.filter(is_tracked=False)
    query = " ".join(query.split())
    if query:
        identifier = identifier_normalise(query)
        if identifier is not None:
            bills = bills.filter(identifier=identifier)
        else:
            bills = bills.filter(Q(title__icontains=query) | Q(identifier__icontains=query)
                                 | Q(texts__short_title__icontains=query)).distinct()
    return bills.order_by(F("session__start_date").desc(nulls_last=True), "identifier")


def bill_staff_get(pk: int) -> Bill:
    bill = with_current_position(Bill.objects.select_related("session", "workgroup")).filter(
        pk=pk).first()
    if bill is None:
        raise Http404
    return bill


@dataclass
class ConflictView:
    conflict: BillConflict
    label: str
    staff_value: str
    feed_value: str


def workgroup_name(workgroup: Workgroup | None) -> str:
    """The workgroup's name in the reader's language (its slug if it has no text)."""
    if workgroup is None:
        return ""
    text = pick_text(workgroup.texts.all())
    return text.name if text else workgroup.slug


def field_label(name: str) -> str:
    """A bill field's name as staff read it ("official abstract"), in their language."""
    try:
        return str(Bill._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field a newer import knows and this code does not
        return name


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def conflicts_open(bill: Bill) -> list[ConflictView]:
    return [ConflictView(c, field_label(c.field), _shown(c.staff_value), _shown(c.feed_value))
            for c in bill.conflicts.filter(resolved_at__isnull=True).order_by("detected_at")]


def positions_staff(bill: Bill) -> list[BillPosition]:
    return list(bill.positions.select_related("set_by").prefetch_related("letters__texts"))


def position_current(bill: Bill) -> BillPosition | None:
    return bill.positions.first()
