"""Readers for the California Department of Education's public files on English learners.

Pure parsing: no Django. Each reader returns a Polars DataFrame with normalised column names
(``read_*``) or a :class:`CdeTable` with the frame plus the file's kind, school year and
SHA-256 (``load_*`` and :func:`load`), which is what a dataset version records.

Conventions in every frame:
- codes are text with their leading zeros (``cds_code`` = county 2 + district 5 + school 7);
- a count column ``x`` is an integer, null when the file left it blank (not applicable) or
  suppressed it with ``*``; ``x_suppressed`` is True only for ``*``. Neither becomes zero;
- ``level`` is state, county, district or school, whatever the file's own coding;
- languages use three-letter ISO 639 codes (``language_code``) with the file's code kept in
  ``language_code_source``;
- school years read "2024-25".
"""

from alianza.evidence.cde.base import CdeTable
from alianza.evidence.cde.caaspp import (
    load_entities,
    load_student_groups,
    read_entities,
    read_student_groups,
)
from alianza.evidence.cde.codes import AGG_LEVELS, ENTITY_TYPES, LEVELS
from alianza.evidence.cde.dataquest import (
    load_el_language,
    load_ltel,
    load_reclassification,
    read_el_language,
    read_ltel,
    read_reclassification,
)
from alianza.evidence.cde.detect import KINDS, detect_kind, load
from alianza.evidence.cde.errors import (
    TEMPLATES,
    BadCode,
    BadValue,
    CdeFileError,
    EmptyFile,
    UnknownKind,
    UnreadableFile,
    UnrecognisedFile,
)
from alianza.evidence.cde.languages import (
    CALPADS_TO_ISO,
    language_mapping_frame,
    normalise_language_code,
)
from alianza.evidence.cde.textfiles import file_sha256
from alianza.evidence.cde.upc import load_upc, read_upc
from alianza.evidence.cde.years import (
    normalise_school_year,
    school_year_from_name,
    school_year_from_test_year,
)

__all__ = [
    "AGG_LEVELS",
    "CALPADS_TO_ISO",
    "ENTITY_TYPES",
    "KINDS",
    "LEVELS",
    "TEMPLATES",
    "BadCode",
    "BadValue",
    "CdeFileError",
    "CdeTable",
    "EmptyFile",
    "UnknownKind",
    "UnreadableFile",
    "UnrecognisedFile",
    "detect_kind",
    "file_sha256",
    "language_mapping_frame",
    "load",
    "load_el_language",
    "load_entities",
    "load_ltel",
    "load_reclassification",
    "load_student_groups",
    "load_upc",
    "normalise_language_code",
    "normalise_school_year",
    "read_el_language",
    "read_entities",
    "read_ltel",
    "read_reclassification",
    "read_student_groups",
    "read_upc",
    "school_year_from_name",
    "school_year_from_test_year",
]
