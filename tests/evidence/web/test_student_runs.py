"""District student files: background run, aggregates only, file deleted, publishing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from alianza.evidence.models import Dataset, Figure, RunAggregate, StudentRun

from .conftest import files_left

URL = "/en/data/staff/runs/"
HEADER = ("student_id,school_year,school_code,grade,el_status,us_entry_date,birth_date,"
          "elpac_overall_level,caaspp_ela_level,student_groups")
BAD_BIRTH_DATE = "31/31/2011"


def student_id(i: int) -> str:
    return f"ZQSTUDENT{i:05d}"


def district_file(students: int = 80) -> bytes:
    """``students`` pupils over three years; a quarter English only, the rest ELs stuck at
    level 2 or progressing; a fifth have no prior ELA result. One has a birth date that
    cannot be read."""
    lines = [HEADER]
    for i in range(students):
        school = "6017388" if i < 50 else "6017396"
        status = "EL" if i % 4 else "EO"
        last = 3 if i % 3 == 0 else 2
        group = "SED" if i % 2 else ""
        born = BAD_BIRTH_DATE if i == 7 else f"2011-0{1 + i % 9}-1{i % 10}"
        sid = student_id(i)
        ela = "" if i % 5 == 0 else "1"  # a missing ELA result is skipped, not held against
        lines += [
            f"{sid},2022-23,{school},6,{status},2014-08-20,{born},2,1,{group}",
            f"{sid},2023-24,{school},7,{status},2014-08-20,{born},{last},{ela},{group}",
            f"{sid},2024-25,{school},8,{status},2014-08-20,{born},,,{group}",
        ]
    return ("\n".join(lines) + "\n").encode()


def _form(content: bytes, name: str = "students.csv", **extra) -> dict:
    data = {
        "file": SimpleUploadedFile(name, content), "layout": "alianza",
        "district_code": "1964733", "ltel_rule_set": "ec313.1-2015",
        "seal_rule_set": "seal-2024", "teacher_evaluation": "column",
        "parent_consultation": "column", "basic_skills": "caaspp",
        "basic_skills_min_caaspp_level": "2", "threshold": "10",
    }
    data.update(extra)
    return data


@pytest.fixture
def run_upload(staff_client, django_capture_on_commit_callbacks):
    def upload(content: bytes, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(URL, _form(content, **extra))
        assert response.status_code == 302, response.content.decode()[:2000]
        return StudentRun.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))

    return upload


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_leads_and_members_may_not_upload_student_files(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(district_file())).status_code == 403
    assert not StudentRun.objects.exists()


@pytest.mark.django_db
def test_a_run_stores_suppressed_aggregates_and_deletes_the_file(run_upload, data_dir,
                                                                 staff_client):
    run = run_upload(district_file())

    assert run.status == "done", run.error_code
    assert files_left(data_dir) == [] and run.stored_path == ""
    assert run.school_year == "2024-25"
    assert {r["name"] for r in run.rule_sets} >= {"ec313.1-2015", "seal-2024"}
    assert all(r["citation"] for r in run.rule_sets)
    total_ltel = RunAggregate.objects.get(run=run, breakdown="total", measure="ltel")
    assert total_ltel.count == 40 and total_ltel.rule_set == "ec313.1-2015"
    ela = next(r for r in run.reasons if r["criterion"] == "ltel_ela")
    assert ela["skipped"] == 16 and ela["met"] == 64
    el = next(r for r in run.reasons if r["criterion"] == "ltel_el")
    assert el["met"] == 60 and el["not_met"] == 20
    page = staff_client.get(f"/en/data/staff/runs/{run.pk}/").content.decode()
    assert "Education Code 313.1 as amended by SB 750" in page
    assert "LTEL: prior-year ELA Standard Not Met" in page
    assert "Skipped: test result missing" in page


@pytest.mark.django_db
def test_no_stored_count_reveals_a_small_cell(run_upload):
    run = run_upload(district_file(), threshold="10")
    shown = RunAggregate.objects.filter(run=run, suppressed=False)
    hidden = RunAggregate.objects.filter(run=run, suppressed=True)
    assert shown.exists() and hidden.exists()
    assert all(a.count > 10 for a in shown)
    assert set(hidden.values_list("count", flat=True)) == {None}
    # Complementary suppression: a school's at-risk count is hidden, so is another cell that
    # would give it away by subtraction from the district total.
    assert hidden.filter(suppression="complementary").exists()
    for reason in run.reasons:
        for status in ("met", "not_met", "skipped", "missing", "not_applicable"):
            assert reason[status] is None or reason[status] == 0 or reason[status] > 10


@pytest.mark.django_db
def test_no_student_level_value_is_stored_anywhere(run_upload, staff_client):
    run = run_upload(district_file())
    staff_client.post(f"/en/data/staff/runs/{run.pk}/publish/")
    markers = [student_id(i) for i in range(80)] + [BAD_BIRTH_DATE, "2011-01-10"]
    for model in apps.get_models():
        for row in model.objects.all().values():
            text = repr(row)
            leaked = [m for m in markers if m in text]
            assert not leaked, f"{model.__name__} stores {leaked[:3]}"
    assert [w["code"] for w in StudentRun.objects.get().warnings] == ["unreadable_values"]
    page = staff_client.get(f"/en/data/staff/runs/{run.pk}/").content.decode()
    assert "could not be read and were left blank" in page


@pytest.mark.django_db
def test_a_failed_run_says_why_and_deletes_the_file(run_upload, data_dir, staff_client):
    run = run_upload(b"student_id,grade\nZQSTUDENT00001,5\n")

    assert run.status == "failed" and run.error_code == "missing_columns"
    assert run.error_params == {"layout": "alianza", "missing": "school_year, el_status",
                                "found": 2}
    assert files_left(data_dir) == [] and run.stored_path == ""
    assert not RunAggregate.objects.exists()
    page = staff_client.get(f"/en/data/staff/runs/{run.pk}/").content.decode()
    assert "The run failed. Nothing was kept, and the uploaded file has been deleted." in page
    assert "missing column(s) school_year, el_status" in page


@pytest.mark.django_db
def test_a_duplicate_student_is_refused_without_storing_the_id(run_upload):
    content = district_file(20) + f"{student_id(3)},2024-25,6017388,8,EL,2014-08-20,,,,\n".encode()
    run = run_upload(content)
    assert run.status == "failed" and run.error_code == "duplicates"
    assert run.error_params == {"count": 2}


@pytest.mark.django_db
def test_the_official_elpac_layout_is_read_too(run_upload, data_dir):
    path = Path(__file__).resolve().parents[4] / "shared" / "data" / "elpac" / \
        "synthetic_elpac_student_score_2022-23.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not there: the synthetic ELPAC file lives in ../shared/data")
    with path.open("rb") as handle:
        run = run_upload(handle.read(), layout="elpac",
                         file=SimpleUploadedFile("elpac_2022-23.txt", path.read_bytes()))
    assert run.status == "done", run.error_code
    assert run.school_year == "2022-23"
    assert RunAggregate.objects.filter(run=run, breakdown="total", measure="students").exists()
    assert files_left(data_dir) == []


@pytest.mark.django_db
def test_an_invalid_district_code_is_refused_by_the_form(staff_client):
    response = staff_client.post(URL, _form(district_file(), district_code="LAUSD"))
    assert response.status_code == 400 and not StudentRun.objects.exists()


@pytest.mark.django_db
def test_publishing_puts_the_aggregates_on_the_dashboards_marked_district_reported(
        run_upload, staff_client, client, imported):
    run = run_upload(district_file())
    response = staff_client.post(f"/en/data/staff/runs/{run.pk}/publish/")
    assert response.status_code == 302

    dataset = Dataset.objects.get(origin="district")
    assert dataset.is_current and dataset.scope == "19647330000000"
    ltel = Figure.objects.get(dataset=dataset, level="district", metric="ltel_count",
                              dimension="")
    assert ltel.value == 40
    assert not Figure.objects.filter(dataset=dataset, suppressed=False, value__lte=10).exists()
    client.logout()
    page = client.get("/en/data/district/19647330000000/").content.decode()
    assert "District-reported, 2024-25" in page and "district-reported" in page
    school = client.get("/en/data/school/19647336017388/").content.decode()
    assert "District-reported, 2024-25" in school
    # The state's own figures are still the state's.
    assert "LTELDOWNLOAD2324.txt" in page

    staff_client.post(f"/en/data/staff/runs/{run.pk}/publish/")  # a second click
    assert Dataset.objects.filter(origin="district").count() == 1


@pytest.mark.django_db
def test_a_run_that_has_not_finished_cannot_be_published(staff_client, run_upload):
    run = run_upload(b"student_id,grade\n1,5\n")
    staff_client.post(f"/en/data/staff/runs/{run.pk}/publish/")
    assert not Dataset.objects.filter(origin="district").exists()
