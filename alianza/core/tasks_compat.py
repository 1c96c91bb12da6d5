"""The task decorator from django.tasks (Django 6) or its backport (Django 5.2), and one way
to queue a task that may fail to queue."""

from __future__ import annotations

import logging
from datetime import timedelta
from importlib.util import find_spec
from typing import Any

from django.utils import timezone

if find_spec("django.tasks"):
    from django.tasks import task
else:  # pragma: no cover - exercised on Python 3.11 installs
    from django_tasks import task

__all__ = ["task", "task_enqueue"]

logger = logging.getLogger(__name__)


def task_enqueue(queued_task: Any, *args: Any, delay_seconds: float = 0) -> bool:
    """Queue ``queued_task(*args)``, after ``delay_seconds`` where the backend can wait.

    Returns False when the backend refused it: every caller's record stays queued, and a
    sweep (or staff) starts it again, so a broker hiccup never loses work. Arguments are ids,
    so the log line quotes nothing personal.
    """
    try:
        if delay_seconds:
            try:
                queued_task.using(
                    run_after=timezone.now() + timedelta(seconds=delay_seconds)
                ).enqueue(*args)
                return True
            except Exception:  # noqa: BLE001 - backends without delays run it now instead
                pass
        queued_task.enqueue(*args)
        return True
    except Exception:  # noqa: BLE001 - see above: the record stays queued
        logger.exception("Could not enqueue %s%r", getattr(queued_task, "name", queued_task),
                         args)
        return False
