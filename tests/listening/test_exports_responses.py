"""Downloads of the responses: one row per response, a column per question, the codebook,
and contact details only for those who asked and only for staff allowed to see them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alianza.core.roles import LISTENING
from alianza.listening.exports.responses import ResponseTable, opaque_id
from alianza.listening.models import Partner, ResponseContact
from alianza.listening.services.responses import response_record

from .factories import needs_survey
from .findings_data import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = needs_survey()
    partner = Partner.objects.create(survey=survey, name="Escuela", code="ABCD2345")
    first = response_record(
        version=survey.current_version, language="es", respondent_type="parent",
        partner=partner,
        answers={"role": "other", "role__other": "=HYPERLINK(\"x\")", "county": "19",
                 "child_grade": 3, "top_concerns": ["tutoring", "translation"],
                 "satisfaction": 4, "comment": "Más apoyo"})
    ResponseContact.objects.create(response=first, name="Ana", email="ana@example.org",
                                   language="es")
    response_record(version=survey.current_version, language="en",
                    answers={"role": "student", "top_concerns": ["reclass"]})
    return survey


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_each_response_is_a_row_with_a_column_per_question_and_choice(survey):
    table = ResponseTable(survey, with_contacts=False)
    header = table.header
    assert header[:10] == ["response", "submitted", "language", "respondent_type", "county",
                           "district", "partner", "version", "channel", "frame"]
    assert {"role", "role__other", "top_concerns__tutoring", "top_concerns__reclass",
            "satisfaction", "comment"} <= set(header)
    rows = [dict(zip(header, row, strict=True)) for row in table.rows()]
    first, second = rows
    assert first["partner"] == "ABCD2345" and first["language"] == "es"
    assert (first["top_concerns__tutoring"], first["top_concerns__translation"]) == (1, 2)
    assert first["top_concerns__reclass"] == ""
    assert first["role"] == "other" and first["role__other"].startswith("=HYPERLINK")
    assert first["satisfaction"] == 4 and first["county"] == "19"
    assert first["child_grade"] == ""  # "other" is not a parent: that section was skipped
    assert second["top_concerns__reclass"] == 1
    assert first["response"] != str(survey.responses.order_by("pk").first().pk)
    assert first["response"] == opaque_id(survey.responses.order_by("pk").first().pk)
    assert "contact_email" not in header


def test_the_csv_download_guards_formulas_and_leaves_out_contacts_without_the_permission(
        survey, client, django_user_model):
    user = staff_member(django_user_model, "nocontacts", groups=[LISTENING])
    user.user_permissions.clear()
    from django.contrib.auth.models import Permission
    user.groups.get().permissions.remove(Permission.objects.get(
        codename="view_responsecontact"))
    client.force_login(user)
    download = client.get(reverse("listening-staff-findings-responses-csv", args=[survey.pk]))
    assert download.status_code == 200 and download.streaming
    rows = read_csv(download)
    assert len(rows) == 2
    assert rows[0]["role__other"].startswith("'=HYPERLINK")
    assert "contact_email" not in rows[0]


def test_contacts_appear_only_for_those_who_asked_when_the_staff_member_may_see_them(
        survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "contacts", groups=[LISTENING]))
    rows = read_csv(client.get(reverse("listening-staff-findings-responses-csv",
                                       args=[survey.pk])))
    assert [row["contact_email"] for row in rows] == ["ana@example.org", ""]


def test_the_workbook_holds_the_responses_and_the_codebook(survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "xlsx", groups=[LISTENING]))
    download = client.get(reverse("listening-staff-findings-responses-xlsx", args=[survey.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert book.sheetnames == ["responses", "codebook"]
    responses = list(book["responses"].values)
    assert len(responses) == 3
    header = responses[0]
    first = dict(zip(header, responses[1], strict=True))
    assert first["role__other"].startswith("'=")  # text, never a formula
    codebook = {row[0]: row for row in book["codebook"].values}
    assert codebook["role"][1] == "Who are you?" and codebook["role"][2] == "¿Quién es usted?"
    assert "parent = A parent / Madre o padre" in codebook["role"][4]
    assert "rank" in codebook["top_concerns__tutoring"][4]


def test_the_codebook_csv_lists_every_column(survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "codebook", groups=[LISTENING]))
    text = b"".join(client.get(reverse("listening-staff-findings-codebook-csv",
                                       args=[survey.pk])).streaming_content).decode("utf-8-sig")
    columns = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert columns == ResponseTable(survey, with_contacts=True).header


def test_staff_without_view_response_cannot_download(survey, client, django_user_model):
    client.force_login(staff_member(django_user_model, "viewer",
                                    perms=["listening.view_survey"]))
    url = reverse("listening-staff-findings-responses-csv", args=[survey.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("listening-staff-findings", args=[survey.pk])).status_code == 200
