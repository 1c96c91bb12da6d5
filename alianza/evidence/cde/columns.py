"""Header matching and value conversion shared by every reader.

Readers describe a file as a :class:`Spec` — the columns it has, how each is spelled in the
various years' files, and which ones must be there. Headers are matched on letters and digits
only, so "English  Learner\\n(EL)", "English Learner (EL)" and "EnglishLearnerEL" are the same
column; position never matters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from alianza.evidence.cde.errors import BadCode, BadValue, UnrecognisedFile
from alianza.evidence.cde.years import normalise_school_year

ColumnType = Literal["text", "code", "ident", "count", "year", "flag", "grade"]

# Words CDE uses for "nothing to report here"; they mean not applicable, never zero.
NOT_APPLICABLE = ("", "N/A", "NA", "--")
SUPPRESSED = "*"


@dataclass(frozen=True)
class Col:
    name: str  # the normalised column name readers return
    label: str  # how CDE's file-structure page spells it, used in error messages
    aliases: tuple[str, ...] = ()
    type: ColumnType = "text"
    # Codes ("code": digits only; "ident": digits or letters, e.g. charter number "00D5")
    # are left-padded with zeros to this width when they are all digits.
    width: int = 0
    required: bool = False


@dataclass(frozen=True)
class Spec:
    kind: str
    title: str
    columns: tuple[Col, ...]
    # Each group is satisfied by any one of its alternatives (e.g. one CDS column or three
    # code columns); the first alternative names what is missing in the error message.
    one_of: tuple[tuple[tuple[str, ...], ...], ...] = ()
    drop: tuple[str, ...] = field(default=("filler",))

    def column(self, name: str) -> Col:
        return next(col for col in self.columns if col.name == name)


def header_key(header: object) -> str:
    """Letters and digits only, lower case: how two spellings of a header are compared."""
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def snake_name(header: object) -> str:
    """A column name for a header no spec knows, e.g. "EL 0-3 Years" → "el_0_3_years"."""
    text = re.sub(r"\s+", " ", str(header or "")).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "column"


@dataclass
class Resolution:
    """Where each known column is, plus the names given to columns no spec knows."""

    names: list[str]  # one per header, in file order
    found: dict[str, int]
    missing: list[str]

    @property
    def ok(self) -> bool:
        return not self.missing


def resolve(headers: Sequence[object], spec: Spec) -> Resolution:
    by_key: dict[str, Col] = {}
    for col in spec.columns:
        for alias in (col.name, col.label, *col.aliases):
            by_key.setdefault(header_key(alias), col)
    names: list[str] = []
    found: dict[str, int] = {}
    # Sets, not list scans: a header of thousands of repeated names must stay linear.
    taken = {c.name for c in spec.columns}
    extras: dict[str, int] = {}  # the suffix number the next repeat of a name starts from
    for index, header in enumerate(headers):
        col = by_key.get(header_key(header))
        if col is not None and col.name not in found:
            found[col.name] = index
            names.append(col.name)
            continue
        name = snake_name(header)
        if name in taken:
            # "x_extra", then "x_extra2", "x_extra3"…: names stay short however many repeat.
            base, repeats = name, extras.get(name, 1)
            name = f"{base}_extra" if repeats == 1 else f"{base}_extra{repeats}"
            while name in taken:
                repeats += 1
                name = f"{base}_extra{repeats}"
            extras[base] = repeats
        names.append(name)
        taken.add(name)
    missing = [col.label for col in spec.columns if col.required and col.name not in found]
    for group in spec.one_of:
        if not any(all(name in found for name in option) for option in group):
            missing.extend(spec.column(name).label for name in group[0])
    return Resolution(names=names, found=found, missing=missing)


def require(headers: Sequence[object], spec: Spec, *, file: str) -> Resolution:
    resolution = resolve(headers, spec)
    if not resolution.ok:
        raise UnrecognisedFile(
            file=file, kind=spec.title, missing=resolution.missing, kind_id=spec.kind
        )
    return resolution


def _blank(expr: pl.Expr) -> pl.Expr:
    return expr.is_null() | expr.is_in(list(NOT_APPLICABLE))


def _first_bad(frame: pl.DataFrame, column: str, bad: pl.Expr) -> tuple[int, str] | None:
    hits = frame.with_row_index("_row").filter(bad).select("_row", column).head(1)
    if hits.height == 0:
        return None
    return int(hits["_row"][0]), str(hits[column][0])


def count_exprs(name: str) -> list[pl.Expr]:
    """``name`` as an integer (null when suppressed or blank) and ``name_suppressed``."""
    raw = pl.col(name).str.strip_chars()
    number = raw.str.replace_all(",", "").cast(pl.Float64, strict=False)
    return [
        pl.when(_blank(raw) | (raw == SUPPRESSED))
        .then(None)
        .otherwise(number)
        .cast(pl.Int64)
        .alias(name),
        (raw == SUPPRESSED).fill_null(False).alias(f"{name}_suppressed"),
    ]


CODE_LIKE_NAME = re.compile(r"(code|_id$|^id_|number|num$|zip|(^|_)year$|cds)")


def is_count_like(series: pl.Series) -> bool:
    """True when every cell is a whole number, ``*`` or blank: an unnamed count column.

    A column named like a code, or with a value that has a leading zero, stays text: that is
    an identifier, and reading it as a number would lose its zeros.
    """
    if CODE_LIKE_NAME.search(series.name):
        return False
    raw = series.cast(pl.String).str.strip_chars()
    meaningful = raw.filter(~(raw.is_null() | raw.is_in([*NOT_APPLICABLE, SUPPRESSED])))
    if meaningful.len() == 0:
        return False
    if meaningful.str.contains(r"^0\d").any():
        return False
    return bool(meaningful.str.contains(r"^-?[\d,]+(\.0+)?$").all())


def map_unique(frame: pl.DataFrame, name: str, function: Callable[[str], str | None]) -> pl.Expr:
    """``function`` applied once per distinct value of a text column (years, language codes
    repeat on every row, and a Python call per row is slow on statewide files)."""
    values = frame[name].cast(pl.String).str.strip_chars().unique().drop_nulls().to_list()
    mapping = {value: function(value) for value in values}
    return (
        pl.col(name)
        .cast(pl.String)
        .str.strip_chars()
        .replace_strict(mapping, default=None, return_dtype=pl.String)
    )


def _flag(expr: pl.Expr) -> pl.Expr:
    value = expr.str.strip_chars().str.to_uppercase()
    return (
        pl.when(value.is_in(["Y", "YES", "TRUE", "1"]))
        .then(True)
        .when(value.is_in(["N", "NO", "FALSE", "0"]))
        .then(False)
        .otherwise(None)
    )


def _grade(expr: pl.Expr) -> pl.Expr:
    value = expr.str.strip_chars().str.to_uppercase()
    return (
        pl.when(_blank(value))
        .then(None)
        .when(value.is_in(["K", "KN", "KDGN", "KG"]))
        .then(pl.lit("KN"))
        .when(value.str.contains(r"^\d{1,2}$"))
        .then(value.str.zfill(2))
        .otherwise(value)
    )


def convert(frame: pl.DataFrame, spec: Spec, *, file: str, first_row: int = 2) -> pl.DataFrame:
    """Turn a frame of text cells, already renamed, into typed columns.

    ``first_row`` is the file's row number of the first data row, for error messages.
    """
    frame = frame.drop([name for name in spec.drop if name in frame.columns])
    known = {col.name: col for col in spec.columns}
    exprs: list[pl.Expr] = []
    checks: list[tuple[str, pl.Expr, Col | None]] = []  # (column, valid, code column)
    for name in frame.columns:
        col = known.get(name)
        raw = pl.col(name).cast(pl.String).str.strip_chars()
        if (col is None and is_count_like(frame[name])) or (col and col.type == "count"):
            checks.append((name, _valid_count(raw), None))
            exprs.extend(count_exprs(name))
        elif col is not None and col.type == "code":
            checks.append((name, _valid_code(raw, col.width), col))
            padded = raw.str.replace(r"\.0+$", "")
            if col.width:
                padded = padded.str.zfill(col.width)
            exprs.append(pl.when(_blank(raw)).then(None).otherwise(padded).alias(name))
        elif col is not None and col.type == "ident":
            ident = raw.str.replace(r"^(\d+)\.0+$", "$1")
            if col.width:
                ident = (
                    pl.when(ident.str.contains(r"^\d+$"))
                    .then(ident.str.zfill(col.width))
                    .otherwise(ident)
                )
            exprs.append(pl.when(_blank(raw)).then(None).otherwise(ident).alias(name))
        elif col is not None and col.type == "flag":
            exprs.append(_flag(raw).alias(name))
        elif col is not None and col.type == "grade":
            exprs.append(_grade(raw).alias(name))
        elif col is not None and col.type == "year":
            exprs.append(map_unique(frame, name, normalise_school_year).alias(name))
        else:
            exprs.append(pl.when(_blank(raw)).then(None).otherwise(raw).alias(name))
    _raise_first_invalid(frame, checks, file=file, first_row=first_row)
    return frame.select(exprs)


def _valid_count(raw: pl.Expr) -> pl.Expr:
    return _blank(raw) | (raw == SUPPRESSED) | raw.str.contains(r"^-?[\d,]+(\.0+)?$")


def _valid_code(raw: pl.Expr, width: int) -> pl.Expr:
    valid = _blank(raw) | raw.str.contains(r"^\d+(\.0+)?$")
    if width:
        short = raw.str.replace(r"\.0+$", "").str.len_chars() <= width
        valid = valid & (_blank(raw) | short)
    return valid


def _raise_first_invalid(
    frame: pl.DataFrame,
    checks: list[tuple[str, pl.Expr, Col | None]],
    *,
    file: str,
    first_row: int,
) -> None:
    """One pass over every checked column; only a failing column is searched for its row."""
    if not checks or frame.height == 0:
        return
    failing = frame.select(
        (~valid).fill_null(False).any().alias(name) for name, valid, _col in checks
    ).row(0)
    for (name, valid, col), failed in zip(checks, failing, strict=True):
        if not failed:
            continue
        bad = _first_bad(frame, name, ~valid)
        assert bad is not None
        row, value = bad[0] + first_row, bad[1]
        if col is None:
            raise BadValue(file=file, column=name, value=value, row=row)
        raise BadCode(file=file, column=col.label, value=value, row=row)
