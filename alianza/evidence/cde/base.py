"""What every reader returns, and the common path for delimited text files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from alianza.evidence.cde.columns import Spec, convert, require
from alianza.evidence.cde.textfiles import file_sha256, read_text_table
from alianza.evidence.cde.years import school_year_from_name


@dataclass
class CdeTable:
    """A read file: its rows plus what a dataset version needs (source, year, hash)."""

    kind: str
    title: str
    frame: pl.DataFrame
    file_name: str
    sha256: str
    school_year: str | None
    school_year_from: str | None  # "column", "file name" or None when unknown
    encoding: str | None = None
    delimiter: str | None = None
    sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return self.frame.height


def year_of(frame: pl.DataFrame, column: str, file_name: str) -> tuple[str | None, str | None]:
    """The school year from the file's own column when it has one, else from its name."""
    if column in frame.columns:
        years = frame[column].drop_nulls().unique().sort().to_list()
        if years:
            # A download covers one year; if it holds several, the latest names the version.
            return str(years[-1]), "column"
    from_name = school_year_from_name(file_name)
    return from_name, ("file name" if from_name else None)


def read_delimited(
    path: str | Path,
    spec: Spec,
    *,
    finish: Callable[[pl.DataFrame], pl.DataFrame],
    year_column: str = "academic_year",
) -> CdeTable:
    """Read a text download described by ``spec``; ``finish`` adds derived columns."""
    path = Path(path)
    table = read_text_table(path)
    resolution = require(table.headers, spec, file=path.name)
    frame = table.frame.rename(dict(zip(table.frame.columns, resolution.names, strict=True)))
    frame = finish(convert(frame, spec, file=path.name))
    school_year, source = year_of(frame, year_column, path.name)
    return CdeTable(
        kind=spec.kind,
        title=spec.title,
        frame=frame,
        file_name=path.name,
        sha256=file_sha256(path),
        school_year=school_year,
        school_year_from=source,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def order(frame: pl.DataFrame, first: tuple[str, ...]) -> pl.DataFrame:
    """Put identifying columns first, keep the rest in file order."""
    leading = [name for name in first if name in frame.columns]
    return frame.select(leading + [name for name in frame.columns if name not in leading])
