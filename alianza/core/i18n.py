"""Choosing the right per-language row for the current reader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.utils import translation

T = TypeVar("T")


def pick_text(rows: Iterable[T], language: str | None = None) -> T | None:
    """The row in ``language`` (or its primary subtag), else the site default, else any."""
    rows = list(rows)
    if not rows:
        return None
    wanted = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    by_language = {getattr(row, "language", "").lower(): row for row in rows}
    for candidate in (wanted, wanted.split("-")[0], settings.LANGUAGE_CODE):
        if candidate in by_language:
            return by_language[candidate]
    return rows[0]
