"""The findings page's figures as a CSV, under the same small-group rule as the page."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alianza.core.csv_export import csv_cell, streaming_writer
from alianza.listening.selectors.findings import Findings


def figures_csv_chunks(findings: Findings) -> Iterator[str]:
    writer = streaming_writer()
    fewer = _("fewer than %(count)d") % {"count": findings.minimum}
    yield "\ufeff" + writer.writerow([
        pgettext("findings", "Question"), pgettext("findings", "Answer"),
        pgettext("findings", "Respondents"), _("Percent of those who answered"),
        pgettext("findings", "Answered")])
    for summary in findings.questions:
        if summary.too_few:
            yield writer.writerow([csv_cell(summary.label), "", fewer, "", fewer])
            continue
        for row in summary.rows:
            yield writer.writerow([
                csv_cell(summary.label), csv_cell(row.label),
                fewer if row.suppressed else row.count,
                "" if row.suppressed or row.percent is None else f"{row.percent:.1f}",
                summary.answered])
        if summary.numbers:
            yield writer.writerow([csv_cell(summary.label), pgettext("findings", "average"),
                                   summary.numbers.count, f"{summary.numbers.mean:.2f}",
                                   summary.answered])
        for ranked in summary.ranked:
            yield writer.writerow([
                csv_cell(summary.label),
                csv_cell(_("%(choice)s (score %(score).2f)")
                         % {"choice": ranked.label, "score": ranked.score}),
                ranked.ranked_by, "", summary.answered])
