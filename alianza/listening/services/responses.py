"""Recording a finished response: its answers become rows in one transaction.

``response_record`` is the one way a complete set of answers enters the database, for a
respondent's final page, a paper form typed in by staff, the demo and the tests. It checks
every answer (``alianza.listening.answers``) and writes nothing when any is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from alianza.listening.answers import ANSWER_COLUMNS, answer_values, answers_clean
from alianza.listening.models import (
    Answer,
    Frame,
    Partner,
    QuestionType,
    Response,
    SurveyVersion,
)


class AnswersRefused(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


def version_questions(version: SurveyVersion) -> list:
    return list(version.questions.select_related("section")
                .prefetch_related("options").order_by("section__position", "position"))


def _place_codes(questions, values: Mapping[str, Any]) -> tuple[str, str]:
    county = district = ""
    for question in questions:
        if question.type == QuestionType.COUNTY and not county:
            county = values.get(question.name) or ""
        elif question.type == QuestionType.DISTRICT and not district:
            district = values.get(question.name) or ""
    if district and not county:
        county = district[:2]
    return county, district


def response_record(*, version: SurveyVersion, answers: Mapping[str, Any], language: str,
                    partner: Partner | None = None, respondent_type: str = "",
                    channel: str = Response.Channel.WEB, frame: Frame | None = None,
                    frame_slot: int | None = None, entered_by=None,
                    response: Response | None = None,
                    questions: list | None = None) -> Response:
    """Record a submitted response to ``version``; raises ``AnswersRefused`` on bad answers.

    ``response`` is an in-progress response being submitted (its draft is cleared);
    ``questions`` may be passed by a caller recording many responses to one version.
    """
    questions = questions if questions is not None else version_questions(version)
    checked = answers_clean(questions, answers, final=True)
    if checked.errors:
        raise AnswersRefused(checked.errors)
    county, district = _place_codes(questions, checked.values)
    # No savepoint inside a caller's transaction (the respondent's send locks the row
    # first): one round trip fewer on the busiest write, and any error undoes it all.
    with transaction.atomic(savepoint=False):
        if response is None:
            response = Response(survey_id=version.survey_id, version=version)
        response.partner = partner if partner is not None else response.partner
        response.status = Response.Status.SUBMITTED
        response.channel = channel
        response.language = language
        response.respondent_type = respondent_type or response.respondent_type
        response.county_code, response.district_code = county, district
        response.frame = frame if frame is not None else response.frame
        response.frame_slot = frame_slot if frame_slot is not None else response.frame_slot
        response.entered_by = entered_by
        response.draft = {}
        response.resume_key = None
        response.submitted_at = timezone.now()
        response.save()
        _answers_insert(answer_values(questions, checked.values, response_id=response.pk))
    return response


# The answer columns' types, for PostgreSQL's UNNEST of one array per column.
PG_TYPES = {"response_id": "bigint", "question_id": "bigint", "option_id": "bigint",
            "rank": "smallint", "number": "double precision", "date": "date", "text": "text"}


def _answers_insert(rows: list[tuple]) -> None:
    """The answer rows in one statement, without a model instance per row: ``bulk_create``
    builds and prepares one per row, a good share of the time of the module's busiest
    write (a response to a long survey is ~50 rows). PostgreSQL gets one array per column
    (seven parameters, whatever the number of rows: the driver splits the statement for
    each parameter); SQLite one prepared row run many times."""
    if not rows:
        return
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(Answer._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(name) for name in ANSWER_COLUMNS)}) ")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{PG_TYPES[name]}[]" for name in ANSWER_COLUMNS)
            cursor.execute(f"{head}SELECT * FROM UNNEST({arrays})",
                           [list(column) for column in zip(*rows, strict=True)])
        else:
            adapt_date = connection.ops.adapt_datefield_value
            date_at = ANSWER_COLUMNS.index("date")
            cursor.executemany(
                head + "VALUES (" + ", ".join(["%s"] * len(ANSWER_COLUMNS)) + ")",
                [row if row[date_at] is None else
                 (*row[:date_at], adapt_date(row[date_at]), *row[date_at + 1:])
                 for row in rows])
