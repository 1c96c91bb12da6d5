"""Where figures come from, said as people say it, and which file would bring missing ones.

A card reads "California Department of Education, Unduplicated Pupil Count 2024-25"; the
file name (cupc2425-k12.xlsx) stays in the details, for those who want to fetch it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from alianza.evidence.models import Dataset

CDE = _("California Department of Education")

# What each kind of file is called on the CDE's own pages.
PUBLICATIONS = {
    Dataset.Kind.UPC: _("Unduplicated Pupil Count"),
    Dataset.Kind.LTEL: _("Long-Term English Learners and At-Risk Students"),
    Dataset.Kind.EL_LANGUAGE: _("English Learners by Grade and Language"),
    Dataset.Kind.RECLASSIFICATION: _("Reclassified Fluent English Proficient Students"),
    Dataset.Kind.ENTITIES: _("CAASPP and ELPAC Entities"),
    Dataset.Kind.STUDENT_GROUPS: _("CAASPP and ELPAC Student Groups"),
}


def source_label(dataset: Dataset | None) -> str:
    """ "California Department of Education, Unduplicated Pupil Count 2024-25"."""
    if dataset is None:
        return ""
    year = dataset.school_year
    if dataset.is_district_reported:
        if year:
            return str(_("Reported by the district, %(year)s") % {"year": year})
        return str(_("Reported by the district"))
    publication = PUBLICATIONS.get(dataset.kind, dataset.get_kind_display())
    return f"{CDE}, {publication} {year}".rstrip()


@dataclass(frozen=True)
class Provider:
    """A kind of file, the figures only it brings, and how its file is named."""

    kind: str
    metrics: tuple[str, ...]
    file_pattern: str
    topic: object  # lazy text: what a reader misses without it


PROVIDERS = (
    Provider(Dataset.Kind.UPC, ("enrollment", "el_count"), "cupcYYYY-k12.xlsx",
             _("English learners and total enrollment")),
    Provider(Dataset.Kind.LTEL, ("ltel_count", "at_risk_count"), "LTELDOWNLOADYYYY.txt",
             _("Long-term English learners and students at risk of becoming one")),
    Provider(Dataset.Kind.RECLASSIFICATION, ("reclassified_count",), "filesreclassYY.txt",
             _("Students reclassified fluent English proficient during the year")),
)


@dataclass
class MissingFile:
    topic: str
    publication: str
    file_pattern: str
    kind: str


def missing_files(metrics_present: set[str]) -> list[MissingFile]:
    """The kinds of file whose figures the year lacks, so a page can say what to import."""
    return [
        MissingFile(str(p.topic), f"{CDE}, {PUBLICATIONS[p.kind]}", p.file_pattern, p.kind)
        for p in PROVIDERS
        if not any(m in metrics_present for m in p.metrics)
    ]
