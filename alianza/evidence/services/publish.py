"""Publish a district run's suppressed aggregates to the dashboards, marked district-reported.

Publishing copies the stored aggregates (already suppressed) into figures of a new dataset
version with ``origin="district"`` and the district as its scope; a newer publication for the
same district and school year replaces the older one, like a newer state file does.
"""

from __future__ import annotations

import polars as pl
from django.db import transaction
from django.utils import timezone

from alianza.evidence.models import Dataset, Entity, StudentRun
from alianza.evidence.services.datasets import figures_insert
from alianza.evidence.services.figures import FIGURE_COLUMNS

MEASURE_METRICS = {
    "students": "enrollment",
    "english_learners": "el_count",
    "ltel": "ltel_count",
    "at_risk": "at_risk_count",
    "dashboard_ltel": "dashboard_ltel_count",
    "rfep_eligible": "rfep_eligible_count",
    "rfep_monitoring": "rfep_monitoring_count",
    "seal_eligible": "seal_eligible_count",
}
# breakdown -> (level, dimension, the aggregate column holding the dimension's value)
BREAKDOWNS = {
    "total": ("district", "", None),
    "grade": ("district", "grade", "grade"),
    "language": ("district", "language", "language"),
    "student_group": ("district", "student_group", "student_group"),
    "school_code": ("school", "", None),
    "school_code+grade": ("school", "grade", "grade"),
}


def grade_label(value: str) -> str:
    """The engine's grade numbers as the state files write them (KN, 01 … 12, TK)."""
    try:
        number = int(value)
    except ValueError:
        return value
    return {-1: "TK", 0: "KN"}.get(number, f"{number:02d}")


def _figures(run: StudentRun) -> pl.DataFrame:
    district_prefix = run.district_code[:7]
    county_code, district_code = run.district_code[:2], run.district_code[2:7]
    schools = dict(
        Entity.objects.filter(level="school", county_code=county_code,
                              district_code=district_code).values_list("cds_code", "name")
    )
    rows = []
    for aggregate in run.aggregates.all():
        if aggregate.breakdown not in BREAKDOWNS or aggregate.measure not in MEASURE_METRICS:
            continue
        level, dimension, column = BREAKDOWNS[aggregate.breakdown]
        if level == "school":
            if not (aggregate.school_code.isdigit() and len(aggregate.school_code) == 7):
                continue  # a school code the state would not recognise has no page
            cds = district_prefix + aggregate.school_code
            name = schools.get(cds, aggregate.school_code)
        else:
            cds, name = run.district_code, run.district_name or run.district_code
        value = getattr(aggregate, column) if column else ""
        rows.append((
            level, cds, county_code, district_code, name, run.county_name, run.district_name,
            MEASURE_METRICS[aggregate.measure], dimension,
            grade_label(value) if dimension == "grade" else value,
            aggregate.count, aggregate.suppressed, False,
        ))
    return pl.DataFrame(rows, schema=list(FIGURE_COLUMNS), orient="row")


def student_run_publish(*, run: StudentRun, user) -> Dataset:
    """Publish ``run``'s aggregates; publishing the same run again changes nothing."""
    if run.status != StudentRun.Status.DONE:
        raise ValueError("Only a finished run can be published.")
    with transaction.atomic():
        run = StudentRun.objects.select_for_update().get(pk=run.pk)
        if run.published_id and Dataset.objects.filter(pk=run.published_id,
                                                      is_current=True).exists():
            return run.published
        previous = (
            Dataset.objects.select_for_update()
            .filter(kind=Dataset.Kind.DISTRICT_REPORT, school_year=run.school_year,
                    scope=run.district_code, is_current=True)
            .first()
        )
        if previous is not None:
            previous.is_current = False
            previous.status = Dataset.Status.REPLACED
            previous.replaced_at = timezone.now()
            previous.save(update_fields=["is_current", "status", "replaced_at"])
        figures = _figures(run)
        dataset = Dataset.objects.create(
            kind=Dataset.Kind.DISTRICT_REPORT,
            origin=Dataset.Origin.DISTRICT,
            scope=run.district_code,
            title=run.district_name,
            source_name=run.original_name,
            school_year=run.school_year,
            sha256=run.sha256,
            imported_by=user if getattr(user, "pk", None) else None,
            row_count=run.aggregates.count(),
            figure_count=figures.height,
            notes=[f"rule sets: {', '.join(r['name'] for r in run.rule_sets)}",
                   f"cells of {run.threshold} or fewer suppressed"],
        )
        if previous is not None:
            previous.replaced_by = dataset
            previous.save(update_fields=["replaced_by"])
        figures_insert(dataset=dataset, figures=figures)
        run.published = dataset
        run.save(update_fields=["published", "updated_at"])
    return dataset
