"""An XLSForm's rows mapped onto listening sections, questions and choices (plain data).

Every refusal names the spreadsheet row (as Excel numbers it) and the type or column at
fault. Nothing is written here: ``services.builder_import`` creates the survey from the
result in one transaction, so a refused form leaves nothing behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from alianza.listening import logic
from alianza.listening.models import Option, QuestionType
from alianza.listening.xlsform.reader import Sheet, XLSFormError, pyxform_check, read_sheets
from alianza.listening.xlsform.relevant import RelevantError, to_condition

# Language names people put in column headers, beside the "(xx)" code form.
LANGUAGE_NAMES = {"english": "en", "inglés": "en", "ingles": "en", "spanish": "es",
                  "español": "es", "espanol": "es", "castellano": "es"}
SIMPLE_TYPES = {"integer": QuestionType.NUMBER, "int": QuestionType.NUMBER,
                "decimal": QuestionType.NUMBER, "range": QuestionType.RATING,
                "text": QuestionType.SHORT_TEXT, "string": QuestionType.SHORT_TEXT,
                "date": QuestionType.DATE, "note": QuestionType.NOTE}
SELECT_TYPES = {"select_one": QuestionType.SINGLE, "select1": QuestionType.SINGLE,
                "select_multiple": QuestionType.MULTIPLE,
                "select_all_that_apply": QuestionType.MULTIPLE, "rank": QuestionType.RANKING}
# Collected by the phone itself, never asked: harmless, and left out.
METADATA_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial",
                  "phonenumber", "username", "email", "audit", "start-geopoint"}
# Columns whose content changes what a form does in ways a listening survey cannot.
REFUSED_COLUMNS = ("calculation", "choice_filter", "repeat_count", "trigger", "default",
                   "read_only", "readonly", "body::accuracyThreshold")
RANGE = re.compile(r"^\.\s*>=\s*(-?\d+)\s+and\s+\.\s*<=\s*(-?\d+)$")
LENGTH = re.compile(r"^string-length\(\.\)\s*<=\s*(\d+)$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


@dataclass
class ParsedQuestion:
    row: int
    name: str
    type: str
    fields: dict[str, Any] = field(default_factory=dict)
    options: list[tuple[str, dict]] = field(default_factory=list)
    other_label: dict = field(default_factory=dict)


@dataclass
class ParsedSection:
    row: int
    name: str
    title: dict = field(default_factory=dict)
    condition: dict | None = None
    shows_frame: bool = False
    questions: list[ParsedQuestion] = field(default_factory=list)


@dataclass
class ParsedForm:
    form_id: str
    title: str
    version: str
    languages: list[str]
    sections: list[ParsedSection]

    @property
    def question_count(self) -> int:
        return sum(len(section.questions) for section in self.sections)


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def language_code(label: str) -> str | None:
    """'English (en)', 'Español (es)', 'Spanish', 'es' → a site language code, else None."""
    label = label.strip()
    match = re.search(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\)\s*$", label)
    code = match.group(1).lower() if match else LANGUAGE_NAMES.get(label.lower(), label.lower())
    return code if code in site_languages() else None


class _Columns:
    """Which header holds which kind of text in which language."""

    def __init__(self, headers: list[str], default_language: str, sheet: str) -> None:
        self.by_language: dict[str, dict[str, str]] = {}
        for header in headers:
            if not header:
                continue
            base, _sep, language = header.partition("::")
            base = base.strip().lower()
            if not language:
                self.by_language.setdefault(base, {}).setdefault(default_language, header)
                continue
            code = language_code(language)
            if code is None:
                if base in {"label", "hint"}:
                    raise XLSFormError(_(
                        "Sheet “%(sheet)s”, column “%(column)s”: the language “%(language)s” "
                        "is not one this site offers (English, Spanish).") % {
                        "sheet": sheet, "column": header, "language": language})
                continue
            self.by_language.setdefault(base, {})[code] = header

    def texts(self, row: dict[str, str], base: str) -> dict[str, str]:
        return {code: row[header] for code, header in self.by_language.get(base, {}).items()
                if row.get(header)}

    def languages(self) -> set[str]:
        return set(self.by_language.get("label", {}))


def _refuse(row: int, message: str, **params: Any) -> XLSFormError:
    return XLSFormError(_("Row %(row)d of the survey sheet: %(problem)s")
                        % {"row": row, "problem": message % params if params else message})


def _yes(value: str) -> bool | None:
    value = value.strip().lower()
    if value in {"yes", "true", "1", "true()"}:
        return True
    if value in {"", "no", "false", "0", "false()"}:
        return False
    return None


def _settings(sheets: dict[str, Sheet]) -> dict[str, str]:
    sheet = sheets.get("settings")
    if sheet is None or not sheet.rows:
        return {}
    return {key.strip().lower(): value for key, value in sheet.rows[0][1].items()}


def _choice_lists(sheets: dict[str, Sheet], default_language: str
                  ) -> dict[str, list[tuple[int, str, dict]]]:
    sheet = sheets.get("choices") or Sheet()
    columns = _Columns(sheet.headers, default_language, "choices")
    lists: dict[str, list[tuple[int, str, dict]]] = {}
    for number, row in sheet.rows:
        list_name = row.get("list_name") or row.get("list name") or ""
        value = row.get("name") or row.get("value") or ""
        if list_name and value:
            lists.setdefault(list_name, []).append((number, value, columns.texts(row, "label")))
    return lists


def parse_xlsform(data: bytes) -> ParsedForm:
    """Read, check with pyxform and map an XLSForm; raises ``XLSFormError`` with a message."""
    sheets = read_sheets(data)
    form_settings = _settings(sheets)
    default_language = language_code(form_settings.get("default_language", "")) or \
        settings.LANGUAGE_CODE
    # Our own refusals first: they name the row in the user's language, and pyxform would
    # accept some features (repeats, calculations) that a listening survey cannot hold.
    form = _map(sheets, form_settings, default_language)
    pyxform_check(sheets)
    return form


def _map(sheets: dict[str, Sheet], form_settings: dict[str, str],
         default_language: str) -> ParsedForm:
    survey = sheets["survey"]
    columns = _Columns(survey.headers, default_language, "survey")
    lists = _choice_lists(sheets, default_language)
    sections: list[ParsedSection] = []
    current: ParsedSection | None = None
    names: dict[str, str] = {}  # question name → type, for the skip logic of later rows
    seen_sections: set[str] = set()
    skip_rows: set[int] = set()
    rows = survey.rows
    for index, (number, row) in enumerate(rows):
        if number in skip_rows:
            continue
        raw_type = re.sub(r"\s+", " ", row.get("type", "")).strip()
        if not raw_type:
            if any(value for key, value in row.items() if key != "type"):
                raise _refuse(number, _("the “type” column is empty."))
            continue
        for column in REFUSED_COLUMNS:
            if row.get(column):
                raise _refuse(number, _("the “%(column)s” column is not supported."),
                              column=column)
        kind, _space, rest = raw_type.partition(" ")
        kind = kind.lower()
        if raw_type.lower() in {"begin group", "begin_group"}:
            if current is not None and current.row > 0:
                raise _refuse(number, _("a group inside another group is not supported; "
                                        "put each group at the top level."))
            current = _section(number, row, columns, names, seen_sections)
            sections.append(current)
            continue
        if raw_type.lower() in {"end group", "end_group"}:
            if current is None or current.row <= 0:
                raise _refuse(number, _("“end_group” without a “begin_group”."))
            current = None
            continue
        if kind.startswith("begin") or "repeat" in raw_type.lower():
            raise _refuse(number, _("type “%(type)s”: repeats are not supported."),
                          type=raw_type)
        if kind in METADATA_TYPES:
            continue
        question = _question(number, row, raw_type, columns, lists, names)
        if question.type in QuestionType.with_options() and question.options:
            follower = rows[index + 1] if index + 1 < len(rows) else None
            if _specifies_other(question, follower):
                question.fields["allows_other"] = True
                skip_rows.add(follower[0])
            if question.fields.get("allows_other"):
                question.other_label = next(
                    (labels for value, labels in question.options
                     if value == Option.OTHER_VALUE), {})
                question.options = [(value, labels) for value, labels in question.options
                                    if value != Option.OTHER_VALUE]
        if current is None:
            # Questions outside any group go into an unnamed section of their own.
            current = ParsedSection(row=-number, name=f"section_{len(sections) + 1}")
            sections.append(current)
        current.questions.append(question)
        names[question.name] = question.type
    if current is not None and current.row > 0:
        raise _refuse(current.row, _("this group has no “end_group”."))
    if not any(section.questions for section in sections):
        raise XLSFormError(_("The form has no questions."))
    languages = sorted(columns.languages() or {default_language},
                       key=lambda code: (code != default_language, code))
    title = form_settings.get("form_title") or form_settings.get("form_id") or ""
    return ParsedForm(form_id=form_settings.get("form_id", ""), title=title,
                      version=form_settings.get("version", ""), languages=languages,
                      sections=[section for section in sections if section.questions])


def _condition(number: int, row: dict[str, str], names: dict[str, str]) -> dict | None:
    expression = row.get("relevant") or row.get("relevance") or ""
    try:
        condition = to_condition(expression)
        logic.validate(condition, known=names)
    except RelevantError:
        raise _refuse(number, _("the “relevant” expression “%(expression)s” is not one we "
                                "can follow; use ${question} = 'value', selected(), not(), "
                                "comparisons, and/or."), expression=expression) from None
    except logic.ConditionError as error:
        raise _refuse(number, _("the “relevant” expression refers to “%(name)s”, which is "
                                "not an earlier question."), name=error.detail) from None
    return condition


def _check_name(number: int, name: str, taken: set[str] | dict) -> None:
    if not name or not NAME.match(name) or len(name) > 64:
        raise _refuse(number, _("the name “%(name)s” must start with a letter and hold only "
                                "letters, digits, _ - or . (at most 64)."), name=name)
    if name in taken:
        raise _refuse(number, _("the name “%(name)s” is used twice."), name=name)


def _section(number: int, row: dict[str, str], columns: _Columns, names: dict[str, str],
             seen: set[str]) -> ParsedSection:
    name = row.get("name", "")
    _check_name(number, name, seen)
    seen.add(name)
    return ParsedSection(row=number, name=name, title=columns.texts(row, "label"),
                         condition=_condition(number, row, names),
                         shows_frame=bool(_yes(row.get("alianza_shows_frame", ""))))


def _question(number: int, row: dict[str, str], raw_type: str, columns: _Columns,
              lists: dict[str, list], names: dict[str, str]) -> ParsedQuestion:
    name = row.get("name", "")
    _check_name(number, name, names)
    words = raw_type.replace("select one", "select_one").replace(
        "select all that apply", "select_multiple").split()
    kind = words[0].lower()
    required = _yes(row.get("required", ""))
    if required is None:
        raise _refuse(number, _("“required” must be yes or no, not an expression."))
    fields: dict[str, Any] = {
        "label": columns.texts(row, "label"), "hint": columns.texts(row, "hint"),
        "required": required, "condition": _condition(number, row, names),
        "is_outcome": bool(_yes(row.get("alianza_outcome", ""))),
    }
    options: list[tuple[str, dict]] = []
    if kind in SELECT_TYPES:
        qtype = SELECT_TYPES[kind]
        if len(words) < 2:
            raise _refuse(number, _("type “%(type)s” needs the name of a choice list."),
                          type=raw_type)
        list_name = words[1]
        if list_name not in lists:
            raise _refuse(number, _("the choice list “%(list)s” is not on the choices "
                                    "sheet."), list=list_name)
        if len(words) > 2 and words[2:] != ["or_other"]:
            raise _refuse(number, _("type “%(type)s” is not supported."), type=raw_type)
        fields["allows_other"] = words[2:] == ["or_other"]
        values: set[str] = set()
        for choice_row, value, labels in lists[list_name]:
            if value in values:
                raise XLSFormError(_("Row %(row)d of the choices sheet: the choice “%(value)s” "
                                     "is in list “%(list)s” twice.") % {
                    "row": choice_row, "value": value, "list": list_name})
            values.add(value)
            options.append((value, labels))
        if kind == "rank":
            fields["max_ranked"] = _integer(number, row.get("alianza_max_ranked") or "0")
    elif kind in SIMPLE_TYPES and len(words) == 1:
        qtype = SIMPLE_TYPES[kind]
    else:
        raise _refuse(number, _("type “%(type)s” is not supported."), type=raw_type)
    qtype = {"county": QuestionType.COUNTY, "district": QuestionType.DISTRICT}.get(
        row.get("alianza_type", ""), qtype)
    if qtype in {QuestionType.COUNTY, QuestionType.DISTRICT}:
        options = []
    appearance = row.get("appearance", "").lower()
    if qtype == QuestionType.SHORT_TEXT and "multiline" in appearance:
        qtype = QuestionType.LONG_TEXT
    _constraint(number, row, qtype, fields)
    if qtype == QuestionType.RATING:
        params = dict(part.split("=", 1) for part in row.get("parameters", "").split()
                      if "=" in part)
        fields["scale_min"] = _integer(number, params.get("start", "1"))
        fields["scale_max"] = _integer(number, params.get("end", "10"))
        fields["scale_min_label"] = columns.texts(row, "alianza_min_label")
        fields["scale_max_label"] = columns.texts(row, "alianza_max_label")
        if fields["scale_min"] >= fields["scale_max"]:
            raise _refuse(number, _("the range must end above where it starts."))
    return ParsedQuestion(row=number, name=name, type=qtype, fields=fields, options=options)


def _integer(number: int, text: str) -> int:
    try:
        return int(float(text))
    except ValueError:
        raise _refuse(number, _("“%(value)s” is not a whole number."), value=text) from None


def _constraint(number: int, row: dict[str, str], qtype: str, fields: dict) -> None:
    constraint = re.sub(r"\s+", " ", row.get("constraint", "")).strip()
    if not constraint:
        return
    bounds = RANGE.match(constraint)
    if bounds and qtype == QuestionType.NUMBER:
        fields["scale_min"], fields["scale_max"] = int(bounds.group(1)), int(bounds.group(2))
        return
    length = LENGTH.match(constraint)
    if length and qtype in {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}:
        fields["max_length"] = int(length.group(1))
        return
    raise _refuse(number, _("the constraint “%(constraint)s” is not supported; numbers "
                            "take “. >= a and . <= b”, texts “string-length(.) <= n”."),
                  constraint=constraint)


def _specifies_other(question: ParsedQuestion, follower: tuple[int, dict] | None) -> bool:
    """A choice ``other`` followed by a text question shown only when it is chosen."""
    if follower is None or Option.OTHER_VALUE not in {value for value, _l in question.options}:
        return False
    row = follower[1]
    if row.get("type", "").strip().lower() not in {"text", "string"}:
        return False
    try:
        condition = to_condition(row.get("relevant", ""))
    except RelevantError:
        return False
    return condition in ({"q": question.name, "op": "selected", "v": Option.OTHER_VALUE},
                         {"q": question.name, "op": "eq", "v": Option.OTHER_VALUE})
