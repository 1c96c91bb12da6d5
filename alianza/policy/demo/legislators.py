"""Demo legislators: the real Open States people files shipped with the app (CC0), the
2023-24 session with its committees first, then the current Legislature."""

from __future__ import annotations

from alianza.policy.importers.people import FIXTURES, people_import

OPENSTATES = FIXTURES / "openstates"


def demo_legislators() -> None:
    """Import both snapshots; running it again changes nothing."""
    people_import(folder=OPENSTATES / "ca-2023-2024")
    people_import(folder=OPENSTATES / "ca-current")
