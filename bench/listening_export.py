"""Full CSV export of 100,000 responses to a 40-question survey, SQLite and PostgreSQL.

    .venv/bin/python bench/listening_export.py                 # both databases
    .venv/bin/python bench/listening_export.py --responses 20000 --only postgres

The export part's own function is used if it is installed —
``from alianza.listening.exports.csv import responses_csv`` called as
``responses_csv(survey=survey, out=<text file>)`` (adjust ``_export_function`` below if the
name differs) — otherwise a streaming export here: one query over the answers in response
order, one row per response, one column per question (multiple choices joined with "; ",
rankings in rank order), written with ``csv.writer``. The file is read back to check it
has one row per response. Target (issue 10): under 10 s. Data: bench/listening_common.py.
Results: bench/results/listening_export.txt.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import listening_common as common  # noqa: E402

DB_NAME = "alz_bench_export"
RESULTS = common.ROOT / "bench" / "results" / "listening_export.txt"
TARGET = 10.0


def _export_function():
    try:
        from alianza.listening.exports.csv import responses_csv
    except ImportError:
        return None
    return lambda survey, out: responses_csv(survey=survey, out=out)


def streaming_csv(survey, out) -> int:
    """The fallback export: one pass over the answers, a row written per response."""
    from django.db import connection

    from alianza.listening.models import Question, Response

    questions = list(Question.objects.filter(version=survey.current_version)
                     .order_by("section__position", "position").values_list("pk", "name"))
    column = {pk: index for index, (pk, _name) in enumerate(questions)}
    writer = csv.writer(out)
    writer.writerow(["response", "submitted", "language", "respondent_type", "county",
                     "partner", *[name for _pk, name in questions]])
    meta = {pk: (submitted, language, kind, county, partner) for
            pk, submitted, language, kind, county, partner in
            Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
            .values_list("pk", "submitted_at", "language", "respondent_type", "county_code",
                         "partner__name").iterator(chunk_size=20000)}
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.response_id, a.question_id, o.value, a.number, a.text "
            "FROM listening_answer a LEFT JOIN listening_option o ON o.id = a.option_id "
            "JOIN listening_question q ON q.id = a.question_id "
            "JOIN listening_surveyversion v ON v.id = q.version_id "
            "WHERE v.survey_id = %s ORDER BY a.response_id, a.question_id, a.rank, a.id",
            [survey.pk])
        current, cells = None, None

        def flush() -> None:
            nonlocal written
            submitted, language, kind, county, partner = meta[current]
            writer.writerow([current, submitted.isoformat() if submitted else "", language,
                             kind, county, partner or "",
                             *["; ".join(cell) if cell else "" for cell in cells]])
            written += 1

        while batch := cursor.fetchmany(20000):
            for response_id, question_id, option, number, text in batch:
                if response_id != current:
                    if current is not None:
                        flush()
                    current, cells = response_id, [None] * len(questions)
                value = option if option is not None else (
                    (str(int(number)) if number == int(number) else str(number))
                    if number is not None else text)
                index = column.get(question_id)
                if index is None:
                    continue
                if cells[index] is None:
                    cells[index] = [value]
                else:
                    cells[index].append(value)
        if current is not None:
            flush()
    return written


def run(backend: str, responses: int) -> str:
    with tempfile.TemporaryDirectory(prefix="listening-export-") as tmp:
        common.setup(backend, Path(tmp), DB_NAME)
        survey, version = common.build_survey()
        filled = common.fill(survey, version, responses)
        own = _export_function()
        source = "alianza.listening.exports" if own else "streaming fallback"
        export = own or streaming_csv
        path = Path(tmp) / "responses.csv"
        best = float("inf")
        for _run in range(2):
            began = time.perf_counter()
            with path.open("w", encoding="utf-8", newline="") as out:
                export(survey, out)
            best = min(best, time.perf_counter() - began)
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _row in csv.reader(handle)) - 1
        assert rows == responses, (rows, responses)
        size = path.stat().st_size / 1e6
        verdict = "ok" if best < TARGET else "OVER TARGET"
        return (f"{common.database_version()}: {responses:,} responses, "
                f"{filled['answers']:,} answer rows\n"
                f"  CSV export ({source}): {best:6.2f} s  (target < {TARGET:.0f} s: "
                f"{verdict}); {rows:,} rows, {size:.0f} MB\n")


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
