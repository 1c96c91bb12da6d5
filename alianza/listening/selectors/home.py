"""What the home page shows of the listening module: the surveys open now."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from alianza.listening.models import Survey


def surveys_open_now(*, limit: int | None = None) -> list[Survey]:
    """Open surveys with a published version, within their dates, newest first."""
    now = timezone.now()
    surveys = (Survey.objects.filter(status=Survey.Status.OPEN, current_version__isnull=False)
               .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
               .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
               .prefetch_related("texts").order_by("-created_at"))
    return list(surveys[:limit] if limit else surveys)
