"""How long a background run may go quiet, how often it is tried, how long a file may wait."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def max_attempts() -> int:
    return max(1, int(getattr(settings, "EVIDENCE_MAX_ATTEMPTS", 3)))


def stale_after() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "EVIDENCE_STALE_AFTER", 30 * 60)))


def stale_before(now: datetime | None = None) -> datetime:
    """A running record last touched before this moment has lost its worker."""
    return (now or timezone.now()) - stale_after()


def file_max_age() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "STUDENT_FILE_MAX_AGE", 60 * 60)))
