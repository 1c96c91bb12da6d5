"""Two bill imports never run at once on PostgreSQL: the second is refused at once, with a
message, and imports nothing; once the first is done, an import runs again."""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from alianza.policy.demo.bills import FIXTURES
from alianza.policy.models import Bill
from alianza.policy.services.bill_import import IMPORT_LOCK

pytestmark = pytest.mark.django_db(transaction=True)


def _other_session() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"],
                           host=settings["HOST"] or None, port=settings["PORT"] or None,
                           password=settings["PASSWORD"] or None, autocommit=True)


def test_an_import_started_while_another_runs_is_refused_and_imports_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (DATABASE_URL): SQLite runs one writer at a time.")
    with _other_session() as running:
        running.execute("SELECT pg_advisory_lock(%s, %s)", IMPORT_LOCK)
        with pytest.raises(CommandError, match="Another bill import is running"):
            call_command("policy_import_bills", str(FIXTURES), "--language", "en")
        assert not Bill.objects.exists()
    # The other session ended, and its lock with it.
    call_command("policy_import_bills", str(FIXTURES), verbosity=0)
    assert Bill.objects.exists()
