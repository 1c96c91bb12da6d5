"""Moving a merged-away person's event registrations to the person kept."""

from __future__ import annotations

from django.utils import timezone

from alianza.convenings.models import Registration

MODELS = ("convenings.Registration",)


def convenings_merge(survivor, duplicate) -> dict[str, int]:
    # Registrations are unique per event and address, not per person: they simply move.
    return {"registrations": Registration.objects.filter(person=duplicate).update(
        person=survivor, modified_at=timezone.now())}
