"""Login lockout with exponential backoff, on top of django-axes.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one username from one address, logins for
that pair are refused for ``LOGIN_COOLOFF_MINUTES``; each wrong password after the wait
doubles the next wait, up to ``LOGIN_COOLOFF_MAX_HOURS``. A success resets the count. Keying
on the pair means an attacker elsewhere cannot lock a member of staff out of their own desk.
"""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def cool_off_for(failures: int) -> timedelta:
    base = timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    ceiling = timedelta(hours=settings.LOGIN_COOLOFF_MAX_HOURS)
    extra = max(0, failures - settings.AXES_FAILURE_LIMIT)
    if extra >= 32:  # 2**32 minutes is far past any ceiling
        return ceiling
    return min(base * 2**extra, ceiling)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long the failures recorded for this request's username and address count."""
    if request is None or not getattr(request, "axes_ip_address", None):
        return timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    failures = AccessAttempt.objects.filter(
        username=username, ip_address=request.axes_ip_address
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return cool_off_for(failures or 0)


class BackoffDatabaseHandler(AxesDatabaseHandler):
    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        # Axes would delete every record older than *this* request's cool-off, cutting short
        # other people's longer backoffs; only records past the longest one are stale.
        threshold = timezone.now() - timedelta(hours=settings.LOGIN_COOLOFF_MAX_HOURS)
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        return count
