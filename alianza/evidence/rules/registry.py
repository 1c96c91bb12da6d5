"""Named, dated rule sets with their legal citations.

Every result the engine produces records the rule set's name and citation, so a figure can
always be traced back to the law (or the reading of it) that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RuleSet:
    name: str
    kind: str  # "ltel" | "dashboard-ltel" | "rfep" | "seal"
    effective_from: date
    effective_to: date | None
    citation: str
    description: str
    # Points el-rules.md marks as uncertain; each is backed by an option and echoed in output.
    uncertain: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "citation": self.citation,
            "description": self.description,
            "uncertain": list(self.uncertain),
        }


RULE_SETS: dict[str, RuleSet] = {
    r.name: r
    for r in (
        RuleSet(
            name="ec313.1-2012",
            kind="ltel",
            effective_from=date(2013, 1, 1),
            effective_to=date(2015, 12, 31),
            citation="Education Code 313.1 as added by AB 2193 (Ch. 427, Stats. 2012)",
            description=(
                "LTEL: EL in grades 6-12, in US schools more than six years, same ELD level "
                "two or more consecutive years, far below/below basic on the ELA test. "
                "At risk: EL in grades 5-11, four years in US schools, intermediate or below "
                "on the ELD test, below/far below basic on the ELA test."
            ),
            uncertain=(
                "at-risk ELA result year: prior year or the student's fourth year in US "
                "schools (option at_risk_2012_ela_year)",
            ),
        ),
        RuleSet(
            name="ec313.1-2015",
            kind="ltel",
            effective_from=date(2016, 1, 1),
            effective_to=None,
            citation=(
                "Education Code 313.1 as amended by SB 750 (Ch. 660, Stats. 2015); "
                "CDE LTEL definitions, cde.ca.gov/ds/ad/lteldef.asp"
            ),
            description=(
                "LTEL: EL in grades 6-12, six or more years in US schools, same ELPAC level "
                "two or more consecutive prior years or regressed, and (grades 6-9) Standard "
                "Not Met on the prior year's ELA test. At risk: EL in grades 3-12, four to "
                "five years in US schools, ELPAC level 1-3 in the prior year, and (grades "
                "3-9) Standard Not Met on the prior year's ELA test. Missing test results "
                "are skipped, not held against the student."
            ),
        ),
        RuleSet(
            name="ec52052-dashboard",
            kind="dashboard-ltel",
            effective_from=date(2024, 1, 1),
            effective_to=None,
            citation=(
                "Education Code 52052 as amended by SB 114 (Ch. 48, Stats. 2023) and "
                "SB 141 (Ch. 56, Stats. 2023); California School Dashboard from 2024"
            ),
            description=(
                "Dashboard LTEL student group: an English learner who has not reached "
                "English proficiency within seven years of first being classified EL."
            ),
            uncertain=(
                "counting details: clock start, threshold, grades and what counts as "
                "reaching proficiency are parameters (options dashboard_*)",
            ),
        ),
        RuleSet(
            name="rfep-2019",
            kind="rfep",
            effective_from=date(2019, 7, 1),
            effective_to=None,
            citation=(
                "Education Code 313(f); 5 CCR 11303 (criteria) and 11304 (monitoring); "
                "CDE letter of 20 December 2019"
            ),
            description=(
                "Reclassification eligibility: Summative ELPAC overall level 4 plus the "
                "district's local criteria (teacher evaluation, parent consultation, basic "
                "skills). RFEP students are monitored for at least four years."
            ),
        ),
        RuleSet(
            name="seal-2017",
            kind="seal",
            effective_from=date(2018, 1, 1),
            effective_to=date(2023, 12, 31),
            citation=(
                "Education Code 51460-51464 (AB 815, Ch. 618, Stats. 2011, as amended by "
                "AB 1142, Ch. 434, Stats. 2017)"
            ),
            description=(
                "English: all ELA coursework for graduation with GPA 2.0+ and CAASPP ELA "
                "grade 11 Standard Met or above. Other language: AP 3+, IB 4+, four-year "
                "course sequence with GPA 3.0 and oral proficiency, district exam, or SAT II "
                "600+. English learners also need ELPAC overall level 4."
            ),
        ),
        RuleSet(
            name="seal-2024",
            kind="seal",
            effective_from=date(2024, 1, 1),
            effective_to=None,
            citation="Education Code 51460-51464 as amended by AB 370 (Ch. 326, Stats. 2023)",
            description=(
                "English by any one of: ELA coursework GPA 3.0, CAASPP ELA grade 11 Standard "
                "Met or above, AP English 3+ or IB English 4+, SAT EBRW 480+. Other language "
                "by AP 3+/IB 4+, four years of study with GPA 3.0 and oral proficiency, SAT "
                "II 600+, or district exam. English learners also need ELPAC Oral Language "
                "composite level 4."
            ),
            uncertain=("SAT II 600+ route is from summaries (option seal2024_accept_sat2)",),
        ),
    )
}

# What the CLI's --rules names select: an LTEL rule set runs together with the dashboard
# group, reclassification and the Seal rule set that matches it in time, unless overridden.
LTEL_RULE_SETS = ("ec313.1-2015", "ec313.1-2012")
SEAL_RULE_SETS = ("seal-2024", "seal-2017")


def get_rule_set(name: str) -> RuleSet:
    try:
        return RULE_SETS[name]
    except KeyError:
        known = ", ".join(sorted(RULE_SETS))
        raise ValueError(f"Unknown rule set {name!r}; known rule sets: {known}") from None
