"""Registrants and attendance of one event as CSV or XLSX, headed in the reader's language.

One row per registration (cancelled ones included, with their status), the answers to the
event's questions as the last columns. Every text cell is made safe for spreadsheets: in
CSV through ``csv_cell`` (a leading quote), in XLSX by storing each value as a string cell,
which no spreadsheet evaluates.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alianza.convenings.models import Event, Question, Registration
from alianza.convenings.selectors_staff import question_answer_text, shown_email
from alianza.core.csv_export import csv_cell, streaming_writer

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers(questions: list[Question], language: str) -> list[str]:
    return [
        _("Name"), _("Email"), _("Organization"), _("Language"), _("Status"),
        _("Waitlist position"), _("Needs interpretation"), _("Accessibility needs"),
        _("Registered at"), _("Confirmed at"), _("Cancelled at"), _("Checked in at"),
        _("Walk-in"),
        *(question.label_in(language) for question in questions),
    ]


def _when(value: datetime | None, event: Event) -> str:
    # The event's own time zone: "when did they arrive" is read against the agenda.
    return value.astimezone(event.tz).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def export_rows(*, event: Event) -> Iterator[list[str]]:
    """The header, then one list of texts per registration, in the active language."""
    language = get_language() or "en"
    questions = list(event.questions.order_by("position", "pk"))
    language_names = dict(Registration.Language.choices)
    yield _headers(questions, language)
    registrations = event.registrations.select_related("organization").order_by(
        "created_at", "pk")
    for row in registrations.iterator(chunk_size=500):
        organization = row.organization.name if row.organization_id else row.organization_name
        yield [
            row.name, shown_email(row), organization,
            str(language_names.get(row.language, row.language)), str(row.get_status_display()),
            str(row.waitlist_position or ""), _yes_no(row.needs_interpretation),
            row.accessibility_needs, _when(row.created_at, event),
            _when(row.confirmed_at, event), _when(row.cancelled_at, event),
            _when(row.attended_at, event), _yes_no(row.is_walk_in),
            *(question_answer_text(q, row.answers.get(str(q.pk)), language) for q in questions),
        ]


def export_filename(event: Event, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"{event.slug}-registrations-{stamp}.{extension}"


def export_csv_lines(*, event: Event) -> Iterator[str]:
    writer = streaming_writer()
    # A byte-order mark so Excel reads the accents of "Inscripción" as UTF-8.
    yield "\ufeff"
    for row in export_rows(event=event):
        yield writer.writerow([csv_cell(value) for value in row])


def export_xlsx(*, event: Event) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Registrations")[:31])
    bold = Font(bold=True)
    for index, row in enumerate(export_rows(event=event)):
        cells = []
        for value in row:
            # Control characters (pasted from elsewhere) are not allowed in the XML.
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            # openpyxl would store "=…" as a formula; a string cell is only ever text.
            cell.data_type = "s"
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
