"""Writes for the policy agenda: agendas and their texts, items with texts, links and
citations, the order of items, status changes (history only grows) and publishing."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.policy.models import (
    Agenda,
    AgendaItem,
    AgendaItemStatusChange,
    AgendaItemText,
    AgendaStatus,
    AgendaText,
    Bill,
    BudgetItem,
    EvidenceCitation,
    IssueArea,
    LegislativeSession,
)

Kind = AgendaItem.Kind
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def _no_title_error() -> ValidationError:
    return ValidationError(_("Write a title in at least one language."), code="no_text")


def _has_title(texts: dict[str, dict[str, str]]) -> bool:
    return any((values.get("title") or "").strip() for values in texts.values())


def _texts_save(*, model, owner_field: str, owner, texts: dict[str, dict[str, str]]) -> None:
    """One row per language with a title; a language left without a title loses its row."""
    for language, values in texts.items():
        rows = model.objects.filter(**{owner_field: owner, "language": language})
        title = (values.get("title") or "").strip()
        if not title:
            rows.delete()
            continue
        row = rows.first() or model(**{owner_field: owner, "language": language})
        for name, value in values.items():
            setattr(row, name, (value or "").strip())
        row.full_clean()
        row.save()


@transaction.atomic
def agenda_save(*, agenda: Agenda | None, slug: str, year_label: str,
                session: LegislativeSession | None,
                texts: dict[str, dict[str, str]]) -> Agenda:
    """Create or change an agenda and its texts (title and introduction per language)."""
    if not _has_title(texts):
        raise _no_title_error()
    agenda = agenda or Agenda()
    agenda.slug, agenda.year_label, agenda.session = slug, year_label.strip(), session
    agenda.full_clean()
    agenda.save()
    _texts_save(model=AgendaText, owner_field="agenda", owner=agenda, texts=texts)
    return agenda


@transaction.atomic
def agenda_publish(*, agenda: Agenda, published: bool = True) -> Agenda:
    agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
    if published:
        if not agenda.texts.exists():
            raise _no_title_error()
        if not agenda.items.exists():
            raise ValidationError(_("Add at least one priority or recommendation before "
                                    "publishing the agenda."), code="empty")
    agenda.is_published = published
    if published and agenda.published_at is None:
        agenda.published_at = timezone.now()
    agenda.save(update_fields=["is_published", "published_at", "updated_at"])
    return agenda


def _siblings(item: AgendaItem):
    return AgendaItem.objects.filter(agenda_id=item.agenda_id, kind=item.kind,
                                     parent_id=item.parent_id).order_by("position", "pk")


def _next_position(agenda: Agenda) -> int:
    return (agenda.items.aggregate(top=Max("position"))["top"] or 0) + 1


def _citations_save(*, item: AgendaItem, citations: list[dict[str, str]]) -> None:
    item.citations.all().delete()
    for position, values in enumerate(citations, start=1):
        citation = EvidenceCitation(item=item, position=position, level=values["level"],
                                    cds_code=values["cds_code"], metric=values["metric"])
        citation.full_clean()
        citation.save()


@transaction.atomic
def agenda_item_save(
    *,
    agenda: Agenda,
    item: AgendaItem | None,
    kind: str,
    parent: AgendaItem | None,
    level: str,
    texts: dict[str, dict[str, str]],
    issue_areas: list[IssueArea],
    bills: list[Bill],
    budget_items: list[BudgetItem],
    citations: list[dict[str, str]],
    changed_by=None,
    proposed_at: datetime | None = None,
) -> AgendaItem:
    """Create or change an item with its texts, links and citations, all or nothing.

    A new item goes last in its group and starts its history as proposed. An item moved
    under another priority goes last there.
    """
    if not _has_title(texts):
        raise _no_title_error()
    created = item is None
    if created:
        item = AgendaItem(agenda=agenda)
    else:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk, agenda=agenda)
    if kind == Kind.PRIORITY:
        parent = None
    elif not created and item.kind == Kind.PRIORITY and item.recommendations.exists():
        raise ValidationError(_("This priority has recommendations under it: move them first, "
                                "or keep it a priority."), code="has_children")
    regrouped = created or item.kind != kind or item.parent_id != (parent.pk if parent else None)
    item.kind, item.parent, item.level = kind, parent, level
    if regrouped:
        item.position = _next_position(agenda)
    item.full_clean()
    item.save()
    _texts_save(model=AgendaItemText, owner_field="item", owner=item, texts=texts)
    item.issue_areas.set(issue_areas)
    item.bills.set(bills)
    item.budget_items.set(budget_items)
    _citations_save(item=item, citations=citations)
    if created:
        AgendaItemStatusChange.objects.create(item=item, status=item.status,
                                              changed_by=_user(changed_by),
                                              changed_at=proposed_at or timezone.now())
    return item


def _user(user):
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def agenda_item_status_change(*, item: AgendaItem, status: str, note: str, changed_by=None,
                              changed_at: datetime | None = None) -> AgendaItemStatusChange:
    """Record a new status with the reason for it; the item's status becomes this one."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    note = (note or "").strip()
    if status not in AgendaStatus.values:
        raise ValidationError(_("Choose a status from the list."), code="invalid_status")
    if not note:
        raise ValidationError(_("Say why the status changes: the note is kept in the "
                                "history."), code="no_note")
    if status == item.status:
        raise ValidationError(_("The item is already “%(status)s”.") % {
            "status": AgendaStatus(status).label}, code="same_status")
    change = AgendaItemStatusChange(item=item, status=status, note=note,
                                    changed_by=_user(changed_by),
                                    changed_at=changed_at or timezone.now())
    change.full_clean()
    change.save()
    latest = item.status_changes.order_by("-changed_at", "-pk").first()
    item.status = latest.status
    item.save(update_fields=["status", "updated_at"])
    return change


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> None:
    """Swap the item with its neighbour in its group (priorities, or the recommendations
    under one priority) and number the group again from 1."""
    siblings = list(_siblings(item).select_for_update())
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Remove an item with its texts, history and citations. Recommendations under a removed
    priority stay in the agenda, under no priority."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    start = _next_position(item.agenda)
    for offset, child in enumerate(item.recommendations.order_by("position", "pk")):
        child.parent = None
        child.position = start + offset
        child.save(update_fields=["parent", "position"])
    item.delete()
