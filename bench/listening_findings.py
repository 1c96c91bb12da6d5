"""The findings of a 100,000-response, 40-question survey: every question's summary and one
cross-tab, on SQLite and PostgreSQL, beside a single columnar pass with Polars.

    .venv/bin/python bench/listening_findings.py --keep        # both databases, data kept

(``--responses 20000 --only sqlite`` for a quick look; ``--keep`` reuses the generated data
of an earlier run with as many responses, see bench/listening_common.py ``prepare``.)

The survey (12 single choice, 6 multiple choice, 2 rankings, 10 rating scales, 4 numbers,
county, district, 4 short texts) is built through the services; the responses are
generated and written in bulk (bench/listening_common.py: ``COPY`` on PostgreSQL,
``executemany`` on SQLite, rows checked against ``response_record`` for a sample).

What is timed, best of three runs each:

1. **findings**: the real selectors the findings page calls —
   ``findings_summary(survey, language="en")`` (alianza/listening/selectors/findings.py)
   and one ``crosstab(survey, question_name="q01", dimension="respondent_type",
   language="en")`` (selectors/findings_crosstab.py);
2. **page**: the whole findings page over HTTP (Django test client, logged in as
   staff with the listening permissions, ``?q=q01&by=respondent_type``): the selectors
   above, the open-answer themes, the charts and the template;
3. **polars**: the same figures from the same answers in one columnar pass, after the
   answer and response tables are read into Polars (reading is timed apart) — the limit.

Target (issue 10): the findings page under 2 s on both databases. Results:
bench/results/listening_findings.txt.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import listening_common as common  # noqa: E402

DB_NAME = "alz_bench_findings"
RESULTS = common.ROOT / "bench" / "results" / "listening_findings.txt"
TARGET = 2.0
QUESTION = "q01"


def real_findings(survey):
    """What the findings page computes: every question's summary and one cross-tab."""
    from alianza.listening.selectors.findings import findings_summary
    from alianza.listening.selectors.findings_crosstab import crosstab

    summary = findings_summary(survey, language="en")
    table = crosstab(survey, question_name=QUESTION, dimension="respondent_type",
                     language="en")
    return summary, table


def page_client(survey):
    """A test client logged in as staff with the listening permissions (a superuser would
    be sent to enrol a second factor first), and the findings page's address."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client
    from django.urls import reverse

    user, _created = get_user_model().objects.update_or_create(
        username="bench-findings", defaults={"is_staff": True, "is_superuser": False})
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="listening"))
    client = Client()
    client.force_login(user)
    url = reverse("listening-staff-findings", kwargs={"survey_id": survey.pk})
    return client, f"{url}?q={QUESTION}&by=respondent_type"


def fetch_page(client, url: str) -> bytes:
    response = client.get(url, secure=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.status_code
    return response.content


def polars_frames(survey):
    """The answers and the responses as Polars frames, straight from the DB cursor."""
    import polars as pl
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.response_id, q.name, o.value, a.rank, a.number, a.text "
            "FROM listening_answer a JOIN listening_question q ON q.id = a.question_id "
            "LEFT JOIN listening_option o ON o.id = a.option_id "
            "JOIN listening_response r ON r.id = a.response_id "
            "WHERE r.survey_id = %s AND r.status = 'submitted'", [survey.pk])
        rows = cursor.fetchall()
        answers = pl.DataFrame(rows, schema={"response_id": pl.Int64, "question": pl.Utf8,
                                             "option": pl.Utf8, "rank": pl.Int64,
                                             "number": pl.Float64, "text": pl.Utf8},
                               orient="row")
        cursor.execute("SELECT id, respondent_type FROM listening_response "
                       "WHERE survey_id = %s AND status = 'submitted'", [survey.pk])
        responses = pl.DataFrame(cursor.fetchall(), schema={"response_id": pl.Int64,
                                                            "respondent_type": pl.Utf8},
                                 orient="row")
    return answers, responses


def polars_findings(answers, responses, question_name: str) -> dict:
    import polars as pl

    choices = (answers.filter(pl.col("option").is_not_null())
               .group_by("question", "option")
               .agg(pl.len().alias("count"), pl.col("rank").mean().alias("mean_rank")))
    numeric = answers.filter(pl.col("number").is_not_null())
    numbers = numeric.group_by("question", "number").agg(pl.len().alias("count"))
    means = numeric.group_by("question").agg(pl.len().alias("count"),
                                              pl.col("number").mean().alias("mean"))
    respondents = answers.group_by("question").agg(
        pl.col("response_id").n_unique().alias("respondents"))
    crosstab = (answers.filter(pl.col("question") == question_name)
                .join(responses, on="response_id")
                .group_by("respondent_type", "option").agg(pl.len().alias("count")))
    return {"choices": choices, "numbers": numbers, "means": means,
            "respondents": respondents, "crosstab": crosstab}


def _best(work, runs: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _run in range(runs):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    return best, result


def run(backend: str, responses: int, keep: bool) -> str:
    with tempfile.TemporaryDirectory(prefix="listening-findings-") as tmp:
        survey, version, filled = common.prepare(backend, responses, keep=keep, tmp=Path(tmp),
                                                 db_name=DB_NAME)
        seconds, (summary, table) = _best(lambda: real_findings(survey))
        client, url = page_client(survey)
        page, content = _best(lambda: fetch_page(client, url))
        read, (answers, respondents) = _best(lambda: polars_frames(survey), runs=1)
        columnar, pl_result = _best(lambda: polars_findings(answers, respondents, QUESTION))
        # Both ways must agree on the figures: every choice count of every question, and
        # the cross-tab's total.
        import polars as pl

        choices = {(r["question"], r["option"]): r["count"]
                   for r in pl_result["choices"].iter_rows(named=True)}
        for question in summary.questions:
            if question.type in ("single", "multiple", "ranking"):
                for row in question.rows:
                    assert choices.get((question.info.name, row.key), 0) == row.count, (
                        question.info.name, row.key, row.count)
        crosstab_total = int(pl_result["crosstab"].filter(
            pl.col("option").is_not_null())["count"].sum())
        assert sum(n for n, _percent in table.total.cells) == crosstab_total
        assert QUESTION.encode() in content
        verdict = "ok" if page < TARGET else "OVER TARGET"
        return (
            f"{common.database_version()}: {responses:,} responses, "
            f"{common.answer_count():,} answer rows {common.filled_line(filled)}\n"
            f"  findings_summary + crosstab:    {seconds:6.2f} s\n"
            f"  the findings page over HTTP:    {page:6.2f} s  (target < {TARGET:.0f} s: "
            f"{verdict}; {len(content) / 1e3:.0f} kB)\n"
            f"  Polars pass over the same rows: {columnar:6.2f} s  "
            f"(reading the rows into Polars: {read:.2f} s)\n"
            f"  selectors / Polars = {seconds / columnar:.1f}x, page / Polars = "
            f"{page / columnar:.1f}x\n")


def main() -> int:
    return common.backends_main(doc=__doc__, script=__file__, run=run, results=RESULTS)

if __name__ == "__main__":
    sys.exit(main())
