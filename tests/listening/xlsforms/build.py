"""Hand-made XLSForms for the tests, written with openpyxl as a partner's tool would."""

from __future__ import annotations

import io

from openpyxl import Workbook

EN, ES = "label::English (en)", "label::Español (es)"

GOOD_SURVEY = [
    ["type", "name", EN, ES, "hint::English (en)", "hint::Español (es)", "required",
     "relevant", "appearance", "constraint", "parameters"],
    ["start", "start"],
    ["begin_group", "about", "About you", "Sobre usted"],
    ["select_one roles", "role", "Who are you?", "¿Quién es usted?", "Pick one", "Elija uno",
     "yes"],
    ["text", "role_other", "Please say", "Diga", None, None, None, "selected(${role}, 'other')"],
    ["integer", "grade", "Grade", "Grado", None, None, "no", "${role} = 'parent'", None,
     ". >= 0 and . <= 12"],
    ["end_group"],
    ["begin group", "concerns", "Concerns", "Preocupaciones", None, None, None,
     "${role} != 'student'"],
    ["rank concerns", "top", "Rank them", "Ordénelas"],
    ["range", "sat", "How happy?", "¿Qué tan contento?", None, None, None, None, None, None,
     "start=1 end=5"],
    ["select_multiple help", "help", "What helps?", "¿Qué ayuda?", None, None, "true",
     "${sat} >= 3 and not(selected(${top}, 'b'))"],
    ["text", "comment", "Anything else?", "¿Algo más?", None, None, None, None, "multiline",
     "string-length(.) <= 500"],
    ["date", "when", "When?", "¿Cuándo?"],
    ["note", "bye", "Thanks", "Gracias"],
    ["end_group"],
]
GOOD_CHOICES = [
    ["list_name", "name", EN, ES],
    ["roles", "parent", "A parent", "Madre o padre"],
    ["roles", "student", "A student", "Estudiante"],
    ["roles", "other", "Other", "Otro"],
    ["concerns", "a", "Tutoring", "Tutoría"],
    ["concerns", "b", "Translation", "Traducción"],
    ["help", "x", "Tutors", "Tutores"],
    ["help", "y", "Buses", "Autobuses"],
]
GOOD_SETTINGS = [["form_id", "form_title", "version"], ["family-form", "Family form", "3"]]


def workbook(survey: list[list], choices: list[list] | None = None,
             settings: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        choices_sheet = book.create_sheet("choices")
        for row in choices:
            choices_sheet.append(row)
    if settings is not None:
        settings_sheet = book.create_sheet("settings")
        for row in settings:
            settings_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_form() -> bytes:
    return workbook(GOOD_SURVEY, GOOD_CHOICES, GOOD_SETTINGS)


def with_row(row: list, *, at: int = 4, choices: list[list] | None = None) -> bytes:
    """The good form with one more survey row inserted (spreadsheet row ``at + 1``)."""
    survey = [list(r) for r in GOOD_SURVEY]
    survey.insert(at, row)
    return workbook(survey, choices or GOOD_CHOICES, GOOD_SETTINGS)
