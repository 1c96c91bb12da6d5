"""Every submitted response as one row: CSV streamed as it is read, XLSX in write-only mode.

Answers are read once, in response order, and merged with the responses as both streams
advance, so memory holds one response at a time whatever the survey's size. Contact
details are added only for respondents who left them, and only when asked for (the view
checks ``listening.view_responsecontact``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.db import connection
from django.utils.crypto import salted_hmac
from openpyxl import Workbook

from alianza.core.csv_export import csv_cell, streaming_writer
from alianza.listening.exports.columns import (
    CONTACT_COLUMNS,
    Column,
    codebook_rows,
    fixed_columns,
    question_columns,
)
from alianza.listening.models import Answer, QuestionType, Response, ResponseContact, Survey
from alianza.listening.selectors.findings_questions import NUMBER_TYPES, survey_questions

CHUNK = 2000
ROWS_PER_WRITE = 200


def opaque_id(pk: int) -> str:
    """A stable identifier that does not give away the database's numbering."""
    return salted_hmac("alianza.listening.export", str(pk)).hexdigest()[:12]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else repr(value)


class ResponseTable:
    """Header and rows of a survey's response export."""

    def __init__(self, survey: Survey, *, with_contacts: bool) -> None:
        self.survey = survey
        self.with_contacts = with_contacts
        self.infos = survey_questions(survey)
        self.columns: list[Column] = question_columns(self.infos)
        self.fixed = [name for name, _meaning in fixed_columns()]

    @property
    def header(self) -> list[str]:
        contact = list(CONTACT_COLUMNS) if self.with_contacts else []
        return [*self.fixed, *[c.name for c in self.columns], *contact]

    def codebook(self) -> list[list[str]]:
        return codebook_rows(self.survey, self.infos, self.columns,
                             with_contacts=self.with_contacts)

    def rows(self) -> Iterator[list]:
        offset = len(self.fixed)
        place = {c.name: offset + i for i, c in enumerate(self.columns)}
        by_question: dict[int, tuple] = {}  # question id -> (info, main column, other column)
        option_place: dict[int, int] = {}  # option id -> its per-choice column
        multiple_places: dict[str, list[int]] = {}
        for info in self.infos.values():
            other = place.get(f"{info.name}__other") if info.allows_other else None
            for qid in info.ids:
                by_question[qid] = (info, place.get(info.name), other)
            if info.type in (QuestionType.MULTIPLE, QuestionType.RANKING):
                columns = {c.option: place[c.name] for c in self.columns
                           if c.info is info and c.option}
                for oid, value in info.option_ids.items():
                    option_place[oid] = columns[value]
                if info.type == QuestionType.MULTIPLE:
                    multiple_places[info.name] = list(columns.values())
        width = len(self.header)
        contacts = {}
        if self.with_contacts:
            contacts = {rid: (name, email, phone) for rid, name, email, phone in
                        ResponseContact.objects.filter(response__survey=self.survey)
                        .values_list("response_id", "name", "email", "phone")}
        responses = (Response.objects
                     .filter(survey=self.survey, status=Response.Status.SUBMITTED)
                     .order_by("pk")
                     .values_list("pk", "submitted_at", "language", "respondent_type",
                                  "county_code", "district_code", "partner__code",
                                  "version__number", "channel", "frame__key")
                     .iterator(chunk_size=CHUNK))
        option_value = {oid: value for info in self.infos.values()
                        for oid, value in info.option_ids.items()}
        for batch in _batches(responses, CHUNK):
            # The answers of a run of responses, by the response index: already in order,
            # so the database sorts nothing; other surveys' answers are skipped below.
            answers = iter(_answer_rows(batch[0][0], batch[-1][0]))
            pending = next(answers, None)
            for pk, submitted, *rest in batch:
                row: list = [""] * width
                row[0] = opaque_id(pk)
                row[1] = submitted.strftime("%Y-%m-%d %H:%M") if submitted else ""
                row[2:offset] = ["" if value is None else value for value in rest]
                answered_multiple: set[str] = set()
                while pending is not None and pending[0] < pk:
                    pending = next(answers, None)  # a response of another survey
                while pending is not None and pending[0] == pk:
                    _rid, qid, oid, rank, number, date, text = pending
                    pending = next(answers, None)
                    found = by_question.get(qid)
                    if found is None:
                        continue
                    info, main, other = found
                    kind = info.type
                    if kind == QuestionType.MULTIPLE:
                        row[option_place[oid]] = 1
                        answered_multiple.add(info.name)
                    elif kind == QuestionType.RANKING:
                        row[option_place[oid]] = rank
                    elif kind == QuestionType.SINGLE:
                        row[main] = option_value[oid]
                    elif kind in NUMBER_TYPES:
                        row[main] = number
                    elif kind == QuestionType.DATE:
                        row[main] = str(date) if date else ""  # a date or its ISO text
                    else:
                        row[main] = text
                    if text and other is not None and oid is not None:
                        row[other] = text
                for name in answered_multiple:
                    for index in multiple_places[name]:
                        if row[index] == "":
                            row[index] = 0
                if self.with_contacts and pk in contacts:
                    row[-3:] = contacts[pk]
                yield row


def _answer_rows(first: int, last: int) -> list[tuple]:
    """The answers of responses ``first`` to ``last``, in response order. Plain SQL: at four
    million rows, the ORM's per-value converters are a good part of the export's time."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("response_id", "question_id", "option_id",
                                                  "rank", "number", "date", "text"))
    sql = (f"SELECT {columns} FROM {quote(Answer._meta.db_table)} "  # noqa: S608
           f"WHERE {quote('response_id')} BETWEEN %s AND %s ORDER BY {quote('response_id')}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last])
        return cursor.fetchall()


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv(cell: object) -> object:
    """Numbers as they are (a rank or a count is never a formula); text guarded."""
    if cell == "" or type(cell) is int:
        return cell
    if type(cell) is float:
        return _number(cell)
    return csv_cell(cell)


def responses_csv_chunks(table: ResponseTable) -> Iterator[str]:
    """The CSV text in chunks of a few hundred rows, every cell safe for spreadsheets."""
    writer = streaming_writer()
    yield "\ufeff" + writer.writerow(table.header)  # the BOM makes Excel read UTF-8
    lines: list[str] = []
    for row in table.rows():
        lines.append(writer.writerow([_csv(cell) for cell in row]))
        if len(lines) >= ROWS_PER_WRITE:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def codebook_csv_chunks(table: ResponseTable) -> Iterator[str]:
    writer = streaming_writer()
    yield "\ufeff"
    for row in table.codebook():
        yield writer.writerow([csv_cell(cell) for cell in row])


def _safe(cell: object) -> object:
    # openpyxl stores a string starting with "=" as a formula: guard it like the CSV.
    return csv_cell(cell) if isinstance(cell, str) else cell


def responses_xlsx(table: ResponseTable) -> tempfile.SpooledTemporaryFile:
    """A workbook with the responses and the codebook, in a file ready to send."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    sheet.append(table.header)
    for row in table.rows():
        sheet.append([_safe(cell) for cell in row])
    codebook = book.create_sheet("codebook")
    for row in table.codebook():
        codebook.append([_safe(cell) for cell in row])
    # Handed to FileResponse, which closes it once sent.
    handle = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    book.save(handle)
    handle.seek(0)
    return handle
