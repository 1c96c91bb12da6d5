"""The task decorator from django.tasks (Django 6) or its backport (Django 5.2)."""

from importlib.util import find_spec

if find_spec("django.tasks"):
    from django.tasks import task
else:  # pragma: no cover - exercised on Python 3.11 installs
    from django_tasks import task

__all__ = ["task"]
