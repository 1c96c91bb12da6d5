"""Bringing bills in from Open States and settling what the import and staff disagree on."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from alianza.core.page_cache import bump_on_commit
from alianza.policy.bill_status import derive_status, latest_action_date
from alianza.policy.importers.bills import ImportReport, import_bill_files
from alianza.policy.importers.openstates_api import OpenStatesClient
from alianza.policy.models import CALIFORNIA, Bill

DATE_FIELDS = {"status_date", "latest_action_date"}
IMPORT_LOCK = (7302, 1)  # advisory-lock key of the bill import (namespace, id)


class BillImportBusy(Exception):
    """Another bill import is running; a second one waits for no one and changes nothing."""


@contextmanager
def _one_import_at_a_time() -> Iterator[None]:
    """Two imports of overlapping files would race on the same bills, actions and sponsors
    (an hourly fetch meeting a manual one). On PostgreSQL a session advisory lock lets one
    run and refuses the other at once; SQLite runs one writer at a time anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", IMPORT_LOCK)
        if not cursor.fetchone()[0]:
            raise BillImportBusy()
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", IMPORT_LOCK)


def bills_import(*, paths: Sequence[Path | str], jurisdiction: str = CALIFORNIA
                 ) -> ImportReport:
    """Import Open States bill (and event) JSON files or folders of them.

    Raises ``BillImportBusy`` when another import is running (PostgreSQL).
    """
    with _one_import_at_a_time():
        report = import_bill_files(paths, jurisdiction=jurisdiction)
    bump_on_commit("policy")  # bulk writes send no signals: drop the cached pages here
    return report


def bills_fetch(*, client: OpenStatesClient, session: str, folder: Path | None = None,
                state: str = "ca", updated_since: str = "", events: bool = False,
                jurisdiction: str = CALIFORNIA) -> tuple[list[Path], ImportReport]:
    """Fetch a session's bills (and, if asked, committee events) into ``folder`` (a new
    temporary folder if none), then import the pages written."""
    folder = folder or Path(tempfile.mkdtemp(prefix=f"openstates-{session}-"))
    files = client.fetch_bills(jurisdiction=state, session=session, folder=folder,
                               updated_since=updated_since)
    if events:
        files += client.fetch_events(jurisdiction=state, folder=folder)
    return files, bills_import(paths=files, jurisdiction=jurisdiction)


def bill_status_refresh(*, bill: Bill) -> Bill:
    """Derive the status again from all the bill's actions, the ones staff entered
    included (call after adding or removing one); a status staff set by hand stays."""
    actions = list(bill.actions.all())
    derived = derive_status(actions, bill_classification=bill.classification)
    fields = ["latest_action_date"]
    bill.latest_action_date = latest_action_date(actions)
    if "status" not in bill.staff_edited:
        bill.status, bill.status_date = derived.status, derived.date
        fields += ["status", "status_date"]
    bill.save(update_fields=fields)
    return bill
