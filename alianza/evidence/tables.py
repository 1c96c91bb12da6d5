"""Tables shown on the dashboards and downloaded as CSV: one structure for both.

A cell is a :class:`Value`: a number, a suppressed cell (``*``, never zero) or nothing
(not applicable / not in the file). Percentages whose parts are suppressed are suppressed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext


@dataclass(frozen=True)
class Value:
    number: float | int | None = None
    suppressed: bool = False
    percent: bool = False
    derived: bool = False

    @property
    def known(self) -> bool:
        return self.number is not None and not self.suppressed

    def display(self) -> str:
        if self.suppressed:
            return "*"
        if self.number is None:
            return "–"
        if self.percent:
            # number_format cuts extra decimals off; round first so 17.69 reads 17.7.
            return number_format(round(self.number, 1), decimal_pos=1, use_l10n=True) + " %"
        return number_format(self.number, decimal_pos=0, use_l10n=True, force_grouping=True)

    def csv(self) -> str:
        if self.suppressed:
            return "*"
        if self.number is None:
            return ""
        return f"{self.number:.1f}" if self.percent else str(int(self.number))

    def __str__(self) -> str:
        return self.display()


MISSING = Value()
SUPPRESSED = Value(suppressed=True)


def share(part: Value | None, whole: Value | None) -> Value:
    """``part`` as a percentage of ``whole``; suppressed when either part is suppressed."""
    if part is None or whole is None:
        return Value(percent=True)
    if part.suppressed or whole.suppressed:
        return Value(suppressed=True, percent=True)
    if part.number is None or not whole.number:
        return Value(percent=True)
    return Value(number=100 * part.number / whole.number, percent=True)


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[dict[str, object]]
    sources: list = field(default_factory=list)  # Dataset versions the figures come from
    definitions: list[tuple[str, str]] = field(default_factory=list)
    chart: tuple[str, str] | None = None  # (label column, value column) for a bar chart
    note: str = ""

    def csv_text(self, *, entity_name: str = "", school_year: str = "") -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([str(c.label) for c in self.columns])
        for row in self.rows:
            writer.writerow([_csv_cell(row.get(c.key)) for c in self.columns])
        writer.writerow([])
        if entity_name or school_year:
            writer.writerow([entity_name, school_year])
        for label, definition in self.definitions:
            writer.writerow([str(label), str(definition)])
        for source in self.sources:
            writer.writerow([source.get_kind_display(), source.source_name, source.school_year,
                             source.get_origin_display(), source.source_url])
        writer.writerow(
            ["*", gettext("suppressed: a small count, or hidden so one cannot be worked out")]
        )
        return out.getvalue()


def _csv_cell(value: object) -> str:
    if isinstance(value, Value):
        return value.csv()
    return "" if value is None else str(value)
