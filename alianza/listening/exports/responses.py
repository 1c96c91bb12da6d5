"""Every submitted response as one row: CSV streamed as it is read, XLSX in write-only mode.

Answers are read once, in response order, and merged with the responses as both streams
advance, so memory holds one response at a time whatever the survey's size. Contact
details are added only for respondents who left them, and only when asked for (the view
checks ``listening.view_responsecontact``).
"""

from __future__ import annotations

import hashlib
import hmac
import tempfile
from collections.abc import Iterator

from django.conf import settings
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
from alianza.listening.selectors.findings_questions import survey_questions

CHUNK = 2000
ROWS_PER_WRITE = 200


_OPAQUE_SALT = "alianza.listening.export"


def opaque_id(pk: int) -> str:
    """A stable identifier that does not give away the database's numbering."""
    return salted_hmac(_OPAQUE_SALT, str(pk)).hexdigest()[:12]


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

    def rows(self, *, for_csv: bool = False) -> Iterator[list]:
        """One list per submitted response, in response order.

        With ``for_csv`` every cell is already what the CSV holds (numbers formatted, text
        guarded against formulas) as it is placed: a cell is then touched once, not once
        more per column of every row afterwards. Otherwise numbers stay numbers (XLSX).
        """
        offset = len(self.fixed)
        place = {c.name: offset + i for i, c in enumerate(self.columns)}
        # question id -> (what to do, main column, other column, the question's columns)
        by_question: dict[int, tuple] = {}
        option_place: dict[int, int] = {}  # option id -> its per-choice column
        keep = csv_cell if for_csv else _same
        number_cell = _number if for_csv else _same
        option_value = {oid: keep(value) for info in self.infos.values()
                        for oid, value in info.option_ids.items()}
        for info in self.infos.values():
            other = place.get(f"{info.name}__other") if info.allows_other else None
            places: list[int] = []
            if info.type in (QuestionType.MULTIPLE, QuestionType.RANKING):
                columns = {c.option: place[c.name] for c in self.columns
                           if c.info is info and c.option}
                for oid, value in info.option_ids.items():
                    option_place[oid] = columns[value]
                places = list(columns.values())
            action = _ACTIONS.get(info.type, _TEXT)
            for qid in info.ids:
                by_question[qid] = (action, place.get(info.name), other, places)
        width = len(self.header)
        contacts = {}
        if self.with_contacts:
            contacts = {rid: tuple(keep(v) for v in values) for rid, *values in
                        ResponseContact.objects.filter(response__survey=self.survey)
                        .values_list("response_id", "name", "email", "phone")}
        responses = (Response.objects
                     .filter(survey=self.survey, status=Response.Status.SUBMITTED)
                     .order_by("pk")
                     .values_list("pk", "submitted_at", "language", "respondent_type",
                                  "county_code", "district_code", "partner__code",
                                  "version__number", "channel", "frame__key")
                     .iterator(chunk_size=CHUNK))
        opaque = _opaque_ids()
        with_dates = any(info.type == QuestionType.DATE for info in self.infos.values())
        for batch in _batches(responses, CHUNK):
            rows: list[list] = []
            by_pk: dict[int, list] = {}
            for pk, submitted, *rest in batch:
                row: list = [""] * width
                row[0] = opaque(pk)
                row[1] = submitted.strftime("%Y-%m-%d %H:%M") if submitted else ""
                row[2:offset] = ["" if value is None else
                                 value if type(value) is int else keep(value)
                                 for value in rest]
                if pk in contacts:
                    row[-3:] = contacts[pk]
                rows.append(row)
                by_pk[pk] = row
            # The answers of a run of responses, by the response index: the database sorts
            # nothing; answers of other surveys' responses in the run are skipped.
            for rid, qid, oid, rank, number, date, text in _answer_rows(
                    batch[0][0], batch[-1][0], with_dates=with_dates):
                row = by_pk.get(rid)
                found = by_question.get(qid) if row is not None else None
                if found is None:
                    continue
                action, main, other, places = found
                if action is _MULTIPLE:
                    if row[places[0]] == "":  # the first choice seen: the others are 0
                        for index in places:
                            row[index] = 0
                    row[option_place[oid]] = 1
                elif action is _RANKING:
                    row[option_place[oid]] = rank
                elif action is _SINGLE:
                    row[main] = option_value[oid]
                elif action is _NUMBER:
                    row[main] = number_cell(number)
                elif action is _DATE:
                    row[main] = keep(str(date)) if date else ""  # a date or its ISO text
                else:
                    row[main] = keep(text)
                if text and other is not None and oid is not None:
                    row[other] = keep(text)
            yield from rows


_MULTIPLE, _RANKING, _SINGLE, _NUMBER, _DATE, _TEXT = ("multiple", "ranking", "single",
                                                      "number", "date", "text")
_ACTIONS = {QuestionType.MULTIPLE: _MULTIPLE, QuestionType.RANKING: _RANKING,
            QuestionType.SINGLE: _SINGLE, QuestionType.RATING: _NUMBER,
            QuestionType.NUMBER: _NUMBER, QuestionType.DATE: _DATE}


def _same(value: object) -> object:
    return value


def _opaque_ids():
    """``opaque_id`` with its key derived once rather than per row: the same digests."""
    secret = settings.SECRET_KEY.encode()
    key = hashlib.sha1(_OPAQUE_SALT.encode() + secret).digest()  # noqa: S324 - as salted_hmac
    keyed = hmac.new(key, digestmod=hashlib.sha1)

    def opaque(pk: int) -> str:
        mac = keyed.copy()
        mac.update(str(pk).encode())
        return mac.hexdigest()[:12]

    return opaque


def _answer_rows(first: int, last: int, *, with_dates: bool) -> list[tuple]:
    """The answers of responses ``first`` to ``last``, in response order. Plain SQL: at four
    million rows, the ORM's per-value converters are a good part of the export's time; for
    the same reason the date column is read only when the survey asks a date."""
    quote = connection.ops.quote_name
    date = quote("date") if with_dates else "NULL"
    columns = ", ".join(quote(name) for name in ("response_id", "question_id", "option_id",
                                                  "rank", "number"))
    sql = (f"SELECT {columns}, {date}, {quote('text')} "  # noqa: S608
           f"FROM {quote(Answer._meta.db_table)} "
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


def responses_csv_chunks(table: ResponseTable) -> Iterator[str]:
    """The CSV text in chunks of a few hundred rows, every cell safe for spreadsheets."""
    writer = streaming_writer()
    yield "\ufeff" + writer.writerow(table.header)  # the BOM makes Excel read UTF-8
    lines: list[str] = []
    for row in table.rows(for_csv=True):
        lines.append(writer.writerow(row))
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
