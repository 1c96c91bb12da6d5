"""Submitting responses: ``response_record`` throughput from many threads, none lost.

    .venv/bin/python bench/listening_submit.py                    # PostgreSQL, then SQLite
    .venv/bin/python bench/listening_submit.py --responses 3000 --threads 8 --only postgres

Each thread has its own database connection and records its share of ``--responses``
complete responses to the 40-question benchmark survey (bench/listening_common.py) through
``alianza.listening.services.responses.response_record`` — the service the respondent's
last page, paper entry and the demo use: every answer checked, the response and its
answer rows written in one transaction. Afterwards the responses and answer rows are
counted: every submission must be there, once.

The web figure of the issue (300 submissions/s from gunicorn on 2 cores) is measured
through the respondent pages by bench/listening_submit_web.py, which appends to the same
results file; this benchmark measures the service underneath, which bounds that figure.
Results: bench/results/listening_submit.txt.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import listening_common as common  # noqa: E402

DB_NAME = "alz_bench_submit"
RESULTS = common.ROOT / "bench" / "results" / "listening_submit.txt"


def raw_answers(rng: random.Random, questions, by_county: dict[str, list[str]]) -> dict:
    """A respondent's answers as the form sends them (strings, lists of choices)."""
    county = rng.choice(common.COUNTIES)
    answers: dict = {}
    for question in questions:
        values = [option.value for option in question.options.all()]
        kind = question.type
        if kind == "single":
            answers[question.name] = rng.choice(values)
        elif kind == "multiple":
            answers[question.name] = rng.sample(values, rng.choice((1, 2, 3)))
        elif kind == "ranking":
            answers[question.name] = rng.sample(values, 3)
        elif kind == "rating":
            answers[question.name] = str(rng.randint(1, 5))
        elif kind == "number":
            answers[question.name] = str(rng.randrange(100))
        elif kind == "county":
            answers[question.name] = county
        elif kind == "district" and by_county.get(county):
            answers[question.name] = rng.choice(by_county[county])
        elif kind == "text" and rng.random() < 0.3:
            answers[question.name] = "Más apoyo para las familias"
    return answers


def run(backend: str, responses: int, threads: int) -> str:
    with tempfile.TemporaryDirectory(prefix="listening-submit-") as tmp:
        common.setup(backend, Path(tmp), DB_NAME)
        from django.db import connections

        from alianza.listening.models import Answer, Response
        from alianza.listening.services.responses import response_record, version_questions

        survey, version = common.build_survey()
        by_county = common.districts_by_county()
        per_thread = responses // threads
        barrier = threading.Barrier(threads)
        failures: list[str] = []

        def work(index: int) -> list[float]:
            rng = random.Random(index)
            questions = version_questions(version)  # as a web worker would have cached
            forms = [raw_answers(rng, questions, by_county) for _n in range(per_thread)]
            latencies = []
            try:
                barrier.wait()
                for answers in forms:
                    began = time.perf_counter()
                    try:
                        recorded = response_record(version=version, answers=answers,
                                                   language=rng.choice(("en", "es")),
                                                   respondent_type="parent",
                                                   questions=questions)
                    except Exception as error:  # noqa: BLE001 - counted and reported
                        failures.append(repr(error))
                        continue
                    latencies.append(time.perf_counter() - began)
                    assert recorded.pk is not None
                return latencies
            finally:
                connections.close_all()

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            latencies = [lat for part in pool.map(work, range(threads)) for lat in part]
        elapsed = time.perf_counter() - began
        saved = Response.objects.filter(survey=survey,
                                        status=Response.Status.SUBMITTED).count()
        answers = Answer.objects.filter(response__survey=survey).count()
        total = per_thread * threads
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0
        p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0
        lost = total - saved
        return (f"{common.database_version()}: {total:,} responses to the 40-question survey "
                f"from {threads} threads in {elapsed:.1f} s: {saved / elapsed:,.0f} "
                f"responses/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms per response; "
                f"{saved:,} saved, {lost} lost, {len(failures)} refused "
                f"({answers:,} answer rows, {answers / max(saved, 1):.1f} per response)\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(run(args.only, args.responses, args.threads), end="")
        return 0
    out = [common.machine() + "\n"]
    print(out[0], end="")
    for backend in [args.only] if args.only else ["postgres", "sqlite"]:
        done = subprocess.run([sys.executable, __file__, "--child", "--only", backend,
                               "--responses", str(args.responses), "--threads",
                               str(args.threads)],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            return done.returncode
        out.append(done.stdout)
        print(done.stdout, end="", flush=True)
    out.append(common.machine() + " (after)\n")
    if not args.only and args.responses == 4000:
        RESULTS.write_text("".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
