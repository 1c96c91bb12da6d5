"""Staff pages for district student files: upload, progress, aggregates, publish."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import forbidden, may_manage
from alianza.evidence.forms import StudentRunForm
from alianza.evidence.metrics import metric
from alianza.evidence.models import StudentRun
from alianza.evidence.selectors.pages import LANGUAGE_NAMES
from alianza.evidence.services.publish import MEASURE_METRICS, student_run_publish
from alianza.evidence.services.reasons import STATUSES
from alianza.evidence.services.runs import student_run_create, student_run_give_up
from alianza.evidence.student_messages import failure_message, warning_messages
from alianza.evidence.views.access import FORBIDDEN, can_run
from alianza.evidence.views.criteria import CRITERIA, SCOPES, STATUS_LABELS

ACTIVE = (StudentRun.Status.QUEUED, StudentRun.Status.RUNNING)


@can_run
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    form = StudentRunForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            run = student_run_create(
                upload=data["file"], user=request.user, district_code=data["district_code"],
                layout=data["layout"], ltel_rule_set=data["ltel_rule_set"],
                seal_rule_set=data["seal_rule_set"], local_criteria=form.local_criteria(),
                threshold=data["threshold"], school_year=data["school_year"],
            )
        return redirect("evidence-staff-run", pk=run.pk)
    page = Paginator(StudentRun.objects.select_related("created_by"), 25).get_page(
        request.GET.get("page"))
    return render(request, "evidence/staff/runs.html", {"form": form, "page": page},
                  status=400 if request.method == "POST" else 200)


DIMENSION_LABELS = {
    "school_code": gettext_lazy("school"),
    "grade": gettext_lazy("grade"),
    "language": gettext_lazy("language"),
    "student_group": gettext_lazy("student group"),
}


def breakdown_label(breakdown: str) -> str:
    """"school_code+grade" → "school × grade"; the whole run reads "all students"."""
    parts = [p for p in breakdown.replace(",", "+").split("+") if p and p != "total"]
    if not parts:
        return str(gettext_lazy("all students"))
    return " × ".join(str(DIMENSION_LABELS.get(p, p)) for p in parts)


def _language_shown(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


def _aggregate_tables(run: StudentRun) -> list[dict]:
    """One table per breakdown: rows by key, a column per measure."""
    tables: dict[str, dict] = {}
    for a in run.aggregates.order_by("breakdown", "school_code", "grade", "language",
                                     "student_group", "pk"):
        table = tables.setdefault(a.breakdown, {"breakdown": a.breakdown, "rows": {}})
        key = (a.school_code, a.grade, a.language, a.student_group)
        # Languages are stored as ISO codes ("spa"); staff read "Spanish (spa)".
        shown = (a.school_code, a.grade, _language_shown(a.language), a.student_group)
        row = table["rows"].setdefault(key, {
            "key": [s for k, s in zip(key, shown, strict=True) if k != "ALL"], "cells": {}})
        row["cells"][a.measure] = a
    measures = list(MEASURE_METRICS)
    return [{
        "breakdown": breakdown_label(t["breakdown"]),
        "rows": [{"key": r["key"], "cells": [r["cells"].get(m) for m in measures]}
                 for r in t["rows"].values()],
    } for t in tables.values()]


def _reasons(run: StudentRun) -> list[dict]:
    return [{
        "label": CRITERIA.get(r["criterion"], r["criterion"]),
        "scope": SCOPES.get(r["scope"], r["scope"]),
        "counts": [r.get(s) for s in STATUSES],
    } for r in run.reasons]


def _context(run: StudentRun) -> dict:
    done = run.status == StudentRun.Status.DONE
    return {
        "run": run,
        "active": run.status in ACTIVE,
        "failure": failure_message(run.error_code, run.error_params)
        if run.status == StudentRun.Status.FAILED else "",
        "warnings": warning_messages(run.warnings) if done else [],
        "measures": [metric(m).label for m in MEASURE_METRICS.values()],
        "tables": _aggregate_tables(run) if done else [],
        "reasons": _reasons(run) if done else [],
        "statuses": [STATUS_LABELS[s] for s in STATUSES],
    }


@can_run
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(StudentRun.objects.select_related("published"), pk=pk)
    if request.htmx:
        return render(request, "evidence/staff/_run_status.html", _context(run))
    return render(request, "evidence/staff/run.html", _context(run))


@can_run
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(StudentRun, pk=pk)
    # Publishing puts a district's figures on the public dashboards: whoever ran the file
    # decides, unless one manages every run.
    if not may_manage(request.user, run, perm="evidence.manage_all_runs"):
        return forbidden(request, FORBIDDEN)
    if run.status != StudentRun.Status.DONE:
        messages.error(request, _("Only a finished run can be published."))
    else:
        student_run_publish(run=run, user=request.user)
        messages.success(request, _("The figures are on the dashboards, marked "
                                    "district-reported."))
    return redirect("evidence-staff-run", pk=pk)


@can_run
@require_POST
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a run that has not finished and delete its student file (e.g. a stuck one)."""
    run = get_object_or_404(StudentRun, pk=pk)
    if not may_manage(request.user, run, perm="evidence.manage_all_runs"):
        return forbidden(request, FORBIDDEN)
    if student_run_give_up(run=run, code="discarded"):
        messages.success(request, _("The run was discarded and the student file deleted."))
    else:
        messages.error(request, _("Only a run that has not finished can be discarded."))
    return redirect("evidence-staff-run", pk=pk)


@can_run
def run_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(StudentRun, pk=pk, status=StudentRun.Status.DONE)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["breakdown", "school_code", "grade", "language", "student_group",
                     "measure", "rule_set", "count", "suppressed", "suppression"])
    for a in run.aggregates.order_by("pk"):
        writer.writerow([a.breakdown, a.school_code, a.grade, a.language, a.student_group,
                         a.measure, a.rule_set, "*" if a.suppressed else a.count,
                         a.suppressed, a.suppression])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-aggregates.csv"'
    return response
