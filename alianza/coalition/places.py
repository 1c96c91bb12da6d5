"""California's 58 counties and its school districts, and matching what people type to them.

Counties carry the CDE two-digit county code (01 Alameda … 58 Yuba), the first two digits
of every CDS code, so a county here joins directly to the evidence module's figures.
Districts come from CDE's CAASPP entities file (LEA rows, type 6) and are identified by the
seven-digit county + district part of the CDS code; ``data/cde_districts.csv`` holds them
and is regenerated from a newer entities file when CDE adds or closes districts.

County names are proper nouns, written the same in English and Spanish, so they are not
translated. Pure functions only: the migrations and the import checker use them too.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

COUNTIES: tuple[tuple[str, str], ...] = (
    ("01", "Alameda"), ("02", "Alpine"), ("03", "Amador"), ("04", "Butte"),
    ("05", "Calaveras"), ("06", "Colusa"), ("07", "Contra Costa"), ("08", "Del Norte"),
    ("09", "El Dorado"), ("10", "Fresno"), ("11", "Glenn"), ("12", "Humboldt"),
    ("13", "Imperial"), ("14", "Inyo"), ("15", "Kern"), ("16", "Kings"), ("17", "Lake"),
    ("18", "Lassen"), ("19", "Los Angeles"), ("20", "Madera"), ("21", "Marin"),
    ("22", "Mariposa"), ("23", "Mendocino"), ("24", "Merced"), ("25", "Modoc"),
    ("26", "Mono"), ("27", "Monterey"), ("28", "Napa"), ("29", "Nevada"), ("30", "Orange"),
    ("31", "Placer"), ("32", "Plumas"), ("33", "Riverside"), ("34", "Sacramento"),
    ("35", "San Benito"), ("36", "San Bernardino"), ("37", "San Diego"),
    ("38", "San Francisco"), ("39", "San Joaquin"), ("40", "San Luis Obispo"),
    ("41", "San Mateo"), ("42", "Santa Barbara"), ("43", "Santa Clara"), ("44", "Santa Cruz"),
    ("45", "Shasta"), ("46", "Sierra"), ("47", "Siskiyou"), ("48", "Solano"),
    ("49", "Sonoma"), ("50", "Stanislaus"), ("51", "Sutter"), ("52", "Tehama"),
    ("53", "Trinity"), ("54", "Tulare"), ("55", "Tuolumne"), ("56", "Ventura"),
    ("57", "Yolo"), ("58", "Yuba"),
)
COUNTY_NAMES: dict[str, str] = dict(COUNTIES)
COUNTY_CODE_LENGTH = 2
DISTRICT_CODE_LENGTH = 7  # county (2) + district (5) of the CDS code

DISTRICTS_FILE = Path(__file__).parent / "data" / "cde_districts.csv"

# Shorthands people write that no rule below would find. "SB" could be Santa Barbara or
# San Bernardino, so it stays unmatched and is reported rather than guessed.
_COUNTY_ALIASES = {"la": "19", "l a": "19", "sf": "38", "s f": "38", "slo": "40", "sb": ""}


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "Los Ángeles Co." → "los angeles co"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


_COUNTY_WORDS = re.compile(
    r"^(?:(?:the )?county of |condado de |city and county of |ciudad y condado de )"
    r"|(?: county| co| cnty| condado)$"
)


def _county_key(text: str) -> str:
    key = fold(text)
    while True:
        stripped = _COUNTY_WORDS.sub("", key).strip()
        if stripped == key:
            return key
        key = stripped


@cache
def _county_index() -> dict[str, str]:
    index = {fold(name): code for code, name in COUNTIES}
    index.update({alias: code for alias, code in _COUNTY_ALIASES.items() if code})
    return index


def county_match(text: str) -> str | None:
    """The county code for a typed county, a county code, or None when it is not one of the 58.

    Case, accents, punctuation and "County"/"Co."/"Condado de" are ignored.
    """
    raw = (text or "").strip()
    if raw.isdigit() and len(raw) <= COUNTY_CODE_LENGTH:
        code = raw.zfill(COUNTY_CODE_LENGTH)
        return code if code in COUNTY_NAMES else None
    key = _county_key(raw)
    if not key or key in _COUNTY_ALIASES and not _COUNTY_ALIASES[key]:
        return None
    return _county_index().get(key)


@lru_cache(maxsize=4096)  # an import meets the same few county spellings on every row
def county_split(text: str) -> tuple[str, str]:
    """(county code, text kept as written): the text is kept only when it matched nothing."""
    raw = " ".join((text or "").split())
    code = county_match(raw)
    return (code, "") if code else ("", raw)


def county_name(code: str) -> str:
    return COUNTY_NAMES.get(code or "", "")


def county_choices(blank_label: str | None = None) -> list[tuple[str, str]]:
    choices = list(COUNTIES)
    return [("", blank_label), *choices] if blank_label is not None else choices


# Districts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    code: str  # seven digits: county + district part of the CDS code
    county_code: str
    name: str


@cache
def districts() -> dict[str, District]:
    with DISTRICTS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["cds_code"]: District(row["cds_code"], row["county_code"], row["name"])
                for row in csv.DictReader(handle)}


# How people shorten district names, as whole words, folded.
_DISTRICT_WORDS = (
    (r"\busd\b", "unified"), (r"\besd\b", "elementary"), (r"\buesd\b", "union elementary"),
    (r"\buhsd\b", "union high"), (r"\bjuhsd\b", "joint union high"), (r"\bhsd\b", "high"),
    (r"\bjusd\b", "joint unified"), (r"\bcoe\b", "county office of education"),
    (r"\bschool district\b", ""), (r"\bschools district\b", ""), (r"\bsd\b", ""),
    (r"\bdistrict\b", ""), (r"\bdistrito escolar\b", ""), (r"^the\b", ""),
)


def _district_key(text: str) -> str:
    key = fold(text)
    for pattern, replacement in _DISTRICT_WORDS:
        key = re.sub(pattern, replacement, key)
    return " ".join(key.split())


@cache
def _district_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for district in districts().values():
        index.setdefault(_district_key(district.name), []).append(district.code)
    return {key: tuple(codes) for key, codes in index.items()}


@dataclass(frozen=True)
class DistrictMatch:
    code: str = ""
    candidates: tuple[str, ...] = ()  # more than one district has this name

    @property
    def ambiguous(self) -> bool:
        return not self.code and len(self.candidates) > 1


@lru_cache(maxsize=4096)  # as county_split: files repeat a few districts
def district_match(text: str, *, county_code: str = "") -> DistrictMatch:
    """The district a typed name or code means; a county narrows names several districts share.

    "Los Angeles USD", "los angeles unified school district" and "1964733" all give the
    same district. "Jefferson Elementary" exists in three counties: without a county the
    match is ambiguous and reported, never guessed.
    """
    raw = (text or "").strip()
    digits = re.sub(r"\D", "", raw)
    if digits and len(digits) in (DISTRICT_CODE_LENGTH, 14) and digits == raw.replace(" ", "") \
            .replace("-", ""):
        code = digits[:DISTRICT_CODE_LENGTH]
        return DistrictMatch(code=code) if code in districts() else DistrictMatch()
    codes = _district_index().get(_district_key(raw), ())
    if county_code:
        codes = tuple(code for code in codes if code.startswith(county_code)) or codes
    if len(codes) == 1:
        return DistrictMatch(code=codes[0])
    return DistrictMatch(candidates=codes)


def district_name(code: str) -> str:
    district = districts().get(code or "")
    return district.name if district else ""
