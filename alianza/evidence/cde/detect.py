"""Which kind of CDE file is this? Decided by the headers, never by the file name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alianza.evidence.cde.base import CdeTable
from alianza.evidence.cde.caaspp import ENTITIES, STUDENT_GROUPS, load_entities, load_student_groups
from alianza.evidence.cde.columns import Resolution, Spec, resolve
from alianza.evidence.cde.dataquest import (
    EL_LANGUAGE,
    LTEL,
    RECLASSIFICATION,
    load_el_language,
    load_ltel,
    load_reclassification,
)
from alianza.evidence.cde.errors import UnknownKind
from alianza.evidence.cde.textfiles import is_workbook, read_header
from alianza.evidence.cde.upc import UPC, _sheets, find_header, load_upc

SPECS: dict[str, Spec] = {
    spec.kind: spec for spec in (UPC, LTEL, EL_LANGUAGE, RECLASSIFICATION, ENTITIES, STUDENT_GROUPS)
}
LOADERS: dict[str, Callable[[Path], CdeTable]] = {
    "upc": load_upc,
    "ltel": load_ltel,
    "el_language": load_el_language,
    "reclassification": load_reclassification,
    "entities": load_entities,
    "student_groups": load_student_groups,
}
KINDS = tuple(LOADERS)


def detect_kind(path: str | Path) -> str:
    """One of :data:`KINDS`, or :class:`UnknownKind` naming the closest kind's missing columns.

    When several kinds fit (a file with many columns can satisfy a small spec), the one that
    recognises the most of the file's columns wins.
    """
    path = Path(path)
    if is_workbook(path):
        closest: Resolution | None = None
        for _name, rows in _sheets(path):
            header, resolution = find_header(rows)
            if header is not None:
                return "upc"
            if closest is None or len(resolution.missing) < len(closest.missing):
                closest = resolution
        missing = closest.missing if closest else []
        raise UnknownKind(file=path.name, kind=UPC.title, missing=missing, kind_id=UPC.kind)
    headers, _delimiter = read_header(path)
    fits: list[tuple[int, str]] = []
    near: list[tuple[float, Spec, Resolution]] = []
    for spec in SPECS.values():
        resolution = resolve(headers, spec)
        if resolution.ok:
            fits.append((len(resolution.found), spec.kind))
        else:
            needed = sum(1 for c in spec.columns if c.required) + len(spec.one_of)
            near.append((len(resolution.missing) / max(needed, 1), spec, resolution))
    if fits:
        return max(fits, key=lambda fit: fit[0])[1]
    _share, spec, resolution = min(near, key=lambda item: item[0])
    raise UnknownKind(
        file=path.name, kind=spec.title, missing=resolution.missing, kind_id=spec.kind
    )


def load(path: str | Path, kind: str | None = None) -> CdeTable:
    """Read ``path`` as ``kind`` (detected when not given), with its year, hash and rows."""
    path = Path(path)
    kind = kind or detect_kind(path)
    if kind not in LOADERS:
        raise ValueError(f"kind must be one of {KINDS}")
    return LOADERS[kind](path)
