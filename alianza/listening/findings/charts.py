"""Horizontal bars as SVG geometry, drawn the same way as the evidence pages' charts
(label above each bar, value after it), so long answers never need truncating."""

from __future__ import annotations

from alianza.evidence.charts import BAR_AREA, ROW, WIDTH, Bar, Chart


def bar_chart(points: list[tuple[str, float | None, str]], *,
              top: float | None = None) -> Chart | None:
    """``points``: (label, length or None when blanked, text shown after the bar)."""
    if not points:
        return None
    top = top or max((value for _l, value, _t in points if value), default=0) or 1
    bars = []
    for index, (label, value, shown) in enumerate(points):
        y = index * ROW
        width = 0 if not value else max(1, round(value / top * BAR_AREA))
        bars.append(Bar(label=label, value=shown, y_label=y + 14, y_bar=y + 20, width=width,
                        x_value=width + 6, suppressed=value is None))
    return Chart(bars=bars, width=WIDTH, height=len(bars) * ROW + 4)
