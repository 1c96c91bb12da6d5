"""Who may receive bulk email, and on what grounds: the one gate every bulk send goes through.

A bulk email (a mailing, a welcome-series step) goes only to a person with a current,
granted email consent for its purpose:

- reached through a mailing list: a confirmed subscription to that list (its consent row,
  scope ``list:<slug>``, is written at confirmation), not withdrawn since by
  "unsubscribe from everything";
- reached any other way (signatories, workgroups, member contacts, tags, imports, event
  registrants…): the newest email consent row of a general scope (``updates``, ``all``, or
  none) is a grant. Signing a statement or joining a workgroup is not consent to updates.

``ConsentBasis`` is copied onto every delivery so the footer can say truthfully why the
person gets the mail, and the send loop refuses a row that has none.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from alianza.coalition.models import Consent
from alianza.outreach.models import Subscription

LIST_PREFIX = "list:"
ALL_SCOPE = "all"
# Above this many people, reading every email consent row is cheaper than a huge IN list.
_IN_LIMIT = 900


@dataclass(frozen=True)
class ConsentBasis:
    """Why a person may be mailed: ``scope`` ("updates" or "list:<slug>") and since when."""

    scope: str
    granted_at: datetime

    @property
    def list_slug(self) -> str:
        return self.scope.removeprefix(LIST_PREFIX) if self.is_list else ""

    @property
    def is_list(self) -> bool:
        return self.scope.startswith(LIST_PREFIX)


def _email_consent_rows(person_ids: Collection[int] | None):
    rows = Consent.objects.filter(kind=Consent.Kind.EMAIL)
    if person_ids is not None and len(person_ids) < _IN_LIMIT:
        rows = rows.filter(person_id__in=list(person_ids))
    return rows.order_by("created_at", "id").values_list(
        "person_id", "scope", "granted", "created_at")


def general_email_consents(
    person_ids: Collection[int] | None = None,
) -> tuple[dict[int, ConsentBasis], dict[int, datetime], set[int]]:
    """Current general email consents, each person's last "stop all", and who withdrew.

    Returns ({person_id: basis} for people whose newest general-scope email consent is a
    grant, {person_id: time of newest "unsubscribe from everything"}, {person_id} whose
    newest general-scope email consent is a withdrawal).
    """
    wanted = set(person_ids) if person_ids is not None else None
    latest: dict[int, tuple[bool, str, datetime]] = {}
    stopped: dict[int, datetime] = {}
    rows = _email_consent_rows(person_ids)
    # A page of people has a handful of rows: a server-side cursor (what iterator() opens on
    # PostgreSQL) would cost more than it saves; everyone's rows are streamed.
    rows = rows if wanted is not None and len(wanted) <= 1000 else rows.iterator(chunk_size=5000)
    for pid, scope, granted, at in rows:
        if wanted is not None and pid not in wanted:
            continue
        if scope.startswith(LIST_PREFIX):
            continue
        latest[pid] = (granted, scope or "updates", at)
        if scope == ALL_SCOPE and not granted:
            stopped[pid] = at
    granted_now = {pid: ConsentBasis(scope if scope != ALL_SCOPE else "updates", at)
                   for pid, (granted, scope, at) in latest.items() if granted}
    withdrawn = {pid for pid, (granted, _scope, _at) in latest.items() if not granted}
    return granted_now, stopped, withdrawn


def list_consents(
    list_slugs: Collection[str], person_ids: Collection[int] | None = None,
) -> dict[int, ConsentBasis]:
    """Confirmed subscriptions to any of ``list_slugs``: {person_id: basis} (earliest list)."""
    if not list_slugs:
        return {}
    rows = Subscription.objects.filter(
        mailing_list__slug__in=list(list_slugs), status=Subscription.Status.CONFIRMED)
    if person_ids is not None and len(person_ids) < _IN_LIMIT:
        rows = rows.filter(person_id__in=list(person_ids))
    found: dict[int, ConsentBasis] = {}
    for pid, slug, confirmed_at, created_at in rows.order_by("mailing_list__slug").values_list(
            "person_id", "mailing_list__slug", "confirmed_at", "created_at"):
        found.setdefault(pid, ConsentBasis(f"{LIST_PREFIX}{slug}", confirmed_at or created_at))
    return found


@dataclass
class ConsentGate:
    """The consents of one audience, read once, asked person by person."""

    general: dict[int, ConsentBasis]
    lists: dict[int, ConsentBasis]
    stopped: dict[int, datetime]
    withdrawn: set[int]

    def basis(self, person_id: int, *, via_list: bool, via_other: bool) -> ConsentBasis | None:
        """The consent that allows mailing this person, or None when there is none."""
        stop = self.stopped.get(person_id)
        if via_list:
            basis = self.lists.get(person_id)
            if basis is not None and (stop is None or stop < basis.granted_at):
                return basis
        if via_other:
            return self.general.get(person_id)
        return None


def consent_gate(
    *, list_slugs: Collection[str] = (), person_ids: Collection[int] | None = None,
) -> ConsentGate:
    general, stopped, withdrawn = general_email_consents(person_ids)
    return ConsentGate(general=general, lists=list_consents(list_slugs, person_ids),
                       stopped=stopped, withdrawn=withdrawn)


def consent_withdrawn_since(
    *, person_scopes: dict[int, str], since: datetime,
) -> set[int]:
    """People who withdrew the consent a delivery rests on (or all email) after ``since``.

    The send loop asks this for every batch, so a person who unsubscribes while a long
    mailing is going out is not mailed afterwards.
    """
    if not person_scopes:
        return set()
    withdrawn = set()
    rows = Consent.objects.filter(
        kind=Consent.Kind.EMAIL, granted=False, created_at__gt=since,
        person_id__in=list(person_scopes),
    ).values_list("person_id", "scope")
    for pid, scope in rows:
        basis = person_scopes.get(pid, "")
        general = not basis.startswith(LIST_PREFIX) and not scope.startswith(LIST_PREFIX)
        if scope in (ALL_SCOPE, basis) or general:
            withdrawn.add(pid)
    return withdrawn
