"""Tolerant decoding of student files: encodings, delimiters, headers and cell values.

Every value parser is a Polars expression over text columns; values that cannot be read
become null and are counted, with an example and its line number, for the reader's warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from alianza.core import untrusted

from .errors import LayoutError, ReadWarning

__all__ = ["LayoutError", "ReadWarning"]

DELIMITERS = (",", "\t", "^", ";", "|")
# The official ELPAC student score file has ~370 columns; the Alianza layout about 40.
TEXT_LIMITS = untrusted.DEFAULT_LIMITS.but(max_columns=2_000)

# A spreadsheet saved under any name is recognised by its first bytes, so it gets a message
# that says what to do instead of a table of zip or OLE garbage.
_SPREADSHEET_MAGIC = {b"PK\x03\x04": "XLSX", b"\xd0\xcf\x11\xe0": "XLS"}


def refuse_non_text(head: bytes, *, source: str = "") -> None:
    """Refuse spreadsheets and other binary files from their first bytes."""
    for magic, kind in _SPREADSHEET_MAGIC.items():
        if head.startswith(magic):
            raise LayoutError("spreadsheet", source=source, format=kind)
    if b"\x00" in head:
        raise LayoutError("binary", source=source)


def read_text_table(path: str | Path) -> tuple[pl.DataFrame, str, str]:
    """All cells as text, with the encoding and delimiter found. Refuses empty files."""
    source = Path(path).name
    with open(path, "rb") as handle:
        refuse_non_text(handle.read(4096), source=source)  # "save it as CSV" says what to do
    try:
        # Bound the first line and its width before polars allocates a column for each field.
        untrusted.check_text_head(path, delimiters=DELIMITERS, limits=TEXT_LIMITS)
    except untrusted.UntrustedFileError as error:
        # The limits' codes and parameters (counts and limits) quote nothing from the file.
        raise LayoutError(error.code, source=source, **error.params) from None
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        # Exports from Windows tools are cp1252; latin-1 never fails as a last resort.
        try:
            data = data.decode("cp1252").encode("utf-8")
            encoding = "cp1252"
        except UnicodeDecodeError:
            data = data.decode("latin-1").encode("utf-8")
            encoding = "latin-1"
    first_line = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    if not first_line.strip():
        raise LayoutError("empty", source=source)
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        frame = pl.read_csv(
            data,
            separator=delimiter,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    except (pl.exceptions.PolarsError, ValueError, OSError):
        # Polars' message quotes the offending line, which is a student's record.
        raise LayoutError("malformed", source=source) from None
    frame = frame.rename(_distinct_headers(frame.columns))
    frame = frame.with_columns(pl.all().str.strip_chars().replace("", None))
    return frame, encoding, delimiter


def _distinct_headers(columns: list[str]) -> dict[str, str]:
    """Rename headers so they stay distinct once normalised: readers match columns by
    ``normalise_header``, and two columns that collide there ("Email" and "email ", or
    blank and punctuation-only headers) must not make renaming fail."""
    renames: dict[str, str] = {}
    seen: set[str] = set()
    for index, column in enumerate(columns, start=1):
        key = normalise_header(column)
        if not key or key in seen:
            new = f"{key or 'column'}_{index}"
            renames[column] = new
            key = new
        seen.add(key)
    return renames


def normalise_header(name: str) -> str:
    """'ELPAC Overall Level ' -> 'elpac_overall_level'."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def require_columns(columns: list[str], required: list[str], *, source: str, layout: str) -> None:
    """Refuse a file without ``required`` columns, naming them and counting what is there.

    The columns found are never listed: a file without a header line has a student's record
    where the header should be.
    """
    missing = [c for c in required if c not in columns]
    if missing:
        raise LayoutError("missing_columns", source=source, layout=layout,
                          missing=", ".join(missing), found=len(columns))


# --- value parsers -------------------------------------------------------------------------

_GRADE_WORDS = {"K": 0, "KN": 0, "KG": 0, "KINDERGARTEN": 0, "TK": -1, "PS": -2, "UE": None}


def grade_expr(col: str) -> pl.Expr:
    text = pl.col(col).str.to_uppercase().str.replace(r"^GRADE\s*", "")
    words = text.replace_strict(_GRADE_WORDS, default=None, return_dtype=pl.Int8)
    return pl.coalesce(words, text.cast(pl.Int8, strict=False))


_STATUS_WORDS = {
    "EL": "EL",
    "ENGLISH LEARNER": "EL",
    "LEP": "EL",
    "EO": "EO",
    "ENGLISH ONLY": "EO",
    "IFEP": "IFEP",
    "INITIALLY FLUENT ENGLISH PROFICIENT": "IFEP",
    "RFEP": "RFEP",
    "RECLASSIFIED FLUENT ENGLISH PROFICIENT": "RFEP",
    "TBD": "TBD",
    "TO BE DETERMINED": "TBD",
}


def el_status_expr(col: str) -> pl.Expr:
    return pl.col(col).str.to_uppercase().replace_strict(_STATUS_WORDS, default=None)


_TRUE = ["Y", "YES", "TRUE", "T", "1", "MET", "PASS", "PASSED", "SI", "SÍ"]
_FALSE = ["N", "NO", "FALSE", "F", "0", "NOT MET", "FAIL", "FAILED"]


def bool_expr(col: str) -> pl.Expr:
    text = pl.col(col).str.to_uppercase()
    return pl.when(text.is_in(_TRUE)).then(True).when(text.is_in(_FALSE)).then(False)


def date_expr(col: str) -> pl.Expr:
    text = pl.col(col)
    return pl.coalesce(
        text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%m/%d/%Y", strict=False),
        text.str.to_date("%Y%m%d", strict=False),
        text.str.to_date("%m%d%Y", strict=False),
    )


def int_expr(col: str, dtype: pl.DataType = pl.Int16) -> pl.Expr:
    return pl.col(col).str.replace(r"\.0+$", "").cast(dtype, strict=False)


def float_expr(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float32, strict=False)


def school_year_expr(col: str) -> pl.Expr:
    """'2023-24', '2023-2024' or '2023' -> 2023 (the start year)."""
    return pl.col(col).str.extract(r"^\s*(\d{4})", 1).cast(pl.Int16, strict=False)


_CAASPP_WORDS = {
    "STANDARD NOT MET": 1,
    "NOT MET": 1,
    "STANDARD NEARLY MET": 2,
    "NEARLY MET": 2,
    "STANDARD MET": 3,
    "MET": 3,
    "STANDARD EXCEEDED": 4,
    "EXCEEDED": 4,
    # Older CST levels, mapped to the CAASPP level that EC 313.1 treats as equivalent.
    "FAR BELOW BASIC": 1,
    "BELOW BASIC": 1,
    "BASIC": 2,
    "PROFICIENT": 3,
    "ADVANCED": 4,
}


def caaspp_level_expr(col: str) -> pl.Expr:
    text = pl.col(col).str.to_uppercase()
    words = text.replace_strict(_CAASPP_WORDS, default=None, return_dtype=pl.Int8)
    number = text.cast(pl.Int8, strict=False)
    return pl.coalesce(words, pl.when(number.is_between(1, 4)).then(number))


def level_expr(col: str) -> pl.Expr:
    number = int_expr(col, pl.Int8)
    return pl.when(number.is_between(1, 4)).then(number)


# Two-digit CALPADS language codes (before 2023-24) -> ISO 639 codes used from 2023-24.
CALPADS_LANGUAGES = {
    "00": "eng",
    "01": "spa",
    "02": "vie",
    "03": "yue",
    "04": "kor",
    "05": "fil",
    "06": "por",
    "07": "cmn",
    "08": "jpn",
    "09": "khm",
    "10": "lao",
    "11": "ara",
    "23": "hmn",
    "28": "pan",
    "29": "rus",
    "99": "mis",
}
_LANGUAGE_NAMES = {
    "english": "eng",
    "spanish": "spa",
    "vietnamese": "vie",
    "cantonese": "yue",
    "korean": "kor",
    "filipino": "fil",
    "tagalog": "fil",
    "portuguese": "por",
    "mandarin": "cmn",
    "japanese": "jpn",
    "khmer": "khm",
    "arabic": "ara",
    "hmong": "hmn",
    "punjabi": "pan",
    "russian": "rus",
    "french": "fra",
    "german": "deu",
    "american sign language": "ase",
}


def language_expr(col: str) -> pl.Expr:
    """Both CALPADS schemes to ISO codes; other text is kept (lower-cased), never dropped."""
    text = pl.col(col).str.strip_chars()
    padded = text.str.zfill(2)
    return pl.coalesce(
        padded.replace_strict(CALPADS_LANGUAGES, default=None),
        text.str.to_lowercase().replace_strict(_LANGUAGE_NAMES, default=None),
        text.str.to_lowercase(),
    )


def first_line(raw: pl.DataFrame, mask: pl.Series) -> int:
    """The file line of the first row where ``mask`` holds (the header is line 1)."""
    index = int(mask.arg_true()[0])
    return int(raw["_line"][index]) if "_line" in raw.columns else index + 2


def unreadable_warnings(
    raw: pl.DataFrame, parsed: pl.DataFrame, pairs: dict[str, str], *, source: str
) -> list[ReadWarning]:
    """For each raw->parsed column pair: values present in the file that could not be read.

    Counted with the first line, never quoted: the value is a student's.
    """
    warnings = []
    for raw_col, out_col in pairs.items():
        if raw_col not in raw.columns:
            continue
        bad = raw[raw_col].is_not_null() & parsed[out_col].is_null()
        n = int(bad.sum())
        if n:
            warnings.append(ReadWarning("unreadable_values", {
                "count": n, "column": raw_col, "line": first_line(raw, bad)}))
    return warnings
