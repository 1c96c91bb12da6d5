"""How often one address may be emailed from a public form, counted in the outbox.

A public form that sends an email (a confirmation link, "you are already registered")
could be used to flood a stranger's inbox. Counting the outbox rows already addressed to
that person makes the limit hold across processes and restarts, with no table of its own;
the outbox keeps rows for ``OUTBOX_MAX_AGE_DAYS``, longer than any window here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone

from alianza.core.models import OutboundEmail


def outbox_allows(
    *,
    to: str,
    purposes: Iterable[str],
    interval: timedelta,
    per_day: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Whether another email of one of ``purposes`` may go to ``to``: none in the last
    ``interval`` and fewer than ``per_day`` in the last 24 hours."""
    now = now or timezone.now()
    since = now - max(interval, timedelta(days=1) if per_day else interval)
    sent = list(OutboundEmail.objects.filter(
        to=to, purpose__in=list(purposes), created_at__gte=since,
    ).values_list("created_at", flat=True))
    if any(at > now - interval for at in sent):
        return False
    return per_day is None or sum(at > now - timedelta(days=1) for at in sent) < per_day
