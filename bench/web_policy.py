"""Requests per second of the bill tracker's public pages for anonymous readers, 5,000 bills.

    .venv/bin/python bench/web_policy.py        # 4 gunicorn workers, 16 connections, 10 s a page

Options: --workers N, --threads N (gthread workers), --seconds S, --connections C,
--context-connections C (for the pages not cached, default 1), --bills N, --tracked N,
--cache database|redis|both. Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the
database ``alianza_bench_policy``, ``BENCH_DB`` to change it, is dropped and created) and
Debian's wrk (``apt-get install wrk``); Redis on 127.0.0.1:6379 for the Redis run
(``BENCH_REDIS_URL``, default database 9 there). The server listens on 127.0.0.1:8913
(``BENCH_PORT``), so that the library's benchmark can run beside it. Results (with the
default 5,000 bills): bench/results/web_policy.txt.

The session is the one ``policy_bill_import.py`` imports (``policy_bill_files.py``: 5,000
fictional 2023-24 California bills with their actions, versions, votes and sponsors), written
as Open States pages and read by the tracker's own import, with the real legislators of the
policy demo and its 2023-24 agenda. Sixty bills are tracked, as a coalition tracks a
session's worth: the agenda's four (AB 1947 among them) and 56 others, each with a
plain-language title and summary in English and Spanish, issue areas, a position (one in
five with an earlier one) and authors linked to legislators.

Anonymous readers get the tracker's pages from ``alianza/core/page_cache.py`` (namespace
"policy"), in each process's memory or in Redis as in ``web_library.py``: both arrangements
are measured, each with its own gunicorn. Measured: the bill list and a bill page in English
and Spanish and the legislators list (all cached), and, for context and once, two pages the
cache does not keep: the list filtered by position (``?position=support``) and the agenda at
/en/policy/ (its view is not cached).

Before each run the script fetches the page once and checks that it answers 200 with the
expected title; after it, it reports wrk's non-2xx count and how many database
transactions PostgreSQL counted per request (near zero when the page came from the cache).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

# Its own database and port: another web benchmark may be running on the same machine.
os.environ.setdefault("BENCH_DB", "alianza_bench_policy")
os.environ.setdefault("BENCH_PORT", "8913")

import web_common as common  # noqa: E402
from policy_bill_files import write_session  # noqa: E402
from web_library import Page, cache_runs, redis_generation_bump  # noqa: E402

RESULTS = common.ROOT / "bench" / "results" / "web_policy.txt"
TARGET_PER_SECOND = 1000
BILL = "AB 1947"  # one of the agenda's bills: the page the coalition links to most
FILTER = "support"

# What staff write about a tracked bill: (title, summary) in English, then in Spanish.
PLAIN = [
    ("More dual-language classrooms",
     "Gives districts grants to open dual-language immersion classrooms where waiting lists "
     "are longest, starting in transitional kindergarten.",
     "Más salones de doble inmersión",
     "Da subvenciones a los distritos para abrir salones de doble inmersión donde las listas "
     "de espera son más largas, empezando en kínder de transición."),
    ("Clear reports on English learner funds",
     "Requires each district to show, in plain language, which services English learners "
     "receive with the supplemental funds meant for them.",
     "Informes claros sobre los fondos para estudiantes de inglés",
     "Obliga a cada distrito a mostrar, en lenguaje sencillo, qué servicios reciben los "
     "estudiantes de inglés con los fondos suplementarios destinados a ellos."),
    ("Help for long-term English learners",
     "Sets up support in middle school for students who have been English learners for six "
     "years or more, so they reach grade-level courses.",
     "Apoyo para estudiantes de inglés a largo plazo",
     "Crea apoyos en la secundaria para estudiantes que llevan seis años o más aprendiendo "
     "inglés, para que lleguen a cursos de nivel de grado."),
    ("Paying teachers to earn a bilingual authorization",
     "Covers the courses and exams current teachers need to add a bilingual authorization "
     "to their credential.",
     "Pagar a docentes para obtener la certificación bilingüe",
     "Cubre los cursos y exámenes que los docentes en servicio necesitan para agregar la "
     "certificación bilingüe a su credencial."),
    ("Interpreters at parent advisory meetings",
     "Pays for interpretation and translated materials at English Learner Advisory "
     "Committee meetings.",
     "Intérpretes en las reuniones de comités de padres",
     "Paga la interpretación y los materiales traducidos en las reuniones de los comités "
     "asesores de estudiantes de inglés."),
    ("Welcoming newcomer students",
     "Trains staff at schools that receive newcomer students to welcome families and place "
     "students in the right courses.",
     "Recibir bien a los estudiantes recién llegados",
     "Capacita al personal de las escuelas que reciben estudiantes recién llegados para "
     "recibir a las familias e inscribir a los estudiantes en los cursos adecuados."),
    ("Seal of Biliteracy in every high school",
     "Requires high schools to tell families about the Seal of Biliteracy early and to offer "
     "the tests students need to earn it.",
     "Sello de Lectoescritura Bilingüe en cada preparatoria",
     "Obliga a las preparatorias a informar temprano a las familias sobre el Sello de "
     "Lectoescritura Bilingüe y a ofrecer los exámenes necesarios para obtenerlo."),
    ("Child care for families who work nights",
     "Extends state child care programs to evening and weekend hours in counties with many "
     "farmworker families.",
     "Cuidado infantil para familias que trabajan de noche",
     "Amplía los programas estatales de cuidado infantil a horarios de noche y fin de semana "
     "en condados con muchas familias campesinas."),
]
NOTES = {
    "support": ("This bill moves our agenda forward.",
                "Este proyecto de ley hace avanzar nuestra agenda."),
    "support_if_amended": ("We support it if the grants reach English learners first.",
                           "Lo apoyamos si las subvenciones llegan primero a los estudiantes "
                           "de inglés."),
    "oppose": ("It would take funds from programs our families rely on.",
               "Quitaría fondos a programas de los que dependen nuestras familias."),
    "watch": ("We are following it while it is amended.",
              "Le damos seguimiento mientras se enmienda."),
}
STANCES = ["support", "support", "watch", "support_if_amended", "oppose"]


def policy_seed(*, bills: int, tracked: int) -> dict[str, float]:
    """The session, the legislators, the agenda and the tracked bills; seconds per step."""
    from django.db import connection

    from alianza.policy.demo.agenda import demo_agenda
    from alianza.policy.demo.legislators import demo_legislators
    from alianza.policy.models import Bill, IssueArea
    from alianza.policy.services.bill_import import bills_import
    from alianza.policy.services.tracker import bill_update, position_set

    times = {}
    began = time.perf_counter()
    demo_legislators()
    times["legislators"] = time.perf_counter() - began
    with tempfile.TemporaryDirectory(prefix="policy-web-bench-") as tmp:
        began = time.perf_counter()
        write_session(Path(tmp), bills=bills)
        times["generated"] = time.perf_counter() - began
        began = time.perf_counter()
        report = bills_import(paths=[tmp])
        times["imported"] = time.perf_counter() - began
    if report.problems or report.created != bills:
        raise SystemExit(f"import: {report.created} created, problems {report.problems[:3]}")
    began = time.perf_counter()
    demo_agenda()  # the agenda's bills are among those just imported
    areas = list(IssueArea.objects.all())
    agenda_bills = list(Bill.objects.filter(agenda_items__isnull=False).distinct())
    rng = random.Random(60)
    others = list(Bill.objects.filter(identifier__regex=r"^(AB|SB) ")
                  .exclude(pk__in=[b.pk for b in agenda_bills]).order_by("pk"))
    chosen = agenda_bills + rng.sample(others, max(0, tracked - len(agenda_bills)))
    for index, bill in enumerate(chosen):
        title, summary, title_es, summary_es = PLAIN[index % len(PLAIN)]
        bill_update(bill=bill, is_tracked=True, workgroup=None,
                    issue_areas=rng.sample(areas, rng.randint(1, 2)), corrections={},
                    texts={"en": (title, summary), "es": (title_es, summary_es)})
        stance = STANCES[index % len(STANCES)]
        if index % 5 == 1:  # an earlier position, kept as the bill's history
            position_set(bill=bill, position="watch", note=NOTES["watch"][0],
                         note_es=NOTES["watch"][1])
        position_set(bill=bill, position=stance, note=NOTES[stance][0],
                     note_es=NOTES[stance][1])
    _authors_link(chosen)
    times["tracked"] = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return times


def _authors_link(bills) -> None:
    """The generator's sponsors are a fictional roster; on the tracked bills they become the
    real legislators of the bill's house, so author names link to legislator pages."""
    from alianza.policy.models import LegislatorRole, Sponsorship

    houses = {chamber: sorted({role.legislator for role in LegislatorRole.objects.filter(
        chamber=chamber).select_related("legislator")}, key=lambda person: person.pk)
        for chamber in ("lower", "upper")}
    rows = []
    for sponsorship in Sponsorship.objects.filter(bill__in=bills).select_related("bill"):
        house = houses["upper" if sponsorship.bill.identifier.startswith("S") else "lower"]
        person = house[(sponsorship.pk * 7) % len(house)]
        sponsorship.legislator, sponsorship.name = person, person.family_name or person.name
        rows.append(sponsorship)
    Sponsorship.objects.bulk_update(rows, ["legislator", "name"])


def pages_find() -> list[Page]:
    """The pages to measure, with what each must show, from the seeded rows."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation
    from django.utils.html import escape
    from django.utils.translation import gettext

    from alianza.policy.demo.agenda import TITLE
    from alianza.policy.models import Bill
    from alianza.policy.tracker_identifiers import identifier_slug

    bills = Bill.objects.filter(is_tracked=True).annotate(actions_count=Count("actions")) \
        .filter(actions_count__gt=0).select_related("session")
    bill = bills.filter(identifier=BILL).first() or bills.order_by("-actions_count").first()
    texts = {text.language: text.short_title for text in bill.texts.all()}
    paths, titles = {}, {}
    for language in ("en", "es"):
        with translation.override(language):
            paths[language] = (
                reverse("policy-bills"),
                reverse("policy-bill", kwargs={"session": bill.session.identifier,
                                               "slug": identifier_slug(bill.identifier)}),
                reverse("policy-legislators"), reverse("policy-index"))
            # {% translate %} writes its text as it is; {{ }} escapes the bill's.
            titles[language] = (gettext("Bills we're tracking"), gettext("Legislators"))
    bill_title = {language: f"<title>{escape(bill.identifier)}: {escape(texts[language])} · "
                  for language in ("en", "es")}
    return [
        Page("bill list (English)", paths["en"][0], f"<title>{titles['en'][0]} · ", True),
        Page("bill list (Spanish)", paths["es"][0], f"<title>{titles['es'][0]} · ", True),
        Page(f"bill page {bill.identifier}, {bill.actions_count} actions (English)",
             paths["en"][1], bill_title["en"], True),
        Page(f"bill page {bill.identifier} (Spanish)", paths["es"][1], bill_title["es"], True),
        Page("legislators list (English)", paths["en"][2], f"<title>{titles['en'][1]} · ",
             True),
        Page(f"bill list with ?position={FILTER} (not cached)",
             f"{paths['en'][0]}?position={FILTER}", f'<option value="{FILTER}" selected>',
             False),
        Page("agenda /en/policy/ (its view is not cached)", paths["en"][3],
             f"<title>{escape(TITLE[0])} · ", False),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--context-connections", type=int, default=1,
                        help="connections for the pages not cached (their latency, not "
                             "their queue)")
    parser.add_argument("--bills", type=int, default=5000)
    parser.add_argument("--tracked", type=int, default=60)
    parser.add_argument("--cache", choices=["database", "redis", "both"], default="both")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 256 \
            or not 1 <= args.context_connections <= 256:
        parser.error("keep the run bounded: 1–120 s and 1–256 connections")
    if not 100 <= args.bills <= 5000 or not 4 <= args.tracked <= 200:
        parser.error("100–5,000 bills and 4–200 tracked")

    out: list[str] = []

    def say(*lines: str) -> None:
        for line in lines:
            print(line, flush=True)
            out.append(line)

    say(f"web_policy.py {' '.join(sys.argv[1:])}".rstrip(),
        f"run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine: {common.machine()}",
        f"load average at the start: {common.load_average()}")
    common.database_reset()
    common.django_setup()
    from alianza.policy.models import Bill, BillAction, Legislator

    times = policy_seed(bills=args.bills, tracked=args.tracked)
    say(f"policy: {Bill.objects.count():,} bills of the 2023-24 session "
        f"({BillAction.objects.count():,} actions; generated in {times['generated']:.1f} s, "
        f"imported with bills_import in {times['imported']:.1f} s), "
        f"{Bill.objects.filter(is_tracked=True).count()} tracked with texts in both "
        f"languages and positions ({times['tracked']:.1f} s), {Legislator.objects.count()} "
        f"real legislators (demo_legislators, {times['legislators']:.1f} s), the demo "
        "agenda")
    pages = pages_find()
    # The issue's target is for the bill list and a bill page.
    summary = cache_runs(args, pages, say=say, bump=lambda: redis_generation_bump("policy"),
                         targeted=lambda page: not page.label.startswith("legislators"))
    say("", "summary (cached pages):", *summary,
        f"load average at the end: {common.load_average()}")
    if args.bills == 5000:  # a smaller session is a trial, not a result
        RESULTS.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
