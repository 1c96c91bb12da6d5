"""What each figure means, and which file a dashboard takes it from when several have it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    kinds: tuple[str, ...]  # dataset kinds, most preferred first


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("enrollment", _("Total enrollment"), _(
            "Students enrolled in kindergarten through grade 12 on Census Day (the first "
            "Wednesday in October)."), ("upc", "ltel")),
        Metric("el_count", _("English learners"), _(
            "Students whose English language acquisition status was English learner (EL) on "
            "Census Day."), ("upc", "ltel", "el_language")),
        Metric("ltel_count", _("Long-term English learners"), _(
            "English learners in grades 6–12 in US schools six years or more, at the same or a "
            "lower English proficiency level for two or more consecutive prior years and, in "
            "grades 6–9, scoring Standard Not Met on the prior year's ELA test (Education Code "
            "313.1 as amended in 2015)."), ("ltel",)),
        Metric("at_risk_count", _("At risk of becoming long-term English learners"), _(
            "English learners in grades 3–12 in US schools four to five years, at an "
            "intermediate level or below and, in grades 3–9, scoring Standard Not Met on the "
            "prior year's ELA test (Education Code 313.1)."), ("ltel",)),
        Metric("rfep_count", _("Reclassified students (RFEP) enrolled"), _(
            "Students enrolled on Census Day who were once English learners and have been "
            "reclassified fluent English proficient."), ("ltel",)),
        Metric("ever_el_count", _("Ever English learners"), _(
            "English learners plus students reclassified fluent English proficient."),
            ("ltel",)),
        Metric("reclassified_count", _("Students reclassified during the year"), _(
            "English learners reclassified fluent English proficient (RFEP) since the previous "
            "Census Day."), ("reclassification",)),
        Metric("reclass_el_count", _("English learners (reclassification base)"), _(
            "The English-learner count the reclassification rate is taken from."),
            ("reclassification",)),
        Metric("dashboard_ltel_count", _("Dashboard long-term English learners"), _(
            "English learners who have not reached English proficiency within seven years of "
            "first being classified (Education Code 52052, California School Dashboard)."),
            ("district_report",)),
        Metric("rfep_eligible_count", _("Eligible for reclassification"), _(
            "English learners at Summative ELPAC overall level 4 who meet the district's local "
            "criteria (Education Code 313(f), 5 CCR 11303)."), ("district_report",)),
        Metric("rfep_monitoring_count", _("Reclassified students being monitored"), _(
            "Students reclassified within the last four years (5 CCR 11304)."),
            ("district_report",)),
        Metric("seal_eligible_count", _("Eligible for the State Seal of Biliteracy"), _(
            "Students who meet the State Seal of Biliteracy criteria in at least one language "
            "(Education Code 51460–51464)."), ("district_report",)),
    )
}

EL_SHARE = (_("English learners, share of enrollment"), _(
    "English learners divided by total enrollment, from the same file."))
LTEL_SHARE = (_("Long-term English learners, share of English learners"), _(
    "Long-term English learners divided by English learners, from the same file."))
RECLASS_RATE = (_("Reclassification rate"), _(
    "Students reclassified during the year divided by the English learners in the same "
    "reclassification file."))

DIMENSIONS = {
    "grade": _("Grade"),
    "language": _("Language"),
    "student_group": _("Student group"),
}


def metric(key: str) -> Metric:
    return METRICS.get(key) or Metric(key, key, "", ())
