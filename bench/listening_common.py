"""Shared pieces of the listening benchmarks: a database, a 40-question survey, and a fast
way to fill it with generated responses.

The survey is built through the real services (sections, questions, options, publishing).
The responses are then written straight into the tables — ``COPY`` on PostgreSQL,
``executemany`` on SQLite — in the shape ``response_record`` writes (one ``Answer`` row per
answer, per chosen option, per ranked option), because recording 100,000 responses one by
one through the service would take most of an hour and measure something else
(``listening_submit.py`` measures that path). ``check_consistency`` compares the bulk
rows with what ``response_record`` would have written for a sample of responses.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")

# The 40 questions: (kind, count). Roughly a long needs assessment.
LAYOUT = [("single", 12), ("multiple", 6), ("ranking", 2), ("rating", 10), ("number", 4),
          ("county", 1), ("district", 1), ("text", 4)]
ROLES = ["parent", "student", "educator", "community", "organization"]
COUNTIES = ["19", "19", "19", "10", "15", "37", "33", "36", "01", "34", "43", "54"]


def setup(backend: str, data_dir: Path, db_name: str, *, keep: bool = False) -> None:
    """Environment, an empty database (PostgreSQL: ``db_name`` dropped and created), migrate.
    With ``keep`` an existing database is kept (see ``prepare``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alianza.settings")
    os.environ["ALIANZA_DATA_DIR"] = str(data_dir)
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["SECRET_KEY"] = "bench-secret-key-not-for-production-0123456789abcdefghij"
    from importlib.util import find_spec

    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    os.environ["TASKS_BACKEND"] = f"{module}.backends.dummy.DummyBackend"
    if backend == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                        [db_name]).fetchone()
            if not (keep and exists):
                connection.execute(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
                connection.execute(f"CREATE DATABASE {db_name}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{db_name}"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


KEEP_DIR = Path(os.environ.get("BENCH_KEEP_DIR", "/tmp/alz-bench-listening"))


def prepare(backend: str, responses: int, *, keep: bool, tmp: Path, db_name: str):
    """A database holding the 40-question survey and ``responses`` generated responses;
    returns (survey, version, fill figures or None when reused).

    With ``keep`` the data live in ``KEEP_DIR`` (SQLite) or ``alz_bench_listening_<n>``
    (PostgreSQL) and are reused by the next run that asks for as many responses: filling
    100,000 responses takes a minute or two, the timed work seconds. The benches only read.
    """
    if keep:
        data_dir = KEEP_DIR / f"{backend}-{responses}"
        data_dir.mkdir(parents=True, exist_ok=True)
        db_name = f"alz_bench_listening_{responses}"
    else:
        data_dir = tmp
    setup(backend, data_dir, db_name, keep=keep)
    from alianza.listening.models import Response, Survey

    survey = Survey.objects.filter(slug="bench-40").first()
    if survey is not None:
        if Response.objects.filter(survey=survey, status="submitted").count() == responses:
            return survey, survey.versions.order_by("-number").first(), None
        raise SystemExit(f"{data_dir} / {db_name} holds another bench: remove it first")
    survey, version = build_survey()
    filled = fill(survey, version, responses)
    check_consistency(survey, version, sample=30)
    return survey, version, filled


def filled_line(filled: dict | None) -> str:
    if filled is None:
        return "(kept from an earlier run)"
    return (f"(generated {filled['generated']:.1f} s, written {filled['written']:.1f} s)")


def answer_count() -> int:
    from alianza.listening.models import Answer

    return Answer.objects.count()


def machine() -> str:
    load = os.getloadavg()
    return (f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}; load average: "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.cursor().connection.info.server_version}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def build_survey():
    """A published 40-question survey; returns (survey, version)."""
    from alianza.listening.models import QuestionType, Survey
    from alianza.listening.services.surveys import (
        question_add,
        section_add,
        survey_create,
        survey_text_save,
        version_draft_for,
        version_publish,
    )

    kinds = {"single": QuestionType.SINGLE, "multiple": QuestionType.MULTIPLE,
             "ranking": QuestionType.RANKING, "rating": QuestionType.RATING,
             "number": QuestionType.NUMBER, "county": QuestionType.COUNTY,
             "district": QuestionType.DISTRICT, "text": QuestionType.SHORT_TEXT}
    survey = survey_create(slug="bench-40", languages=["en", "es"])
    survey_text_save(survey=survey, language="en", title="Benchmark survey")
    survey_text_save(survey=survey, language="es", title="Encuesta de prueba")
    version = version_draft_for(survey=survey)
    section = None
    number = 0
    for kind, count in LAYOUT:
        for _n in range(count):
            if number % 10 == 0:
                section = section_add(version=version, name=f"s{number // 10 + 1}",
                                      title={"en": f"Part {number // 10 + 1}",
                                             "es": f"Parte {number // 10 + 1}"})
            number += 1
            options = None
            extra = {}
            if kind in ("single", "multiple"):
                options = [(f"o{i}", {"en": f"Option {i}", "es": f"Opción {i}"})
                           for i in range(1, 6 if kind == "single" else 7)]
            elif kind == "ranking":
                options = [(f"c{i}", {"en": f"Concern {i}", "es": f"Preocupación {i}"})
                           for i in range(1, 9)]
                extra["max_ranked"] = 3
            elif kind == "rating":
                extra.update(scale_min=1, scale_max=5)
            elif kind == "number":
                extra.update(scale_min=0, scale_max=100)
            question_add(section=section, name=f"q{number:02d}", type=kinds[kind],
                         label={"en": f"Question {number}", "es": f"Pregunta {number}"},
                         options=options, **extra)
    version_publish(version=version)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.refresh_from_db()
    return survey, version


def districts_by_county() -> dict[str, list[str]]:
    from alianza.coalition.places import districts

    found: dict[str, list[str]] = {}
    for district in districts().values():
        found.setdefault(district.county_code, []).append(district.code)
    return {county: sorted(codes)[:6] for county, codes in found.items()}


def _plan(questions) -> list[tuple]:
    """Per question what the generator needs: (kind, question id, option ids)."""
    return [(q.type, q.pk, [option.pk for option in q.options.all()]) for q in questions]


def _answer_rows(rng: random.Random, plan, pk: int, county: str, district: str) -> list:
    """One respondent's answer rows, as ``answers.answer_rows`` makes them: one row per
    single answer, per chosen option, per ranked option (rank 1 first)."""
    rows = []
    for kind, question_id, options in plan:
        if kind == "single":
            # Skewed, so the summaries have a clear first answer.
            chosen = rng.choices(options, weights=[5, 4, 3, 2, 1])[0]
            rows.append((pk, question_id, chosen, None, None, None, ""))
        elif kind == "multiple":
            for option in rng.sample(options, rng.choice((1, 2, 2, 3))):
                rows.append((pk, question_id, option, None, None, None, ""))
        elif kind == "ranking":
            for rank, option in enumerate(rng.sample(options, 3), start=1):
                rows.append((pk, question_id, option, rank, None, None, ""))
        elif kind == "rating":
            value = rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 3, 2))[0]
            rows.append((pk, question_id, None, None, float(value), None, ""))
        elif kind == "number":
            rows.append((pk, question_id, None, None, float(rng.randrange(100)), None, ""))
        elif kind == "county":
            rows.append((pk, question_id, None, None, None, None, county))
        elif kind == "district":
            if district:
                rows.append((pk, question_id, None, None, None, None, district))
        elif kind == "text" and rng.random() < 0.3:
            rows.append((pk, question_id, None, None, None, None, rng.choice(
                ("More tutoring please", "Más apoyo en español", "Counselors", "Transporte"))))
    return rows


def fill(survey, version, responses: int, *, seed: int = 7) -> dict[str, float]:
    """Write ``responses`` submitted responses and their answers; returns timings."""
    from django.db import connection, transaction

    from alianza.listening.services.responses import version_questions

    plan = _plan(version_questions(version))
    rng = random.Random(seed)
    by_county = districts_by_county()
    began = time.perf_counter()
    now = datetime.now(UTC)
    sqlite = connection.vendor == "sqlite"
    response_rows, answer_rows = [], []
    for pk in range(1, responses + 1):
        county = rng.choice(COUNTIES)
        district = rng.choice(by_county[county]) if by_county.get(county) else ""
        when = now - timedelta(minutes=rng.randrange(60 * 24 * 60))
        if sqlite:  # how Django stores an aware datetime in SQLite: naive UTC text
            when = when.replace(tzinfo=None).isoformat(" ")
        response_rows.append((
            pk, survey.pk, version.pk, "submitted", "web", rng.choice(("en", "es", "es")),
            rng.choices(ROLES, weights=(50, 25, 15, 8, 2))[0], county, district, "{}", 0,
            when, when, when))
        answer_rows.extend(_answer_rows(rng, plan, pk, county, district))
    generated = time.perf_counter() - began
    began = time.perf_counter()
    response_columns = ("id, survey_id, version_id, status, channel, language, "
                        "respondent_type, county_code, district_code, draft, "
                        "section_position, started_at, updated_at, submitted_at")
    answer_columns = "response_id, question_id, option_id, rank, number, date, text"
    with transaction.atomic():
        cursor = connection.cursor()
        if not sqlite:
            raw_cursor = cursor.cursor
            # The rows are generated consistent (and checked below): skip the per-row
            # foreign-key triggers during the load, as pg_restore does.
            raw_cursor.execute("SET LOCAL session_replication_role = replica")
            with raw_cursor.copy(f"COPY listening_response ({response_columns}) FROM STDIN"
                                 ) as copy:
                for row in response_rows:
                    copy.write_row(row)
            with raw_cursor.copy(f"COPY listening_answer ({answer_columns}) FROM STDIN"
                                 ) as copy:
                for row in answer_rows:
                    copy.write_row(row)
            raw_cursor.execute("SET LOCAL session_replication_role = origin")
            cursor.execute("SELECT setval(pg_get_serial_sequence('listening_response', "
                           "'id'), (SELECT MAX(id) FROM listening_response))")
        else:
            raw = connection.connection  # the sqlite3 connection: no per-row SQL rewriting
            raw.executemany(f"INSERT INTO listening_response ({response_columns}) VALUES "
                            f"({', '.join(['?'] * 14)})", response_rows)
            raw.executemany(f"INSERT INTO listening_answer ({answer_columns}) VALUES "
                            f"({', '.join(['?'] * 7)})", answer_rows)
    written = time.perf_counter() - began
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute("ANALYZE")
        else:
            # What autovacuum does to a table after many inserts: statistics, and the
            # visibility map without which an index-only scan still visits every row.
            cursor.execute("VACUUM ANALYZE listening_response")
            cursor.execute("VACUUM ANALYZE listening_answer")
    return {"generated": generated, "written": written, "answers": len(answer_rows)}


def check_consistency(survey, version, sample: int = 50) -> None:
    """Record ``sample`` responses through ``response_record`` and compare their rows with
    the bulk ones of the same answers: same questions, options, ranks, numbers, texts."""
    from django.db import transaction

    from alianza.listening.models import Answer, Response
    from alianza.listening.services.responses import response_record, version_questions

    questions = version_questions(version)
    for pk in Response.objects.filter(survey=survey).order_by("pk").values_list(
            "pk", flat=True)[:sample]:
        bulk = sorted(Answer.objects.filter(response_id=pk).values_list(
            "question_id", "option_id", "rank", "number", "text"), key=str)
        raw = _answers_from_rows(questions, pk)
        with transaction.atomic():
            recorded = response_record(version=version, answers=raw, language="en",
                                       questions=questions)
            again = sorted(Answer.objects.filter(response=recorded).values_list(
                "question_id", "option_id", "rank", "number", "text"), key=str)
            transaction.set_rollback(True)
        assert bulk == again, (pk, bulk, again)


def _answers_from_rows(questions, response_id: int) -> dict:
    from alianza.listening.models import Answer

    by_question = {q.pk: q for q in questions}
    answers: dict = {}
    for question_id, option, _rank, number, text in Answer.objects.filter(
            response_id=response_id).order_by("rank", "pk").values_list(
            "question_id", "option__value", "rank", "number", "text"):
        question = by_question[question_id]
        if question.type in ("multiple", "ranking"):
            answers.setdefault(question.name, []).append(option)
        elif question.type == "single":
            answers[question.name] = option
        elif number is not None:
            answers[question.name] = number
        else:
            answers[question.name] = text
    return answers


def backends_main(*, doc: str, script: str, run, results: Path) -> int:
    """The shared command line: ``--responses``, ``--only``, ``--keep``; each database is
    measured in a child process of its own (``run(backend, responses, keep)`` gives its
    lines), and a full-size run on both is written to ``results``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated data and reuse them next time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(run(args.only, args.responses, args.keep), end="")
        return 0
    out = [machine() + "\n"]
    print(out[0], end="")
    for backend in [args.only] if args.only else ["sqlite", "postgres"]:
        done = subprocess.run([sys.executable, script, "--child", "--only", backend,
                               "--responses", str(args.responses),
                               *(["--keep"] if args.keep else [])],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            return done.returncode
        out.append(done.stdout)
        print(done.stdout, end="", flush=True)
    out.append(machine() + " (after)\n")
    if not args.only and args.responses == 100_000:
        results.write_text("".join(out), encoding="utf-8")
    return 0
