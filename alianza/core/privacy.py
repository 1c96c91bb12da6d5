"""A registry of the personal data each module holds, for export and erasure.

Core cannot import the modules, so each one registers its own part when Django starts
(``AppConfig.ready``); the coalition module's privacy service then asks every part in
turn. A module that stores personal data and is missing here would be left out of both
the download and the erasure, so new modules must register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonDataPart:
    """``export(person)`` returns JSON-ready data; ``erase(person)`` removes it and
    returns counts of what went (never the data itself)."""

    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], dict[str, int]] | None = None


_parts: dict[str, PersonDataPart] = {}


def person_data_register(
    name: str,
    *,
    export: Callable[[Any], Any],
    erase: Callable[[Any], dict[str, int]] | None = None,
) -> None:
    """Register (or, on a repeated ``ready()``, replace) one module's part."""
    _parts[name] = PersonDataPart(name=name, export=export, erase=erase)


def person_data_parts() -> list[PersonDataPart]:
    return list(_parts.values())
