"""OSDI ``identifiers``: ``"alianza:<uuid>"`` for our own rows, and the foreign ones
(``"action_network:…"``) a client gave a row, kept in ``core.ExternalIdentifier``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alianza.core.models import ExternalIdentifier
from alianza.core.osdi.errors import OsdiError

OWN = "alianza"
MAX_LENGTH = 255


def _own_uuid(identifier: str) -> uuid.UUID | None:
    """The uuid in ``"alianza:<uuid>"`` or a bare uuid; None for anything else."""
    value = identifier.strip()
    if value.startswith(f"{OWN}:"):
        value = value[len(OWN) + 1:]
    elif ":" in value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _is_foreign(identifier: str) -> bool:
    prefix, sep, rest = identifier.partition(":")
    # PostgreSQL cannot compare text holding NUL: such an identifier names nothing (404).
    return bool(sep and prefix and rest and prefix != OWN and len(identifier) <= MAX_LENGTH
                and "\x00" not in identifier)


def osdi_identifiers(obj: models.Model, foreign: list[str] | None = None) -> list[str]:
    return [f"{OWN}:{obj.uuid}", *(foreign or [])]


def osdi_identifiers_map(model: type[models.Model], pks: Iterable) -> dict:
    """The foreign identifiers kept for each of ``pks`` (every pk present, maybe empty)."""
    pks = list(pks)
    found: dict = {pk: [] for pk in pks}
    if not pks:
        return found
    content_type = ContentType.objects.get_for_model(model)
    rows = (ExternalIdentifier.objects
            .filter(content_type=content_type, object_id__in=pks)
            .order_by("pk").values_list("object_id", "value"))
    for object_id, value in rows:
        found.setdefault(object_id, []).append(value)
    return found


def osdi_identifiers_save(obj: models.Model, identifiers: list[str]) -> None:
    """Keep the foreign ones among ``identifiers`` for ``obj``.

    One already kept for another row of the same kind stays with that row: a client
    cannot move an identifier (and with it, say, a person's history) by naming it again.
    """
    foreign = list(dict.fromkeys(i.strip() for i in identifiers or [] if isinstance(i, str)))
    foreign = [i for i in foreign if _is_foreign(i)]
    if not foreign:
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    taken = set(ExternalIdentifier.objects.filter(
        content_type=content_type, value__in=foreign).values_list("value", flat=True))
    ExternalIdentifier.objects.bulk_create(
        [ExternalIdentifier(content_type=content_type, object_id=obj.pk, value=value)
         for value in foreign if value not in taken],
        ignore_conflicts=True,  # a concurrent save of the same identifier wins
    )


def osdi_find(model: type[models.Model], identifiers: list[str]):
    """The pk of the row one of ``identifiers`` names (ours first), or None."""
    identifiers = [i for i in identifiers or [] if isinstance(i, str)]
    for identifier in identifiers:
        own = _own_uuid(identifier)
        if own is not None:
            pk = model._default_manager.filter(uuid=own).values_list("pk", flat=True).first()
            if pk is not None:
                return pk
    foreign = [i.strip() for i in identifiers if _is_foreign(i.strip())]
    if foreign:
        content_type = ContentType.objects.get_for_model(model)
        row = (ExternalIdentifier.objects.filter(content_type=content_type, value__in=foreign)
               .order_by("pk").values_list("object_id", flat=True).first())
        if row is not None and model._default_manager.filter(pk=row).exists():
            return row
    return None


def osdi_get(queryset: QuerySet, identifier: str, *, label: str):
    """The row of ``queryset`` that ``identifier`` names, or a 404 ``OsdiError``."""
    own = _own_uuid(identifier)
    found = None
    if own is not None:
        found = queryset.filter(uuid=own).first()
    elif _is_foreign(identifier):
        content_type = ContentType.objects.get_for_model(queryset.model)
        pk = (ExternalIdentifier.objects.filter(content_type=content_type, value=identifier)
              .values_list("object_id", flat=True).first())
        if pk is not None:
            found = queryset.filter(pk=pk).first()
    if found is None:
        raise OsdiError(404, _("%(label)s not found: %(identifier)s")
                        % {"label": label, "identifier": identifier[:MAX_LENGTH]})
    return found


def osdi_identifiers_move(model: type[models.Model], *, from_pk, to_pk) -> int:
    """Give row ``to_pk`` the foreign identifiers of row ``from_pk`` (a merge): a client that
    knew the merged-away row by one of them finds the row kept. Each identifier names one
    row of a kind (unique per kind), so none can clash with those ``to_pk`` has."""
    content_type = ContentType.objects.get_for_model(model)
    return ExternalIdentifier.objects.filter(content_type=content_type,
                                             object_id=from_pk).update(object_id=to_pk)


def osdi_identifiers_forget(model: type[models.Model], pks: Iterable) -> int:
    """Delete the foreign identifiers kept for ``pks`` (an erasure keeps the row itself)."""
    content_type = ContentType.objects.get_for_model(model)
    return ExternalIdentifier.objects.filter(content_type=content_type,
                                             object_id__in=list(pks)).delete()[0]
