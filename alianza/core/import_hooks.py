"""What other modules do with the people a contact import brings in.

The contact import belongs to ``coalition``, which imports none of the modules built on it;
yet an import should also tag people and put those who consented on mailing lists, which
``outreach`` owns. So, as with ``core.people``, a module registers an ``ImportHook`` when
Django starts (``AppConfig.ready``): the mapping page shows the hook's options form, and each
batch of the import (and of its dry run) calls the hook's ``apply`` with the batch's rows,
inside the transaction that writes them — a row is written whole or not at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# What a row says about email consent, once its columns agree with each other.
CONSENT_YES = "yes"  # consented: may be put on lists and mailed
CONSENT_NO = "no"  # did not consent: nothing is recorded, never mailed
CONSENT_UNSUBSCRIBED = "unsubscribed"  # left the old tool's list: recorded as withdrawn
CONSENT_CLEANED = "cleaned"  # the address bounced in the old tool: never mailed
CONSENT_UNKNOWN = ""


@dataclass
class ImportedRow:
    """One checked row of a people import, as a hook sees it.

    ``person_id`` is None in a dry run for someone the import would create.
    ``withdrawn`` says the person had already withdrawn email consent before this import
    (or the row itself withdraws it): such a person stays unsubscribed whatever the file says.
    """

    row: int
    person_id: int | None
    email: str
    language: str
    consent: str = CONSENT_UNKNOWN
    consent_at: datetime | None = None
    source: str = ""
    wording: str = ""
    tags: tuple[str, ...] = ()
    withdrawn: bool = False
    new: bool = False  # the import creates this person: nothing of theirs exists yet


@dataclass
class ImportBatch:
    rows: list[ImportedRow]
    options: dict[str, Any]  # what staff chose in this hook's form, as saved on the import
    write: bool  # False in a dry run: count what would change, write nothing
    import_id: int
    file_name: str
    column: str  # the column row notes point at (the email column)


@dataclass
class HookResult:
    """``counts`` are shown next to the import's own (keys are the hook's ``count_labels``);
    ``notes`` are row messages shaped like the import's own problems (``code`` in the hook's
    ``messages``), always warnings: the row itself is imported."""

    counts: Counter = field(default_factory=Counter)
    notes: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class ImportHook:
    """``form(data, initial)`` returns a Django form of options for the mapping page (or
    None when there is nothing to choose); its ``cleaned_data`` must be JSON-serialisable and
    is saved on the import. ``summary(options)`` describes the saved choice in the reader's
    language. ``apply(batch)`` returns a ``HookResult``."""

    key: str
    apply: Callable[[ImportBatch], HookResult]
    form: Callable[[Any, dict], Any] | None = None
    summary: Callable[[dict], list[str]] | None = None
    messages: dict[str, Any] = field(default_factory=dict)
    count_labels: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    # Database tables the hook writes: the import refreshes PostgreSQL's statistics of them
    # as they grow, as it does for its own, so lookups keep using their indexes.
    tables: tuple[str, ...] = ()


_hooks: dict[str, ImportHook] = {}


def import_hook_register(hook: ImportHook) -> None:
    """Register (or, on a repeated ``ready()``, replace) one hook."""
    _hooks[hook.key] = hook


def import_hooks() -> list[ImportHook]:
    return sorted(_hooks.values(), key=lambda hook: (hook.order, hook.key))


def import_note_message(code: str) -> Any | None:
    """The message template a hook registered for a row note's code, if any."""
    for hook in _hooks.values():
        if code in hook.messages:
            return hook.messages[code]
    return None


def import_count_labels() -> list[tuple[str, Any]]:
    """Every hook's counts, in order: ``[(key, label)]``; keys are unique across hooks."""
    return [(key, label) for hook in import_hooks() for key, label in hook.count_labels.items()]
