"""Where the real Open States people files are: the shared data folder beside the
repository (../shared/data, or further up for a worktree), else the copy the app ships."""

from __future__ import annotations

from pathlib import Path

from alianza.policy.importers.people import FIXTURES, people_import

ROOT = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    for parent in ROOT.parents:
        shared = parent / "shared" / "data"
        if (shared / "openstates" / "ca-current" / "legislature").is_dir():
            return shared
    return FIXTURES


OPENSTATES = data_root() / "openstates"
SESSION_2023 = OPENSTATES / "ca-2023-2024"
CURRENT = OPENSTATES / "ca-current"
DIVISIONS = data_root() / "ocd" / "state-ca-openstates.csv"


def import_both() -> None:
    people_import(folder=SESSION_2023, divisions=DIVISIONS)
    people_import(folder=CURRENT, divisions=DIVISIONS)
