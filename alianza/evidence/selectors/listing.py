"""Long tables on a page: a filter box, a sort and server-side pages, and no empty columns.

Los Angeles Unified has about a thousand schools: listing them all made a 44,000-pixel page
on a phone. The page shows one page of rows at a time; the CSV download keeps every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from alianza.evidence.services.datasets import fold
from alianza.evidence.tables import Column, Table, Value

PER_PAGE = 25
SORTS = {
    "el_count": _("Most English learners"),
    "el_share": _("Highest share of English learners"),
    "name": _("Name, A to Z"),
}


@dataclass
class Listing:
    table: Table
    query: str
    sort: str
    page: int
    pages: int
    total: int  # rows matching the filter
    all_rows: int  # rows before filtering
    first: int  # 1-based number of the first row shown
    last: int
    sorts: list[tuple[str, str]] = field(default_factory=list)
    keep: dict[str, str] = field(default_factory=dict)  # e.g. the school year on the page

    def url(self, page: int) -> str:
        params: dict[str, object] = {**self.keep, "sort": self.sort, "page": page}
        if self.query:
            params["q"] = self.query
        return "?" + urlencode(params) + "#children"

    @property
    def previous_url(self) -> str | None:
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.page + 1) if self.page < self.pages else None


def _number(value: object) -> float:
    return value.number if isinstance(value, Value) and value.known else -1.0


def listing(table: Table, *, query: str = "", sort: str = "", page: str | int = 1,
            per_page: int = PER_PAGE, keep: dict[str, str] | None = None) -> Listing:
    """``table`` cut to one page of rows matching ``query``, in the order asked for."""
    query = query.strip()[:100]
    sort = sort if sort in SORTS else "el_count"
    rows = table.rows
    if query:
        words = fold(query).split()
        rows = [r for r in rows if all(w in fold(f"{r.get('name', '')} {r.get('cds_code', '')}")
                                       for w in words)]
    if sort == "name":
        rows = sorted(rows, key=lambda r: fold(str(r.get("name", ""))))
    else:
        rows = sorted(rows, key=lambda r: (-_number(r.get(sort)), fold(str(r.get("name", "")))))
    pages = max(1, -(-len(rows) // per_page))
    try:
        number = min(max(1, int(page)), pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    shown = rows[start:start + per_page]
    # The CDS code stays in the filter and the CSV; on a phone its column pushed the figures
    # out of sight, and each name links to the place's page, which shows it.
    columns = [c for c in table.columns if c.key != "cds_code"]
    cut = Table(slug=table.slug, title=table.title, columns=columns, rows=shown,
                sources=table.sources, definitions=table.definitions, chart=table.chart,
                note=table.note)
    return Listing(table=cut, query=query, sort=sort, page=number, pages=pages,
                   total=len(rows), all_rows=len(table.rows), first=start + 1 if shown else 0,
                   last=start + len(shown), sorts=[(k, str(v)) for k, v in SORTS.items()],
                   keep={k: v for k, v in (keep or {}).items() if v})


def _empty(value: object) -> bool:
    if isinstance(value, Value):
        return value.number is None and not value.suppressed
    return value is None or value == ""


def without_empty_columns(table: Table) -> tuple[Table, list[Column]]:
    """``table`` without the numeric columns no row has a figure for, and those columns.

    A column of dashes says nothing; the page says instead which file would fill it.
    """
    if not table.rows:
        return table, []
    dropped = [c for c in table.columns
               if c.numeric and all(_empty(r.get(c.key)) for r in table.rows)]
    if not dropped:
        return table, []
    kept = [c for c in table.columns if c not in dropped]
    gone = {str(c.label) for c in dropped}
    definitions = [(label, text) for label, text in table.definitions if str(label) not in gone]
    return Table(slug=table.slug, title=table.title, columns=kept, rows=table.rows,
                 sources=table.sources, definitions=definitions, chart=table.chart,
                 note=table.note), dropped

