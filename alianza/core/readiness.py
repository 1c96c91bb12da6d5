"""Is this process ready for traffic? What a load balancer asks before sending it requests.

``/health/`` says the process answers; ``/ready/`` says it can do its work: the database
answers and has every migration applied, and the caches (Redis when there is one) answer.
A web server started before ``migrate`` finished, or cut off from Redis, is left out of the
rotation until it is ready again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connections

logger = logging.getLogger(__name__)

# Once every migration is applied it stays so for the life of the process; checking again
# would load every migration file on each probe.
_migrations_applied = False


def _database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations not applied")
    _migrations_applied = True


def _caches() -> None:
    key = f"alianza:ready:{uuid.uuid4().hex}"
    for alias in settings.CACHES:
        cache = caches[alias]
        cache.set(key, "1", timeout=10)
        if cache.get(key) != "1":
            raise RuntimeError(f"cache {alias!r} did not keep a value")
        cache.delete(key)


def _task_queue() -> None:
    """With tasks in Redis, that Redis must answer too: a web process queues into it."""
    if settings.TASKS["default"]["BACKEND"] != settings.TASKS_BACKEND_ALIASES["rq"]:
        return
    import django_rq

    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        django_rq.get_connection(name).ping()


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "migrations": _migrations,
    "cache": _caches,
    "tasks": _task_queue,
}


def readiness() -> dict[str, str]:
    """Each check's outcome, ``ok`` or ``error``; the reason goes to the log, not the page."""
    outcome: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            outcome[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure means "not ready", never a 500
            logger.warning("Readiness check %r failed", name, exc_info=True)
            outcome[name] = "error"
    return outcome
