"""Importing the coalition's ZIP-code-to-district file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alianza.policy.models import Chamber, ZipDistrict

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, name: str = "zips.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored() -> set[tuple[str, str, int]]:
    return set(ZipDistrict.objects.values_list("zip_code", "chamber", "district_number"))


def run(path: Path, *args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("policy_import_zip_districts", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_with_one_row_per_zip_code_and_district_is_imported(tmp_path):
    path = write(tmp_path, "zip,chamber,district\n90033,Assembly,52\n90033,Senate,24\n"
                           "95814,assembly,7\n95814,SD,8\n")
    out, _err = run(path)
    assert stored() == {("90033", Chamber.LOWER, 52), ("90033", Chamber.UPPER, 24),
                        ("95814", Chamber.LOWER, 7), ("95814", Chamber.UPPER, 8)}
    assert "2 ZIP codes read from 4 rows: 4 rows added" in out


def test_a_file_with_one_row_per_zip_code_may_list_several_districts(tmp_path):
    path = write(tmp_path, "\ufeffZIP Code,Assembly District,Senate District\n"
                           "90033,52;53,24\n91331,AD-43,SD 20\n")
    run(path)
    assert stored() == {("90033", Chamber.LOWER, 52), ("90033", Chamber.LOWER, 53),
                        ("90033", Chamber.UPPER, 24), ("91331", Chamber.LOWER, 43),
                        ("91331", Chamber.UPPER, 20)}


def test_every_bad_row_is_named_and_nothing_is_imported(tmp_path):
    ZipDistrict.objects.create(zip_code="90033", chamber=Chamber.LOWER, district_number=52)
    path = write(tmp_path, "zip,chamber,district\n95814,Assembly,7\n9581,Assembly,7\n"
                           "95815,Assembly,81\n95816,House of Lords,1\n95817,Senate,41\n"
                           "95818,Senate,\n")
    with pytest.raises(CommandError, match="was not imported: 5 problem"):
        _out, err = run(path)
    assert stored() == {("90033", Chamber.LOWER, 52)}  # what was stored is untouched


def test_the_messages_name_the_line_and_what_is_wrong(tmp_path):
    from alianza.policy.services.actions_zip import zip_districts_import

    path = write(tmp_path, "zip,chamber,district\n95814,Assembly,7\n9581,Assembly,7\n"
                           "95815,Assembly,81\n95816,House of Lords,1\n95817,Senate,41\n")
    result = zip_districts_import(path=path)
    assert result.errors == [
        "Line 3: “9581” is not a ZIP code (five digits, such as 95814).",
        "Line 4: “81” is not an Assembly district; they are numbered 1 to 80.",
        "Line 5: “House of Lords” is not a chamber; write Assembly or Senate.",
        "Line 6: “41” is not a Senate district; they are numbered 1 to 40.",
    ]


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    path = write(tmp_path, "postcode,area\n90033,52\n")
    from alianza.policy.services.actions_zip import zip_districts_import

    result = zip_districts_import(path=path)
    assert result.errors[0].startswith("The first line must name the columns")
    assert not ZipDistrict.objects.exists()


def test_an_empty_or_binary_file_is_refused(tmp_path):
    from alianza.policy.services.actions_zip import zip_districts_import

    assert zip_districts_import(path=write(tmp_path, "")).errors == ["The file is empty."]
    binary = tmp_path / "zips.xlsx"
    binary.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert not zip_districts_import(path=binary).ok


def test_importing_again_adds_only_what_is_new(tmp_path):
    run(write(tmp_path, "zip,chamber,district\n90033,Assembly,52\n"))
    out, _err = run(write(tmp_path, "zip,chamber,district\n90033,Assembly,52\n"
                                    "90033,Assembly,53\n", "more.csv"))
    assert "1 rows added, 0 removed" in out
    assert ZipDistrict.objects.count() == 2


def test_replace_makes_the_file_the_whole_table(tmp_path):
    run(write(tmp_path, "zip,chamber,district\n90033,Assembly,52\n90034,Assembly,54\n"))
    out, _err = run(write(tmp_path, "zip,chamber,district\n90033,Assembly,52\n", "new.csv"),
                    "--replace")
    assert stored() == {("90033", Chamber.LOWER, 52)}
    assert "0 rows added, 1 removed" in out


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nowhere.csv")
