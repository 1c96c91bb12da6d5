"""Run the rule sets on canonical student frames as columnar Polars plans.

``classify`` computes the per-student facts and returns lazy plans for the rules on top of them;
``evaluate`` collects them and adds the run manifest: rule sets, citations, options and the
uncertain choices in force, so every output file says what produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from . import ltel, rfep, seal
from .explain import reasons
from .features import STATUS, english_evidence, flag, student_features
from .frames import SEAL_SCHEMA, YEARS_SCHEMA, conform, school_year_label
from .options import Options
from .registry import LTEL_RULE_SETS, RULE_SETS, SEAL_RULE_SETS, get_rule_set

DASHBOARD_RULE_SET = "ec52052-dashboard"
RFEP_RULE_SET = "rfep-2019"


def collect_all(frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Collect with the in-memory engine: for one wide group-by over the whole history it is
    markedly faster than the streaming default of recent Polars (measured in
    bench/evidence_rules.py). Older Polars has no engine argument and is in-memory anyway."""
    try:
        return pl.collect_all(frames, engine="in-memory")
    except TypeError:
        return pl.collect_all(frames)


@dataclass
class Plans:
    students: pl.LazyFrame
    seal: pl.LazyFrame
    school_year: int
    as_of: date
    rule_sets: list[str]


@dataclass
class RunResult:
    students: pl.DataFrame
    seal: pl.DataFrame
    manifest: dict[str, object] = field(default_factory=dict)


def _rule_columns(name: str) -> list[pl.Expr]:
    rule = RULE_SETS[name]
    prefix = {"ltel": "ltel", "dashboard-ltel": "dashboard", "rfep": "rfep", "seal": "seal"}
    p = prefix[rule.kind]
    return [
        pl.lit(rule.name).cast(pl.Categorical).alias(f"{p}_rule_set"),
        pl.lit(rule.citation).cast(pl.Categorical).alias(f"{p}_citation"),
    ]


def classify(
    years: pl.LazyFrame | pl.DataFrame,
    seal_frame: pl.LazyFrame | pl.DataFrame | None = None,
    *,
    rules: str = "ec313.1-2015",
    seal_rules: str = "seal-2024",
    options: Options | None = None,
    with_reasons: bool = True,
) -> Plans:
    options = options or Options()
    if get_rule_set(rules).kind != "ltel":
        raise ValueError(f"{rules!r} is not an LTEL rule set; use one of {LTEL_RULE_SETS}")
    if get_rule_set(seal_rules).kind != "seal":
        raise ValueError(f"{seal_rules!r} is not a Seal rule set; use one of {SEAL_RULE_SETS}")
    years = years.lazy() if isinstance(years, pl.DataFrame) else years
    facts, year, as_of = student_features(years, options)
    # Materialise the per-student facts once: the rules and the reason texts read them many
    # times. Rechunk too: after the filter the columns come in differently split pieces,
    # which Polars 2.1's in-memory string concatenation mishandles (it panics).
    facts = collect_all([facts])[0].rechunk().lazy()

    ltel_fn, at_risk_fn = ltel.LTEL_CRITERIA[rules]
    groups = {
        "ltel": ltel_fn(options),
        "at_risk": at_risk_fn(options),
        "dashboard_ltel": ltel.dashboard_ltel(options),
    }
    rfep_criteria = rfep.rfep_criteria(options)
    criteria_exprs = [e.alias(c) for g in groups.values() for c, e in g.items()]
    criteria_exprs += [e.alias(c) for c, e in rfep_criteria.items()]
    students = facts.with_columns(
        (pl.col("us_months") // 12).alias("us_years_completed"),
        (pl.col("el_months") // 12).alias("dash_years_completed"),
        *criteria_exprs,
    )
    for stage in rfep.monitoring_columns(options, as_of):
        students = students.with_columns(stage)
    students = students.with_columns(
        *(flag(list(g), options).alias(name) for name, g in groups.items()),
        rfep.rfep_status(list(rfep_criteria)).alias("rfep_status"),
        (pl.col("rfep_monitoring_period") == pl.lit("met", dtype=STATUS)).alias("rfep_monitoring"),
        pl.lit(school_year_label(year)).alias("school_year"),
        pl.lit(as_of).alias("as_of"),
        *_rule_columns(rules),
        *_rule_columns(DASHBOARD_RULE_SET),
        *_rule_columns(RFEP_RULE_SET),
    )
    if with_reasons:
        students = students.with_columns(
            *(reasons(list(g), f"{name}_reasons") for name, g in groups.items()),
            reasons(list(rfep_criteria), "rfep_reasons"),
            reasons(["rfep_monitoring_period"], "rfep_monitoring_reasons"),
        )

    if seal_frame is None:
        seal_frame = pl.DataFrame(schema=SEAL_SCHEMA)
    seal_frame = seal_frame.lazy() if isinstance(seal_frame, pl.DataFrame) else seal_frame
    routes, composites = seal.seal_columns(seal_rules, options)
    seal_plan = (
        seal_frame.join(
            facts.select(
                "student_id",
                "school_code",
                "grade",
                "el_status",
                pl.col("language").alias("home_language"),
                "student_groups",
                "grade11_ela",
                "latest_level",
                "latest_oral_level",
            ),
            on="student_id",
            how="inner",
        )
        .join(english_evidence(years, seal_frame, year), on="student_id", how="left")
        .with_columns(routes)
        .with_columns(composites)
        .with_columns(_rule_columns(seal_rules))
    )
    if with_reasons:
        route_names = [r.meta.output_name() for r in routes]
        seal_plan = seal_plan.with_columns(reasons(route_names, "seal_reasons"))
    return Plans(
        students=students,
        seal=seal_plan,
        school_year=year,
        as_of=as_of,
        rule_sets=[rules, DASHBOARD_RULE_SET, RFEP_RULE_SET, seal_rules],
    )


def evaluate(
    years: pl.LazyFrame | pl.DataFrame,
    seal_frame: pl.LazyFrame | pl.DataFrame | None = None,
    *,
    rules: str = "ec313.1-2015",
    seal_rules: str = "seal-2024",
    options: Options | None = None,
    warnings: list | None = None,
) -> RunResult:
    """Classify every student enrolled in the evaluated year; see the module docstring."""
    options = options or Options()
    if isinstance(years, pl.DataFrame):
        years = conform(years, YEARS_SCHEMA)
    if isinstance(seal_frame, pl.DataFrame):
        seal_frame = conform(seal_frame, SEAL_SCHEMA)
    plans = classify(years, seal_frame, rules=rules, seal_rules=seal_rules, options=options)
    students, seal_result = collect_all([plans.students, plans.seal])
    manifest = {
        "school_year": school_year_label(plans.school_year),
        "as_of": plans.as_of.isoformat(),
        "rule_sets": [RULE_SETS[n].as_dict() for n in plans.rule_sets],
        "options": options.as_dict(),
        "uncertain_choices": options.uncertain_choices(),
        "counts": {
            "students": students.height,
            "ltel": int(students["ltel"].sum()),
            "at_risk": int(students["at_risk"].sum()),
            "dashboard_ltel": int(students["dashboard_ltel"].sum()),
            "rfep_eligible": int((students["rfep_status"] == "eligible").sum()),
            "rfep_monitoring": int(students["rfep_monitoring"].sum()),
            "seal_eligible": int(seal_result["seal_eligible"].sum()),
        },
        "warnings": list(warnings or []),
    }
    return RunResult(students=students, seal=seal_result, manifest=manifest)
