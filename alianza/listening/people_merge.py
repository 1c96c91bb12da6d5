"""Moving a merged-away person's survey contact details to the person kept."""

from __future__ import annotations

from alianza.listening.models import ResponseContact

MODELS = ("listening.ResponseContact",)


def listening_merge(survivor, duplicate) -> dict[str, int]:
    return {"survey_contacts": ResponseContact.objects.filter(person=duplicate).update(
        person=survivor)}
