"""Tasks on Redis (TASKS_BACKEND=rq): queued after the commit, run by a real rq worker, retried
after the same back-off as with the database queue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_rq import Job

from alianza.core.models import OutboundEmail
from alianza.core.services import email_queue, email_retry_due, retry_delay

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


@pytest.fixture
def rq_queue(rq_tasks, settings):
    """Tasks go to Redis and wait there for a worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend",
                                  "QUEUES": ["default"]}}
    return django_rq.get_queue("default", job_class=Job)


def queue_confirmation(queue=None) -> OutboundEmail:
    with transaction.atomic():
        outbound = email_queue(
            to="ana@example.org", template="coalition/email/confirm",
            context={"person": {"name": "Ana"}, "confirm_url": "http://x/confirm/abc/"},
            language="es", purpose="test",
        )
        assert queue is None or not queue.count  # nothing before the commit
    return outbound


def test_the_short_name_rq_chooses_the_redis_backend_and_the_database_stays_the_default(
        tmp_path):
    code = ("import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps([settings.TASKS['default'], "
            "'django_rq' in settings.INSTALLED_APPS]))")
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "alianza.settings",
            "ALIANZA_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 50}
    base.pop("TASKS_BACKEND", None)

    def configured(**env: str):
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env},
                                capture_output=True, text=True, check=True)
        return json.loads(result.stdout)

    assert configured() == [{"BACKEND": "django_tasks_db.DatabaseBackend"}, False]
    assert configured(TASKS_BACKEND="rq") == [
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}, True]


def test_an_email_queued_on_commit_waits_in_redis_until_the_worker_sends_it(
        rq_queue, smtp_server):
    outbound = queue_confirmation(rq_queue)

    assert rq_queue.count == 1
    assert smtp_server.messages == []

    call_command("tasks_worker", burst=True, verbosity=0)

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert "Hola, Ana:" in smtp_server.body(smtp_server.to("ana@example.org")[0])
    assert rq_queue.count == 0 and rq_queue.finished_job_registry.count == 1


def test_a_temporary_failure_is_retried_after_the_back_off_through_rqs_scheduler(
        rq_queue, smtp_server):
    smtp_server.fail_next = 1
    outbound = queue_confirmation()
    call_command("tasks_worker", burst=True, verbosity=0)

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.PENDING and outbound.attempts == 1
    scheduled = rq_queue.scheduled_job_registry
    [job_id] = scheduled.get_job_ids()
    due = scheduled.get_scheduled_time(job_id)
    expected = timezone.now() + timedelta(seconds=retry_delay(1))
    assert abs((due - expected).total_seconds()) < 5

    call_command("tasks_worker", burst=True, verbosity=0)  # not due yet: nothing is sent
    assert smtp_server.messages == []

    scheduled.schedule(Job.fetch(job_id, connection=rq_queue.connection),
                       timezone.now() - timedelta(seconds=1))  # the back-off has passed
    call_command("tasks_worker", burst=True, verbosity=0)

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT and outbound.attempts == 2
    assert len(smtp_server.to("ana@example.org")) == 1


def test_the_sweep_and_the_scheduled_retry_never_send_an_email_twice(rq_queue, smtp_server):
    smtp_server.fail_next = 1
    outbound = queue_confirmation()
    call_command("tasks_worker", burst=True, verbosity=0)
    OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    email_retry_due()  # the periodic sweep queues it again
    [job_id] = rq_queue.scheduled_job_registry.get_job_ids()
    rq_queue.scheduled_job_registry.schedule(
        Job.fetch(job_id, connection=rq_queue.connection), timezone.now() - timedelta(seconds=1))
    call_command("tasks_worker", burst=True, verbosity=0)

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert len(smtp_server.to("ana@example.org")) == 1


def test_the_outcome_of_a_task_can_be_read_back_from_redis(rq_queue, smtp_server):
    from alianza.core.tasks import email_deliver

    outbound = queue_confirmation()
    OutboundEmail.objects.filter(pk=outbound.pk).update(status=OutboundEmail.Status.PENDING)
    result = email_deliver.enqueue(outbound.pk)
    call_command("tasks_worker", burst=True, verbosity=0)

    finished = email_deliver.get_result(result.id)
    assert finished.status.name == "SUCCESSFUL"
    assert finished.return_value in {True, False}


def test_the_same_worker_command_runs_the_database_queue_when_that_is_configured(
        settings, smtp_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    outbound = queue_confirmation()
    assert smtp_server.messages == []

    call_command("tasks_worker", burst=True, verbosity=0)

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
