"""A sending worker killed with SIGKILL mid-send is replaced and the mailing completes:
nobody is skipped and nobody is mailed twice.

Real processes: ``manage.py outreach_worker`` against a file-based SQLite database (or a
fresh PostgreSQL database when DATABASE_URL points at PostgreSQL), a real SMTP server.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 240

SETUP = """
from django.utils import timezone
from alianza.coalition.models import Person
from alianza.outreach.models import *
from alianza.outreach.services import sending
lst = MailingList.objects.create(slug="updates")
people = Person.objects.bulk_create([
    Person(name=f"Person {i}", email=f"p{i}@example.org",
           preferred_language="es" if i % 2 else "en") for i in range(RECIPIENTS)])
Subscription.objects.bulk_create([
    Subscription(person=p, mailing_list=lst, status="confirmed", source="test", language="en",
                 confirmed_at=timezone.now()) for p in people])
segment = Segment.objects.create(name="All", definition={"lists": ["updates"]})
m = Mailing.objects.create(name="Test", segment=segment)
MailingContent.objects.create(mailing=m, language="en", subject="Hi {{ name }}",
                              html_body="<p>Hello {{ name }}</p>")
MailingContent.objects.create(mailing=m, language="es", subject="Hola {{ name }}",
                              html_body="<p>Hola {{ name }}</p>")
assert sending.mailing_start(mailing_id=m.pk, queue_delivery=False) == []
print(m.pk)
"""

REPORT = """
import json
from django.db.models import Count
from alianza.outreach.models import Delivery, Mailing
print(json.dumps({"statuses": dict(Delivery.objects.values_list("status").annotate(n=Count("id"))),
                  "mailing": Mailing.objects.get().status}))
"""


class KillingSink:
    """Counts messages per recipient; SIGKILLs the worker when the Nth message arrives."""

    def __init__(self, kill_at: int, accept_killing_message: bool):
        self.kill_at = kill_at
        self.accept_killing_message = accept_killing_message
        self.received: list[tuple[str, str]] = []
        self.worker_pid: int | None = None
        self.killed = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        from email import message_from_bytes

        with self.lock:
            arriving = len(self.received) + 1
            if arriving == self.kill_at and not self.killed.is_set() and self.worker_pid:
                self.killed.set()
                if not self.accept_killing_message:
                    # The worker dies before this server accepts the message: like a crash
                    # in the middle of an SMTP transaction.
                    os.kill(self.worker_pid, signal.SIGKILL)
                    return "451 4.3.0 Connection lost"
                # Otherwise the kill lands a moment after acceptance, at a random point.
                threading.Timer(random.uniform(0, 0.004), os.kill,
                                (self.worker_pid, signal.SIGKILL)).start()
            message_id = message_from_bytes(envelope.content)["Message-ID"]
            for rcpt in envelope.rcpt_tos:
                self.received.append((rcpt.lower(), message_id))
        return "250 OK"


@pytest.fixture
def database_url(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'outreach.sqlite3'}"
        return
    import psycopg

    name = f"alianza_kill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database_url: str, tmp_path: Path, smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OUTREACH_", "EMAIL_"))}
    env.update(DATABASE_URL=database_url, ALIANZA_DATA_DIR=str(tmp_path),
               EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), EMAIL_USE_TLS="0",
               OUTREACH_CLAIM_TIMEOUT="2", OUTREACH_BATCH_SIZE="25",
               SITE_URL="https://alianza.example.org", PYTHONUNBUFFERED="1")
    return env


def _manage(env: dict, *args: str, timeout: float = 120) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env: dict, mailing_id: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "outreach_worker", "--mailing", str(mailing_id),
         "--until-done", "--sleep", "0.2", "--tick-every", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run_with_kill(database_url, tmp_path, *, accept_killing_message: bool) -> tuple:
    sink = KillingSink(kill_at=RECIPIENTS // 2, accept_killing_message=accept_killing_message)
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = _env(database_url, tmp_path, port)
        _manage(env, "migrate", "--noinput")
        setup = f"RECIPIENTS = {RECIPIENTS}\n" + SETUP
        mailing_id = int(_manage(env, "shell", "-c", setup).split()[-1])

        first = _worker(env, mailing_id)
        sink.worker_pid = first.pid
        first.wait(timeout=120)
        assert first.returncode == -signal.SIGKILL, first.stderr.read()[-2000:]
        sent_before_restart = len(sink.received)
        assert 0 < sent_before_restart < RECIPIENTS

        second = _worker(env, mailing_id)
        started = time.monotonic()
        second.wait(timeout=120)
        assert second.returncode == 0, second.stderr.read()[-2000:]
        assert time.monotonic() - started < 60
        report = json.loads(_manage(env, "shell", "-c", REPORT).strip().splitlines()[-1])
    finally:
        controller.stop()
    return sink, report


def test_a_worker_killed_mid_transaction_is_resumed_with_everyone_mailed_exactly_once(
    database_url, tmp_path
):
    sink, report = _run_with_kill(database_url, tmp_path, accept_killing_message=False)

    per_recipient = Counter(rcpt for rcpt, _ in sink.received)
    assert set(per_recipient) == {f"p{i}@example.org" for i in range(RECIPIENTS)}
    assert set(per_recipient.values()) == {1}
    assert report == {"statuses": {"sent": RECIPIENTS}, "mailing": "sent"}


def test_a_kill_at_a_random_moment_skips_no_one_and_duplicates_at_most_the_message_in_flight(
    database_url, tmp_path
):
    sink, report = _run_with_kill(database_url, tmp_path, accept_killing_message=True)

    per_recipient = Counter(rcpt for rcpt, _ in sink.received)
    assert set(per_recipient) == {f"p{i}@example.org" for i in range(RECIPIENTS)}
    duplicates = [rcpt for rcpt, n in per_recipient.items() if n > 1]
    assert len(duplicates) <= 1 and all(per_recipient[r] == 2 for r in duplicates)
    for rcpt in duplicates:  # a resent message keeps its Message-ID, so inboxes can collapse it
        assert len({mid for r, mid in sink.received if r == rcpt}) == 1
    assert report == {"statuses": {"sent": RECIPIENTS}, "mailing": "sent"}
