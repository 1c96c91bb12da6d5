"""Importing the coalition's ZIP-code-to-district file.

Two layouts are read, with the column names people actually use:

- one row per ZIP code and district: ``zip, chamber, district`` (chamber "assembly",
  "senate", "lower", "upper", "AD" or "SD");
- one row per ZIP code: ``zip, assembly_district, senate_district`` (a cell may list
  several districts separated by ";" or "|" where a ZIP code crosses district lines).

A file with any bad row is refused whole, with a message per bad row (its line number and
what is wrong), so a half-read file never mixes with the districts already stored. A good
file adds the rows it has; ``replace`` makes it the whole table instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from alianza.core.untrusted import Limits, UntrustedFileError, iter_csv_rows
from alianza.core.untrusted_messages import untrusted_message
from alianza.policy.models import Chamber, ZipDistrict
from alianza.policy.models.actions import DISTRICT_COUNTS

LIMITS = Limits().but(max_rows=200_000, max_columns=50)
MAX_ERRORS = 200  # a wholly wrong file says so without listing every one of its rows
ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")

ZIP_COLUMNS = {"zip", "zip_code", "zipcode", "zcta", "zcta5", "postal_code"}
CHAMBER_COLUMNS = {"chamber", "house", "body"}
DISTRICT_COLUMNS = {"district", "district_number", "number"}
WIDE_COLUMNS = {
    Chamber.LOWER: {"assembly", "assembly_district", "ad", "sldl", "lower"},
    Chamber.UPPER: {"senate", "senate_district", "sd", "sldu", "upper"},
}
CHAMBER_WORDS = {
    "assembly": Chamber.LOWER, "lower": Chamber.LOWER, "ad": Chamber.LOWER,
    "sldl": Chamber.LOWER, "asamblea": Chamber.LOWER,
    "senate": Chamber.UPPER, "upper": Chamber.UPPER, "sd": Chamber.UPPER,
    "sldu": Chamber.UPPER, "senado": Chamber.UPPER,
}


@dataclass
class ZipImportResult:
    errors: list[str] = field(default_factory=list)
    rows_read: int = 0
    added: int = 0
    removed: int = 0
    zip_codes: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _district(value: str, chamber: str, line: int) -> tuple[int | None, str]:
    text = value.strip()
    # "AD-52", "52", "052" and "52.0" (from a spreadsheet) all mean district 52.
    match = re.fullmatch(r"(?:[A-Za-z]+[ -]?)?0*(\d{1,3})(?:\.0+)?", text)
    top = DISTRICT_COUNTS[chamber]
    if not match or not 1 <= int(match.group(1)) <= top:
        message = _("Line %(line)s: “%(value)s” is not an Assembly district; they are "
                    "numbered 1 to %(top)s.") if chamber == Chamber.LOWER else _(
            "Line %(line)s: “%(value)s” is not a Senate district; they are numbered 1 to "
            "%(top)s.")
        return None, message % {"line": line, "value": text, "top": top}
    return int(match.group(1)), ""


def _zip(value: str, line: int) -> tuple[str | None, str]:
    match = ZIP.match(value.strip())
    if not match:
        return None, _("Line %(line)s: “%(value)s” is not a ZIP code (five digits, such as "
                       "95814).") % {"line": line, "value": value.strip()}
    return match.group(1), ""


def _parse(path: Path, result: ZipImportResult) -> set[tuple[str, str, int]]:
    rows = iter_csv_rows(path, encoding="utf-8-sig", limits=LIMITS)
    header: list[str] | None = None
    found: set[tuple[str, str, int]] = set()
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [_key(cell) for cell in cells]
            continue
        result.rows_read += 1
        record = dict(zip(header, cells, strict=False))
        errors: list[str] = []
        zip_value = next((record[k] for k in header if k in ZIP_COLUMNS), "")
        zip_code, problem = _zip(zip_value, line)
        if problem:
            errors.append(problem)
        pairs: list[tuple[str, str]] = []  # (chamber, district text)
        chamber_column = next((k for k in header if k in CHAMBER_COLUMNS), None)
        if chamber_column:
            word = _key(record.get(chamber_column, ""))
            chamber = CHAMBER_WORDS.get(word)
            if chamber is None:
                errors.append(_("Line %(line)s: “%(value)s” is not a chamber; write Assembly "
                                "or Senate.") % {"line": line, "value": record[chamber_column]})
            else:
                value = next((record[k] for k in header if k in DISTRICT_COLUMNS), "")
                pairs.append((chamber, value))
        else:
            for chamber, names in WIDE_COLUMNS.items():
                column = next((k for k in header if k in names), None)
                if column is not None:
                    pairs += [(chamber, part) for part in re.split(r"[;|]", record[column])
                              if part.strip()]
            if not pairs:
                errors.append(_("Line %(line)s: no district is given.") % {"line": line})
        for chamber, value in pairs:
            number, problem = _district(value, chamber, line)
            if problem:
                errors.append(problem)
            elif zip_code:
                found.add((zip_code, chamber, number))
        result.errors += errors
        if len(result.errors) >= MAX_ERRORS:
            result.errors.append(_("Too many errors; the rest of the file was not checked."))
            break
    if header is None:
        result.errors.append(_("The file is empty."))
    elif not any(k in ZIP_COLUMNS for k in header) or not (
            any(k in CHAMBER_COLUMNS for k in header) and any(k in DISTRICT_COLUMNS for k in header)
            or any(k in names for k in header for names in WIDE_COLUMNS.values())):
        result.errors.insert(0, _(
            "The first line must name the columns: zip, chamber and district (or zip, "
            "assembly_district and senate_district)."))
    return found


def zip_districts_import(*, path: str | Path, source: str = "",
                         replace: bool = False) -> ZipImportResult:
    """Read ``path`` and store its ZIP codes' districts, or store nothing and say why."""
    result = ZipImportResult()
    try:
        found = _parse(Path(path), result)
    except UntrustedFileError as error:
        result.errors.append(untrusted_message(error))
        return result
    if result.errors:
        return result
    with transaction.atomic():
        if replace:
            stored = {(z, c, n): pk for pk, z, c, n in ZipDistrict.objects.values_list(
                "pk", "zip_code", "chamber", "district_number")}
            gone = [pk for key, pk in stored.items() if key not in found]
            ZipDistrict.objects.filter(pk__in=gone).delete()
            result.removed = len(gone)
            existing = set(stored)
        else:
            existing = set(ZipDistrict.objects.filter(
                zip_code__in={z for z, _c, _n in found}).values_list(
                "zip_code", "chamber", "district_number"))
        new = sorted(found - existing)
        ZipDistrict.objects.bulk_create(
            [ZipDistrict(zip_code=z, chamber=c, district_number=n, source=source[:300])
             for z, c, n in new], batch_size=1000)
    result.added = len(new)
    result.zip_codes = len({z for z, _c, _n in found})
    return result
