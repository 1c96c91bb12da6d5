"""Queued tasks through Redis and a real rq worker, inside the test process.

Tests marked ``tasks`` run with this backend when ``TASKS_BACKEND=rq`` is set (see
conftest.py): every task a test queues is stored in Redis by django-tasks-rq, exactly as in
production, and an rq ``SimpleWorker`` in burst mode then takes it off the queue and runs it.
The worker runs in the test's own process and thread, so it sees the test's database
transaction, and the test sees the outcome as soon as ``enqueue`` returns, as with Django's
immediate backend the other tests use.

Like the immediate backend these tests were written for, this one says it cannot run a task
later: each caller then does what it does with such a backend (queue it now, or leave the row
for its sweep), so the same assertions hold. RQ's own delayed tasks and its scheduler are
covered by tests/core/test_tasks_rq.py.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

import django_rq
from django_tasks_rq import Job, RQBackend
from rq import SimpleWorker

_local = threading.local()


def queue_empty(name: str = "default") -> None:
    """Forget every job left in the queue and its registries by an earlier test."""
    queue = django_rq.get_queue(name, job_class=Job)
    queue.empty()
    for registry in (queue.scheduled_job_registry, queue.failed_job_registry,
                     queue.finished_job_registry, queue.started_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)


def queue_drain(name: str = "default") -> int:
    """Run every job in the queue with a real rq worker. Returns how many jobs ran."""
    return _burst(django_rq.get_queue(name, job_class=Job))


def _burst(queue: Any) -> int:
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    # The worker installs its own SIGINT/SIGTERM handlers; Ctrl+C must still stop pytest.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        worker.work(burst=True, logging_level="WARNING")
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return worker.successful_job_count + worker.failed_job_count


class BurstRQBackend(RQBackend):
    """django-tasks-rq's backend, followed by a burst of a real rq worker after each enqueue.

    A task that queues another while it runs (an email after an import) only stores it: the
    outer drain is still running and picks it up."""

    supports_defer = False

    def enqueue(self, task, args, kwargs):  # type: ignore[no-untyped-def] - the base's shape
        result = super().enqueue(task, args, kwargs)
        if not getattr(_local, "draining", False):
            _local.draining = True
            try:
                for queue_name in self.queues:
                    queue_drain(queue_name)
            finally:
                _local.draining = False
        return result
