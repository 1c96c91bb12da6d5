"""School years as one spelling, "2024-25", whatever the file wrote.

CALPADS writes "2024-2025", DataQuest "2023-24", file names "2425" or "1819", and CAASPP/ELPAC
files carry the spring test year ("2025" is the 2024-25 school year).
"""

from __future__ import annotations

import re


def _format(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def school_year_from_test_year(test_year: int | str) -> str:
    """The school year whose spring holds ``test_year`` (2025 → "2024-25")."""
    return _format(int(test_year) - 1)


def normalise_school_year(value: object) -> str | None:
    """One spelling for any year: "2024-2025", "202425", "2425" → "2024-25".

    A bare "2025" is a CAASPP/ELPAC test year, so it means 2024-25.

    Returns None for blanks and for text that holds no recognisable year.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}(\.0+)?", text) and not _two_two(text[:4]):
        return school_year_from_test_year(text[:4])
    return _search(text)


def _two_two(text: str) -> str | None:
    """Two consecutive two-digit years ("2425" → "2024-25"), else None."""
    match = re.fullmatch(r"(\d{2})(\d{2})", text)
    if match and (int(match[1]) + 1) % 100 == int(match[2]):
        return _format(2000 + int(match[1]))
    return None


def _search(text: str) -> str | None:
    full = re.search(r"(?<!\d)((?:19|20)\d{2})\s*[-–/_ ]\s*((?:19|20)?\d{2})(?!\d)", text)
    if full:
        start, end = int(full[1]), int(full[2][-2:])
        if (start + 1) % 100 == end:
            return _format(start)
    six = re.search(r"(?<!\d)((?:19|20)\d{2})(\d{2})(?!\d)", text)
    if six and (int(six[1]) + 1) % 100 == int(six[2]):
        return _format(int(six[1]))
    short = re.search(r"(?<!\d)(\d{2})[-_]?(\d{2})(?!\d)", text)
    if short and (int(short[1]) + 1) % 100 == int(short[2]):
        return _format(2000 + int(short[1]))
    single = re.search(r"(?<!\d)(20\d{2})(?!\d)", text)
    if single:
        return school_year_from_test_year(single[1])
    return None


def school_year_from_name(name: str) -> str | None:
    """The school year a CDE file name carries: cupc2425-k12.xlsx, LTELDOWNLOAD1819.txt,
    sb_ca2025entities_csv.txt (a test year), StudentGroups_2025.txt, and the older
    reclassification downloads, filesreclass19.txt, named by the spring of their year."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name.rsplit("/", 1)[-1])
    found = _search(stem)
    if found is None:
        spring = re.search(r"(?i)reclass\D*(\d{2})$", stem)
        if spring:
            return _format(2000 + int(spring[1]) - 1)
    return found
