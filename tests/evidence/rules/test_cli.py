"""The offline command line: flags with reasons for the analyst, suppressed aggregates."""

import json
from pathlib import Path

import polars as pl

from alianza.evidence.cli import main

HEADER = "student_id,school_year,school_code,grade,el_status,us_entry_date,elpac_overall_level,"
HEADER += "caaspp_ela_level,student_groups"


def _district_file(tmp_path: Path) -> Path:
    lines = [HEADER]
    # 80 students: 20 English only, 40 ELs stuck at level 2, 20 ELs who progressed.
    for i in range(80):
        school = "0100001" if i < 50 else "0100002"
        status = "EL" if i % 4 else "EO"
        last = 3 if i % 3 == 0 else 2
        group = "SED" if i % 2 else ""
        lines += [
            f"{i},2022-23,{school},6,{status},2014-08-20,2,1,{group}",
            f"{i},2023-24,{school},7,{status},2014-08-20,{last},1,{group}",
            f"{i},2024-25,{school},8,{status},2014-08-20,,,{group}",
        ]
    path = tmp_path / "district.csv"
    path.write_text("\n".join(lines))
    return path


def test_run_writes_flags_with_reasons_aggregates_and_a_manifest(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "run",
            "--input",
            str(_district_file(tmp_path)),
            "--rules",
            "ec313.1-2015",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    students = pl.read_csv(out / "students.csv", infer_schema=False)
    assert students.height == 80
    assert students.filter(pl.col("ltel") == "true").height == 40
    assert students["ltel_reasons"][1].startswith("English learner: met")
    assert set(students["ltel_rule_set"]) == {"ec313.1-2015"}
    aggregates = pl.read_csv(out / "aggregates.csv", infer_schema=False)
    shown = aggregates.filter(pl.col("suppressed") == "false")
    assert shown.height and (shown["count"].cast(pl.Int64) > 10).all()
    total_ltel = aggregates.filter((pl.col("breakdown") == "total") & (pl.col("measure") == "ltel"))
    assert total_ltel["count"].to_list() == ["40"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["rule_sets"][0]["name"] == "ec313.1-2015"
    assert "SB 750" in manifest["rule_sets"][0]["citation"]
    assert "dashboard_clock_start" in manifest["uncertain_choices"]
    assert "keep on this machine" in capsys.readouterr().out


def test_a_bad_file_gives_a_clear_error_and_no_output(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,grade\n1,5\n")
    out = tmp_path / "out"
    assert main(["run", "--input", str(bad), "--out", str(out)]) == 2
    assert "missing column(s) school_year, el_status" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_input_file_is_reported(tmp_path, capsys):
    assert main(["run", "--input", str(tmp_path / "nope.csv"), "--out", str(tmp_path)]) == 2
    assert "not found" in capsys.readouterr().err


def test_the_rules_command_lists_every_rule_set_with_its_citation(capsys):
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out
    for name in ("ec313.1-2015", "ec313.1-2012", "ec52052-dashboard", "seal-2017", "seal-2024"):
        assert name in listed
