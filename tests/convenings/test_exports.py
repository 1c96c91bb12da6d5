"""Exports: one row per registration with answers as columns, headers in the reader's
language, and nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.convenings.staff_factories import coalition_staff_client, make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    return coalition_staff_client(django_user_model)


@pytest.fixture
def event():
    event = make_event()
    grade = event.questions.create(position=1, kind="choice", label="Grade you teach",
                                   label_es="Grado que enseña", choices="Elementary\nHigh",
                                   choices_es="Primaria\nPreparatoria")
    lunch = event.questions.create(position=2, kind="yes_no", label="Staying for lunch?",
                                   label_es="¿Se queda a almorzar?")
    register(event, "Ana Ruiz", organization_name="Familias Unidas", language="es",
             needs_interpretation=True, answers={str(grade.pk): "High", str(lunch.pk): True})
    register(event, "=HYPERLINK(\"http://evil.example\",\"click\")", email="x@example.org",
             organization_name="+cmd|' /C calc'!A0", accessibility_needs="@SUM(1+1)",
             answers={str(grade.pk): "Elementary", str(lunch.pk): False})
    register(event, "Waiting Person", status="waitlisted", position=1)
    return event


def test_the_csv_has_one_row_per_registration_with_answers(coordinator, event):
    response = coordinator.get(reverse("events-staff-export-csv", args=[event.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Name", "Email", "Organization"]
    assert rows[0][-2:] == ["Grade you teach", "Staying for lunch?"]
    assert len(rows) == 4
    ana = rows[1]
    assert ana[0] == "Ana Ruiz" and ana[2] == "Familias Unidas"
    assert ana[-2:] == ["High", "Yes"]
    assert rows[3][4] == "On the waitlist" and rows[3][5] == "1"


def test_csv_cells_cannot_run_as_formulas(coordinator, event):
    response = coordinator.get(reverse("events-staff-export-csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    attacker = rows[2]
    assert attacker[0].startswith("'=HYPERLINK")
    assert attacker[2] == "'+cmd|' /C calc'!A0"


def test_the_xlsx_holds_text_cells_only_and_spanish_headers(coordinator, event):
    url = reverse("events-staff-export-xlsx", args=[event.pk]).replace("/en/", "/es/")
    response = coordinator.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Nombre", "Correo electrónico", "Organización", "Idioma"]
    assert rows[0][-2:] == ["Grado que enseña", "¿Se queda a almorzar?"]
    assert rows[1][-2:] == ["Preparatoria", "Sí"]
    assert rows[1][6] == "Sí"  # needs interpretation
    assert len(rows) == 4
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert rows[2][0] == '=HYPERLINK("http://evil.example","click")'


def test_a_walk_in_without_email_exports_a_blank_address(coordinator):
    event = make_event(days=0.01)
    coordinator.post(reverse("events-staff-walk-in", args=[event.pk]),
                     {"name": "Lucía Campos", "language": "es"})
    response = coordinator.get(reverse("events-staff-export-csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "Lucía Campos" and rows[1][1] == "" and rows[1][12] == "Yes"
