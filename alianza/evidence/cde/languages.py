"""One language-code scheme across years.

Until 2022-23 CALPADS coded home languages with two digits ("01" Spanish); from 2023-24 it
uses three-letter ISO 639-2 / 639-3 codes ("spa"), with "99 other non-English languages"
becoming "mis". Alianza stores the three-letter scheme, so a trend across the change lines
up, and keeps the file's own code beside it.

Where two old codes fold into one ISO code (Cantonese and Toishanese are both ``yue``) the
old code stays in ``language_code_source`` so nothing is lost.
"""

from __future__ import annotations

import polars as pl

from alianza.evidence.cde.columns import map_unique

# CALPADS two-digit code → (ISO 639-2/3 code, English name as CALPADS lists it).
CALPADS_TO_ISO: dict[str, tuple[str, str]] = {
    "00": ("eng", "English"),
    "01": ("spa", "Spanish"),
    "02": ("vie", "Vietnamese"),
    "03": ("yue", "Cantonese"),
    "04": ("kor", "Korean"),
    "05": ("fil", "Filipino (Pilipino or Tagalog)"),
    "06": ("por", "Portuguese"),
    "07": ("cmn", "Mandarin (Putonghua)"),
    "08": ("jpn", "Japanese"),
    "09": ("khm", "Khmer (Cambodian)"),
    "10": ("lao", "Lao"),
    "11": ("ara", "Arabic"),
    "12": ("hye", "Armenian"),
    "13": ("mya", "Burmese"),
    "15": ("nld", "Dutch"),
    "16": ("fas", "Farsi (Persian)"),
    "17": ("fra", "French"),
    "18": ("deu", "German"),
    "19": ("ell", "Greek"),
    "20": ("cha", "Chamorro (Guamanian)"),
    "21": ("heb", "Hebrew"),
    "22": ("hin", "Hindi"),
    "23": ("hmn", "Hmong"),
    "24": ("hun", "Hungarian"),
    "25": ("ilo", "Ilocano"),
    "26": ("ind", "Indonesian"),
    "27": ("ita", "Italian"),
    "28": ("pan", "Punjabi"),
    "29": ("rus", "Russian"),
    "30": ("smo", "Samoan"),
    "32": ("tha", "Thai"),
    "33": ("tur", "Turkish"),
    "34": ("ton", "Tongan"),
    "35": ("urd", "Urdu"),
    "36": ("ceb", "Cebuano (Visayan)"),
    "37": ("sgn", "Sign Language"),
    "38": ("ukr", "Ukrainian"),
    "39": ("nan", "Chaozhou (Chiuchow)"),
    "40": ("pus", "Pashto"),
    "41": ("pol", "Polish"),
    "42": ("aii", "Assyrian"),
    "43": ("guj", "Gujarati"),
    "44": ("ium", "Mien (Yao)"),
    "45": ("ron", "Rumanian"),
    "46": ("nan", "Taiwanese"),
    "47": ("lhu", "Lahu"),
    "48": ("mah", "Marshallese"),
    "49": ("mix", "Mixteco"),
    "50": ("kjg", "Khmu"),
    "51": ("kur", "Kurdish (Kurdi, Kurmanji)"),
    "52": ("hbs", "Serbo-Croatian (Bosnian, Croatian, Serbian)"),
    "53": ("yue", "Toishanese"),
    "54": ("cld", "Chaldean"),
    "56": ("sqi", "Albanian"),
    "57": ("tir", "Tigrinya"),
    "60": ("som", "Somali"),
    "61": ("ben", "Bengali"),
    "62": ("tel", "Telugu"),
    "63": ("tam", "Tamil"),
    "64": ("mar", "Marathi"),
    "65": ("kan", "Kannada"),
    "66": ("amh", "Amharic"),
    "67": ("bul", "Bulgarian"),
    "68": ("kik", "Kikuyu (Gikuyu)"),
    "69": ("kas", "Kashmiri"),
    "70": ("swe", "Swedish"),
    "71": ("zap", "Zapoteco"),
    "72": ("uzb", "Uzbek"),
    "99": ("mis", "Other non-English languages"),
}

# ISO 639-2 has "bibliographic" twins for some languages; files may use either spelling.
BIBLIOGRAPHIC_TO_TERMINOLOGY: dict[str, str] = {
    "alb": "sqi",
    "arm": "hye",
    "baq": "eus",
    "bur": "mya",
    "chi": "zho",
    "cze": "ces",
    "dut": "nld",
    "fre": "fra",
    "geo": "kat",
    "ger": "deu",
    "gre": "ell",
    "ice": "isl",
    "mac": "mkd",
    "mao": "mri",
    "may": "msa",
    "per": "fas",
    "rum": "ron",
    "slo": "slk",
    "tib": "bod",
    "wel": "cym",
}


def language_code_scheme(code: str | None) -> str | None:
    """The scheme of a code: "calpads" (two digits), "iso" (three letters) or None."""
    if code is None:
        return None
    code = code.strip()
    if code.isdigit() and len(code) <= 2:
        return "calpads"
    if len(code) == 3 and code.isalpha():
        return "iso"
    return None


def normalise_language_code(code: str | None) -> str | None:
    """Either scheme → the three-letter scheme; None when the code is unknown or blank."""
    scheme = language_code_scheme(code)
    if scheme == "calpads":
        entry = CALPADS_TO_ISO.get(code.strip().zfill(2))
        return entry[0] if entry else None
    if scheme == "iso":
        lower = code.strip().lower()
        return BIBLIOGRAPHIC_TO_TERMINOLOGY.get(lower, lower)
    return None


def language_mapping_frame() -> pl.DataFrame:
    """The two-digit → three-letter mapping as a table, for joins and for showing sources."""
    return pl.DataFrame(
        {
            "calpads_code": list(CALPADS_TO_ISO),
            "language_code": [iso for iso, _name in CALPADS_TO_ISO.values()],
            "language_name": [name for _iso, name in CALPADS_TO_ISO.values()],
        }
    )


def normalise_language_column(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Replace ``column`` with ``language_code`` (three letters) and keep the original code
    in ``language_code_source`` and its scheme in ``language_code_scheme``."""
    return frame.with_columns(
        pl.col(column).cast(pl.String).str.strip_chars().alias("language_code_source"),
        map_unique(frame, column, normalise_language_code).alias("language_code"),
        map_unique(frame, column, language_code_scheme).alias("language_code_scheme"),
    ).drop([column] if column != "language_code" else [])
