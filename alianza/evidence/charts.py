"""Bar charts drawn on the server as SVG geometry: no script, readable on a phone.

Bars are horizontal with the label above each bar, so long names (districts, languages)
never need rotating or truncating; the table beside each chart holds the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from alianza.evidence.tables import Table, Value

WIDTH = 400
BAR_AREA = 300  # the longest bar; the rest is room for its value
ROW = 44  # label line plus bar, at least a 44px target
BAR_HEIGHT = 16


@dataclass
class Bar:
    label: str
    value: str
    y_label: int
    y_bar: int
    width: int
    x_value: int
    suppressed: bool


@dataclass
class Chart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int = BAR_HEIGHT


def bar_chart(table: Table, *, limit: int = 15) -> Chart | None:
    if table.chart is None:
        return None
    label_key, value_key = table.chart
    points = []
    for row in table.rows:
        value = row.get(value_key)
        if isinstance(value, Value) and (value.known or value.suppressed):
            points.append((str(row.get(label_key, "")), value))
    points = points[:limit]
    if not points:
        return None
    top = max((v.number for _l, v in points if v.known), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(points):
        y = index * ROW
        width = 0 if not value.known else max(1, round(value.number / top * BAR_AREA))
        bars.append(Bar(label=label, value=value.display(), y_label=y + 14, y_bar=y + 20,
                        width=width, x_value=width + 6, suppressed=value.suppressed))
    return Chart(bars=bars, width=WIDTH, height=len(bars) * ROW + 4)
