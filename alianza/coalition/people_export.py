"""Downloads of the people on the staff list: CSV (formula-guarded) and XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alianza.coalition.models import Affiliation, Person, PersonEmail
from alianza.coalition.people_filters import language_label
from alianza.core.access import keep_private
from alianza.core.csv_export import csv_cell, streaming_writer

_CHUNK = 2000


def export_header() -> list[str]:
    return [pgettext("person field", "Name"), pgettext("person field", "Email"),
            _("Other emails"), pgettext("person field", "Phone"),
            _("Preferred language"), pgettext("person field", "County"),
            pgettext("person field", "Organization"), _("Added on")]


def export_rows(person_ids: Sequence[int]) -> Iterator[list[str]]:
    """One row per person, in name order, read a few thousand people at a time."""
    yield export_header()
    ids = _in_name_order(sorted(set(person_ids)))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        others: dict[int, list[str]] = {}
        for pid, email in PersonEmail.objects.filter(person_id__in=chunk).order_by(
                "email").values_list("person_id", "email"):
            others.setdefault(pid, []).append(email)
        organizations: dict[int, list[str]] = {}
        for pid, name in Affiliation.objects.filter(person_id__in=chunk).order_by(
                "-is_primary_contact", "organization__name").values_list(
                "person_id", "organization__name"):
            organizations.setdefault(pid, []).append(name)
        people = Person.objects.in_bulk(chunk)
        for person in (people[pk] for pk in chunk if pk in people):
            yield [person.name, person.email, ", ".join(others.get(person.pk, [])), person.phone,
                   language_label(person.preferred_language), person.county_label,
                   "; ".join(organizations.get(person.pk, [])),
                   timezone.localtime(person.created_at).date().isoformat()]


def _in_name_order(ids: list[int]) -> list[int]:
    keyed: list[tuple[str, int]] = []
    for start in range(0, len(ids), _CHUNK):
        keyed.extend(Person.objects.filter(pk__in=ids[start:start + _CHUNK]).order_by()
                     .values_list("name", "pk"))
    return [pk for _name, pk in sorted(keyed)]


def _filename(extension: str) -> str:
    return f"people-{timezone.localdate().isoformat()}.{extension}"


def export_csv(person_ids: Sequence[int], user, data) -> StreamingHttpResponse:
    writer = streaming_writer()

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so Excel reads accents as UTF-8
        for row in export_rows(person_ids):
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return keep_private(response)


def export_xlsx(person_ids: Sequence[int], user, data) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("People")[:31])
    bold = Font(bold=True)
    for index, row in enumerate(export_rows(person_ids)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # text, never a formula
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return keep_private(response)
