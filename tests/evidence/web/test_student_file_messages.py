"""The staff pages say what the rules engine says about a student file, in the analyst's
language, from codes alone."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.core.untrusted_messages import MESSAGES as FILE_LIMITS
from alianza.evidence.rules import errors
from alianza.evidence.student_messages import (
    ERRORS,
    WARNINGS,
    failure_message,
    warning_messages,
)


def test_the_translated_messages_repeat_the_engines_english_text_word_for_word():
    # The shared file limits ("file.…") are translated once, in core, for every reader.
    translated = {**ERRORS, **FILE_LIMITS}
    assert set(translated) == set(errors.ERRORS) and set(WARNINGS) == set(errors.WARNINGS)
    for code, english in errors.ERRORS.items():
        assert str(translated[code]) == english
    for code, english in errors.WARNINGS.items():
        assert str(WARNINGS[code]) == english


def test_a_refusal_reads_in_english_as_the_command_line_prints_it_and_in_spanish():
    error = errors.LayoutError("missing_columns", layout="alianza", missing="grade", found=3)
    with translation.override("en"):
        assert failure_message(error.code, error.params) == str(error)
    with translation.override("es"):
        assert failure_message(error.code, error.params) == (
            "El archivo no tiene el formato de estudiantes de Alianza: faltan estas "
            "columnas: grade. Columnas en su primera línea: 3.")


def test_unknown_codes_and_old_text_warnings_show_nothing_from_the_file():
    with translation.override("en"):
        unknown = failure_message("no-such-code", {"value": "S1"})
        assert unknown == "The file could not be processed."
        assert failure_message("missing_values", {"count": 1}) == (
            "The file could not be processed.")
        assert warning_messages(["S1 in 2023", {"code": "level_mismatch",
                                                "params": {"count": 2}}]) == [
            "2 row(s) give an ELPAC level that does not match the scale score; the level given "
            "in the file was kept."]


@pytest.mark.django_db
def test_a_spreadsheet_is_refused_by_the_upload_form_in_the_analysts_language(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_student_runs import _form

    form = _form(b"", file=SimpleUploadedFile("alumnos.xlsx", b"PK\x03\x04rest of a zip"))
    response = staff_client.post("/es/data/staff/runs/", form)
    assert response.status_code == 400
    assert "El archivo es una hoja de cálculo XLSX" in response.content.decode()
