"""A survey version written as an XLSForm workbook (survey, choices and settings sheets).

The workbook is one ODK Collect and KoBoToolbox open, and one ``importer`` reads back into
the same questions: what XLSForm has no column for (county and district pickers, rating end
labels, how many to rank, frame-test flags) goes in ``alianza_…`` columns, which pyxform
carries along and other tools ignore.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from alianza.coalition.places import COUNTY_NAMES
from alianza.listening.models import QuestionType, SurveyVersion
from alianza.listening.xlsform.relevant import to_expression

COLUMN_LANGUAGE = {"en": "English (en)", "es": "Español (es)"}
TYPE_NAMES = {QuestionType.SINGLE: "select_one", QuestionType.MULTIPLE: "select_multiple",
              QuestionType.RANKING: "rank", QuestionType.RATING: "range",
              QuestionType.SHORT_TEXT: "text", QuestionType.LONG_TEXT: "text",
              QuestionType.NUMBER: "decimal", QuestionType.DATE: "date",
              QuestionType.NOTE: "note", QuestionType.COUNTY: "select_one",
              QuestionType.DISTRICT: "text"}
COUNTY_LIST = "ca_counties"


def _column(base: str, language: str) -> str:
    return f"{base}::{COLUMN_LANGUAGE.get(language, language)}"


def version_to_xlsform(version: SurveyVersion) -> bytes:
    survey = version.survey
    languages = list(survey.languages) or ["en"]
    text_columns = [_column(base, code) for base in ("label", "hint") for code in languages]
    end_label_columns = [_column(base, code) for base in ("alianza_min_label",
                                                           "alianza_max_label")
                         for code in languages]
    headers = ["type", "name", *text_columns, "required", "relevant", "appearance",
               "constraint", "parameters", "alianza_type", "alianza_max_ranked",
               "alianza_outcome", "alianza_shows_frame", *end_label_columns]
    rows: list[dict[str, str]] = []
    choices: list[dict[str, str]] = []
    county_list_written = False

    def texts(row: dict, base: str, values: dict) -> None:
        for code in languages:
            if values.get(code):
                row[_column(base, code)] = values[code]

    for section in version.sections.prefetch_related("questions__options"):
        group = {"type": "begin_group", "name": section.name,
                 "relevant": to_expression(section.condition),
                 "alianza_shows_frame": "yes" if section.shows_frame else ""}
        texts(group, "label", section.title or {"en": section.name})
        rows.append(group)
        for question in section.questions.all():
            row = {"name": question.name, "required": "yes" if question.required else "",
                   "relevant": to_expression(question.condition),
                   "alianza_outcome": "yes" if question.is_outcome else ""}
            texts(row, "label", question.label)
            texts(row, "hint", question.hint)
            kind = TYPE_NAMES[question.type]
            if question.type in QuestionType.with_options():
                list_name = question.name
                kind = f"{kind} {list_name}"
                for option in question.options.all():
                    choice = {"list_name": list_name, "name": option.value}
                    texts(choice, "label", option.label)
                    choices.append(choice)
            elif question.type == QuestionType.COUNTY:
                kind = f"select_one {COUNTY_LIST}"
                row["alianza_type"] = "county"
                if not county_list_written:
                    county_list_written = True
                    choices.extend({"list_name": COUNTY_LIST, "name": code,
                                    **{_column("label", lang): name for lang in languages}}
                                   for code, name in COUNTY_NAMES.items())
            elif question.type == QuestionType.DISTRICT:
                row["alianza_type"] = "district"
            row["type"] = kind
            if question.type == QuestionType.RANKING and question.max_ranked:
                row["alianza_max_ranked"] = str(question.max_ranked)
            if question.type == QuestionType.RATING:
                row["parameters"] = f"start={question.scale_min} end={question.scale_max}"
                texts(row, "alianza_min_label", question.scale_min_label)
                texts(row, "alianza_max_label", question.scale_max_label)
            if question.type == QuestionType.NUMBER and question.scale_min is not None \
                    and question.scale_max is not None:
                row["constraint"] = f". >= {question.scale_min} and . <= {question.scale_max}"
            if question.type in {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}:
                row["constraint"] = f"string-length(.) <= {question.max_length}"
                if question.type == QuestionType.LONG_TEXT:
                    row["appearance"] = "multiline"
            rows.append(row)
            if question.allows_other:
                # ODK's own way: a text question shown when "other" is chosen.
                specify = {"type": "text", "name": f"{question.name}_other",
                           "relevant": f"selected(${{{question.name}}}, 'other')"}
                for code in languages:
                    with translation.override(code):
                        specify[_column("label", code)] = _("Please specify")
                rows.append(specify)
        rows.append({"type": "end_group"})

    text = survey.text(languages[0])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    _write(sheet, headers, rows)
    _write(workbook.create_sheet("choices"),
           ["list_name", "name", *[_column("label", code) for code in languages]], choices)
    _write(workbook.create_sheet("settings"),
           ["form_id", "form_title", "version", "default_language"],
           [{"form_id": survey.slug, "form_title": text.title if text else survey.slug,
             "version": str(version.number),
             "default_language": COLUMN_LANGUAGE.get(languages[0], languages[0])}])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(sheet, headers: list[str], rows: list[dict[str, str]]) -> None:
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) or None for header in headers])
