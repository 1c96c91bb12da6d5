"""What follows the people writes of a batch: email consent rows, then the import hooks.

Runs in the batch's transaction (and, writing nothing, in the dry run), so a row's person,
consent, tags and subscriptions are saved together or not at all.

A row that consents gets a general email consent (scope ``updates``) dated when it was given,
with the file's source and wording; a row that says the person unsubscribed gets a
withdrawal. Someone whose email consent was already withdrawn stays unsubscribed whatever
the file says, and the row says so. Only changes are written, so importing a file twice
records nothing the second time.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.coalition.imports.batches import BatchResult, rows_insert, rows_select
from alianza.coalition.models import Consent
from alianza.coalition.models.base import subject_keys
from alianza.core.import_hooks import (
    CONSENT_UNSUBSCRIBED,
    CONSENT_YES,
    ImportBatch,
    ImportedRow,
    import_hooks,
)
from alianza.core.services import supported_language

GENERAL_SCOPES = ("", "updates", "all")
SCOPE = "updates"

COUNT_LABELS = {
    "consented": _("email consents recorded"),
    "withdrawn": _("unsubscribes recorded"),
    "kept_unsubscribed": _("kept unsubscribed"),
}


def _current_state(person_ids: list[int]) -> dict[int, bool]:
    """Each person's email consent: True if their newest general consent is a grant,
    False if they have withdrawn any email consent (everything, updates or one list) and
    not given it again; people with no email consent rows are left out."""
    newest: dict[int, dict[str, bool]] = {}
    rows = rows_select(Consent, ["person_id", "created_at", "id", "scope", "granted"], "person_id",
                   sorted(person_ids), where='"kind" = %s', params=(Consent.Kind.EMAIL,))
    for person_id, _at, _id, scope, granted in sorted(rows):
        newest.setdefault(person_id, {})["" if scope in GENERAL_SCOPES else scope] = granted
    state: dict[int, bool] = {}
    for person_id, scopes in newest.items():
        if not all(scopes.values()):
            state[person_id] = False
        elif scopes.get("") is not None:
            state[person_id] = True
    return state


def follow_up(result: BatchResult, *, options: dict, write: bool, import_id: int,
              file_name: str, column: str) -> tuple[Counter, list[dict]]:
    """Record consents and run every hook for the batch's rows; return counts and notes."""
    counts: Counter = Counter()
    notes: list[dict] = []
    mine = options.get("coalition", {})
    existing = [pk for row, pk, created in result.people if pk is not None and not created
                and row.consent in (CONSENT_YES, CONSENT_UNSUBSCRIBED)]
    state = _current_state(existing) if existing else {}
    now = timezone.now()
    consents: list[tuple] = []
    rows: list[ImportedRow] = []
    for row, pk, created in result.people:
        source = row.consent_source or mine.get("source", "import")
        wording = row.consent_wording or mine.get("wording", "")
        current = state.get(pk) if pk is not None and not created else None
        withdrawn = current is False
        if row.consent == CONSENT_YES:
            if withdrawn:
                counts["kept_unsubscribed"] += 1
                notes.append({"row": row.row, "column": column, "code": "kept_unsubscribed",
                              "params": {}, "warning": True})
            elif current is None:
                counts["consented"] += 1
                consents.append((pk, True, row, source, wording,
                                 min(row.consent_at or now, now)))
        elif row.consent == CONSENT_UNSUBSCRIBED:
            if not withdrawn:
                counts["withdrawn"] += 1
                # Dated now: the file's own date could fall before a later consent given
                # here, and an unsubscribe must take effect.
                consents.append((pk, False, row, source, wording, now))
            withdrawn = True
        rows.append(ImportedRow(
            row=row.row, person_id=pk, email=row.email, language=row.language or "en",
            consent=row.consent, consent_at=row.consent_at, source=source, wording=wording,
            tags=tuple(row.tags), withdrawn=withdrawn, new=created,
        ))
    if write and consents:
        _record(consents)
    for hook in import_hooks():
        outcome = hook.apply(ImportBatch(
            rows=rows, options=options.get(hook.key, {}), write=write, import_id=import_id,
            file_name=file_name, column=column,
        ))
        counts.update(outcome.counts)
        notes.extend(outcome.notes)
    return counts, notes


def _record(consents: list[tuple]) -> None:
    """Insert the consent rows with the dates the file gives; they are only ever added."""
    dated = connection.ops.adapt_datetimefield_value
    keys = subject_keys([row.email for _pk, _granted, row, *_rest in consents])
    rows_insert(Consent, ["person_id", "subject_key", "kind", "scope", "granted", "wording",
                      "language", "source", "created_at"],
            [(pk, keys[row.email], Consent.Kind.EMAIL, SCOPE, granted, wording,
              supported_language(row.language or "en"), source[:100], dated(at))
             for pk, granted, row, source, wording, at in consents])


def import_extra_merge(survivor, duplicate) -> dict[str, int]:
    """When two people are merged, the survivor keeps the imported columns of both (its
    own value wins where both have one)."""
    merged = {**(duplicate.import_extra or {}), **(survivor.import_extra or {})}
    added = len(merged) - len(survivor.import_extra or {})
    if added:
        survivor.import_extra = merged
        survivor.save(update_fields=["import_extra"])
    return {"imported columns": added} if added else {}

