"""Options for the points the law leaves open.

Each field is an explicit, documented choice; the defaults follow CDE practice where it is
known. The whole object is echoed in every run's manifest so a figure can be reproduced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class LocalCriteria:
    """A district's local reclassification criteria (5 CCR 11303 (b)-(d)).

    Each criterion is read from a yes/no column of the student file ("column") or not used by
    this district ("not_used"). Basic skills may instead be a CAASPP ELA threshold: the most
    recent ELA level must be at least ``basic_skills_min_caaspp_level``.
    """

    teacher_evaluation: Literal["column", "not_used"] = "column"
    parent_consultation: Literal["column", "not_used"] = "column"
    basic_skills: Literal["column", "caaspp", "not_used"] = "column"
    basic_skills_min_caaspp_level: int = 2


@dataclass(frozen=True)
class Options:
    # Evaluate as of this school year (start year, 2024 = 2024-25); None = latest in the data.
    school_year: int | None = None
    # Count date; None = Census Day (first Wednesday in October) of the school year.
    as_of: date | None = None

    # "skip": a missing test result is not held against the student (EC 313.1 as applied by
    # CDE). "exclude": a student with a missing result is not flagged (for comparisons only).
    missing_test_policy: Literal["skip", "exclude"] = "skip"
    # Which prior years the "same level for two or more consecutive years, or regressed" test
    # looks at: the two most recent prior years (CDE practice) or any consecutive pair.
    stagnation_window: Literal["most_recent", "any"] = "most_recent"
    # CAASPP ELA levels that count as "far below/below basic" (1 = Standard Not Met).
    ela_low_levels: tuple[int, ...] = (1,)
    # ELPAC levels that count as "intermediate or below" for at-risk (levels 1-3).
    at_risk_max_elpac_level: int = 3
    # ec313.1-2012 at-risk: the ELA result of the prior year or of the fourth US year. Unsure.
    at_risk_2012_ela_year: Literal["prior_year", "fourth_us_year"] = "prior_year"

    # ec52052-dashboard parameters. Unsure: el-rules.md leaves the counting details open.
    dashboard_years: int = 7
    dashboard_clock_start: Literal["el_entry_date", "us_entry_date"] = "el_entry_date"
    dashboard_grades: tuple[int, ...] = tuple(range(0, 13))
    dashboard_proficiency: Literal["reclassified", "elpac_level_4"] = "reclassified"

    local_criteria: LocalCriteria = field(default_factory=LocalCriteria)
    rfep_monitoring_years: int = 4

    # Seal of Biliteracy.
    seal2024_accept_sat2: bool = True  # unsure: the SAT II route is from summaries
    # Languages without listening/speaking/reading domains, for which the awarding LEA's
    # alternative evidence counts (ISO 639 codes; "ase" American Sign Language).
    seal_alternative_languages: tuple[str, ...] = ("ase", "sgn")

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("as_of",):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data

    def uncertain_choices(self) -> dict[str, object]:
        """The options that decide points el-rules.md calls uncertain, for the output."""
        return {
            "at_risk_2012_ela_year": self.at_risk_2012_ela_year,
            "dashboard_years": self.dashboard_years,
            "dashboard_clock_start": self.dashboard_clock_start,
            "dashboard_grades": list(self.dashboard_grades),
            "dashboard_proficiency": self.dashboard_proficiency,
            "seal2024_accept_sat2": self.seal2024_accept_sat2,
            "stagnation_window": self.stagnation_window,
        }
