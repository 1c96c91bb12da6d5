"""The findings of a 100,000-response, 40-question survey: every question's summary and one
cross-tab, on SQLite and PostgreSQL, beside a single columnar pass with Polars.

    .venv/bin/python bench/listening_findings.py               # both databases
    .venv/bin/python bench/listening_findings.py --responses 20000 --only sqlite

The survey (12 single choice, 6 multiple choice, 2 rankings, 10 rating scales, 4 numbers,
county, district, 4 short texts) is built through the services; the responses are
generated and written in bulk (bench/listening_common.py: ``COPY`` on PostgreSQL,
``executemany`` on SQLite, rows checked against ``response_record`` for a sample).

What is timed, best of three runs each:

1. **findings**: the findings part's own functions if they are installed —
   ``from alianza.listening.selectors.findings import survey_findings, crosstab`` called
   as ``survey_findings(survey)`` and ``crosstab(survey, question=<first single choice>,
   by="respondent_type")`` (adjust ``_findings_functions`` below if their names differ) —
   otherwise the equivalent GROUP BY queries here (three statements): counts per option
   (choices, rankings with mean rank), counts and means per rating/number question with
   their distribution, answered counts for texts, respondents per question, and the
   cross-tab of the first single-choice question by respondent type;
2. **polars**: the same figures from the same answers in one columnar pass, after the
   answer and response tables are read into Polars (reading is timed apart).

Target (issue 10): findings under 2 s on both databases. SQLite runs in a temporary file;
PostgreSQL in the database ``alz_bench_findings``, dropped and created. Results:
bench/results/listening_findings.txt.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import listening_common as common  # noqa: E402

DB_NAME = "alz_bench_findings"
RESULTS = common.ROOT / "bench" / "results" / "listening_findings.txt"
TARGET = 2.0


def _findings_functions():
    """The findings part's selectors if present, else None (the fallback below runs)."""
    try:
        from alianza.listening.selectors.findings import crosstab, survey_findings
    except ImportError:
        return None

    def run(survey, question_name: str):
        summary = survey_findings(survey)
        table = crosstab(survey, question=question_name, by="respondent_type")
        return summary, table

    return run


def group_by_findings(survey, question_name: str) -> dict:
    """Every question's summary and one cross-tab from three GROUP BY queries over the
    survey's answers (the fallback while the findings part is not installed).

    Answer rows exist only for submitted responses (they are written on submission), so
    the survey's question ids are filter enough and the response table is joined only for
    the cross-tab. One pass counts every (question, option, rank, number) cell, from which
    choice counts, mean ranks, rating distributions and means, and answered counts all
    follow; a second counts distinct respondents of the multiple-answer questions.
    """
    from collections import defaultdict

    from django.db.models import Count

    from alianza.listening.models import Answer, Question, QuestionType

    questions = dict(Question.objects.filter(version__survey=survey)
                     .values_list("pk", "type"))
    answers = Answer.objects.filter(question_id__in=list(questions))
    cells = list(answers.values_list("question_id", "option_id", "rank", "number")
                 .annotate(count=Count("pk")).order_by())
    several = [pk for pk, kind in questions.items()
               if kind in (QuestionType.MULTIPLE, QuestionType.RANKING)]
    respondents = dict(answers.filter(question_id__in=several).values_list("question_id")
                       .annotate(n=Count("response_id", distinct=True)).order_by())
    crosstab_ids = list(Question.objects.filter(version__survey=survey, name=question_name)
                        .values_list("pk", flat=True))
    crosstab = list(Answer.objects.filter(question_id__in=crosstab_ids)
                    .values("response__respondent_type", "option_id")
                    .annotate(count=Count("pk")).order_by())
    choices: dict = defaultdict(lambda: [0, 0, 0])  # count, rank sum, ranked count
    numbers: dict = defaultdict(int)
    answered: dict = defaultdict(int)
    for question_id, option_id, rank, number, count in cells:
        if option_id is not None:
            entry = choices[(question_id, option_id)]
            entry[0] += count
            if rank is not None:
                entry[1] += rank * count
                entry[2] += count
        elif number is not None:
            numbers[(question_id, number)] += count
        if questions[question_id] not in (QuestionType.MULTIPLE, QuestionType.RANKING):
            answered[question_id] += count
    answered.update(respondents)
    means: dict = defaultdict(lambda: [0, 0.0])
    for (question_id, number), count in numbers.items():
        means[question_id][0] += count
        means[question_id][1] += number * count
    return {"choices": [{"question": q, "option": o, "count": c,
                         "mean_rank": (s / r) if r else None}
                        for (q, o), (c, s, r) in choices.items()],
            "numbers": numbers, "means": {q: total / n for q, (n, total) in means.items()},
            "respondents": answered, "crosstab": crosstab}


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


def run(backend: str, responses: int) -> str:
    with tempfile.TemporaryDirectory(prefix="listening-findings-") as tmp:
        common.setup(backend, Path(tmp), DB_NAME)
        survey, version = common.build_survey()
        filled = common.fill(survey, version, responses)
        common.check_consistency(survey, version, sample=30)
        question = "q01"
        own = _findings_functions()
        source = "alianza.listening.selectors.findings" if own else "GROUP BY fallback"
        if own:
            seconds, _result = _best(lambda: own(survey, question))
            fallback, result = _best(lambda: group_by_findings(survey, question))
        else:
            seconds, result = _best(lambda: group_by_findings(survey, question))
            fallback = seconds
        read, (answers, respondents) = _best(lambda: polars_frames(survey), runs=1)
        columnar, pl_result = _best(lambda: polars_findings(answers, respondents, question))
        # Both ways must agree on the figures.
        assert len(result["choices"]) == pl_result["choices"].height
        assert sum(r["count"] for r in result["crosstab"]) == int(
            pl_result["crosstab"]["count"].sum())
        verdict = "ok" if seconds < TARGET else "OVER TARGET"
        return (
            f"{common.database_version()}: {responses:,} responses, {filled['answers']:,} "
            f"answer rows (generated {filled['generated']:.1f} s, written "
            f"{filled['written']:.1f} s)\n"
            f"  findings ({source}): {seconds:6.2f} s  (target < {TARGET:.0f} s: {verdict})\n"
            f"  GROUP BY queries alone:         {fallback:6.2f} s\n"
            f"  Polars pass over the same rows: {columnar:6.2f} s  "
            f"(reading the rows into Polars: {read:.2f} s); "
            f"findings / Polars = {seconds / columnar:.1f}×\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(run(args.only, args.responses), end="")
        return 0
    out = [common.machine() + "\n"]
    print(out[0], end="")
    for backend in [args.only] if args.only else ["sqlite", "postgres"]:
        done = subprocess.run([sys.executable, __file__, "--child", "--only", backend,
                               "--responses", str(args.responses)],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            return done.returncode
        out.append(done.stdout)
        print(done.stdout, end="", flush=True)
    out.append(common.machine() + " (after)\n")
    if not args.only and args.responses == 100_000:
        RESULTS.write_text("".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
