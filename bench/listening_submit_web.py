"""Answering the 40-question survey through the production-style server, none lost.

    .venv/bin/python bench/listening_submit_web.py              # 4 gunicorn workers, 16 clients

Options: --respondents N (default 1500), --clients C (threads), --workers W.

gunicorn (``alianza.wsgi``, DEBUG off, RATELIMIT_ENABLE=0, PostgreSQL database
``alz_bench_submit_web`` dropped and created; see bench/web_common.py) on 127.0.0.1:8201.
Each client thread plays respondents one after the other, as a browser would:

1. GET the survey's introduction (``listening-survey``): the CSRF cookie;
2. POST it (who is answering): the response starts, its token comes back in a cookie;
3. for each of the four pages (``listening-survey-page``): GET it, POST its answers;
4. GET the last page (``listening-survey-finish``): the one-time submission key;
5. POST it: the response is submitted, its answers become rows.

Two figures: **whole flow** — respondents completed a second, every step timed together
(12 requests each); **final submit** — respondents first brought to the last page, then only
their final POSTs sent from all clients at once: submissions a second. Afterwards the
submitted responses and their answer rows are counted: every respondent must be there, once.
The load generator runs on the same 2 CPUs as the server (its CPU time is reported).
Target (issue 10): 300 submissions/s on 2 cores. Results: bench/results/listening_submit.txt
(appended under the service figures).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("BENCH_DB", "alz_bench_submit_web")
os.environ.setdefault("BENCH_PORT", "8201")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import listening_common  # noqa: E402
import web_common as common  # noqa: E402

RESULTS = listening_common.ROOT / "bench" / "results" / "listening_submit.txt"
TARGET = 300
KEY = re.compile(r'name="submission_key" value="([^"]+)"')


class Respondent:
    """One browser: its cookies, a connection to the server, and its answers by page."""

    def __init__(self, slug: str, pages: list[dict[str, list[str]]]) -> None:
        self.slug = slug
        self.pages = pages
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(common.HOST, common.PORT, timeout=30)
        self.key = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Accept-Language": "en"}
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        reply = self.connection.getresponse()
        text = reply.read().decode()
        for header, value in reply.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        if reply.getheader("Connection", "").lower() == "close":
            self.connection.close()
        if reply.status >= 400:
            raise RuntimeError(f"{method} {path}: {reply.status}")
        return reply.status, text

    def to_last_page(self) -> None:
        intro = f"/en/surveys/{self.slug}/"
        self.request("GET", intro)
        self.request("POST", intro, {"respondent_type": "parent", "action": "start"})
        for number, answers in enumerate(self.pages, start=1):
            path = f"/en/surveys/{self.slug}/page/{number}/"
            self.request("GET", path)
            status, _text = self.request("POST", path, {**answers, "action": "next"})
            assert status == 302, (path, status)
        _status, html = self.request("GET", f"/en/surveys/{self.slug}/send/")
        self.key = KEY.search(html).group(1)

    def send(self) -> None:
        status, _text = self.request("POST", f"/en/surveys/{self.slug}/send/",
                                     {"submission_key": self.key})
        assert status == 302, status
        self.connection.close()


def page_answers(rng: random.Random, structure) -> list[dict[str, list[str]]]:
    """The answers of each page as the form posts them."""
    pages = []
    for page in structure:
        form: dict[str, list[str]] = {}
        for question in page:
            values = [option.value for option in question.options.all()]
            kind, name = question.type, question.name
            if kind == "single":
                form[name] = [rng.choice(values)]
            elif kind == "multiple":
                form[name] = rng.sample(values, rng.choice((1, 2, 3)))
            elif kind == "ranking":
                for place, value in enumerate(rng.sample(values, 3), start=1):
                    form[f"{name}__{place}"] = [value]
            elif kind == "rating":
                form[name] = [str(rng.randint(1, 5))]
            elif kind == "number":
                form[name] = [str(rng.randrange(100))]
            elif kind == "county":
                form[name] = [rng.choice(listening_common.COUNTIES)]
            elif kind == "text" and rng.random() < 0.3:
                form[name] = ["Más apoyo para las familias"]
        pages.append(form)
    return pages


def measure(pool: ThreadPoolExecutor, work, items: list) -> tuple[float, list[float]]:
    began = time.perf_counter()
    latencies = list(pool.map(work, items))
    return time.perf_counter() - began, latencies


def timed(call) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    common.database_reset()
    common.django_setup()
    from alianza.listening.models import Answer, Response
    from alianza.listening.services.responses import version_questions

    survey, version = listening_common.build_survey()
    questions = version_questions(version)
    sections: dict[int, list] = {}
    for question in questions:
        sections.setdefault(question.section_id, []).append(question)
    structure = list(sections.values())
    rng = random.Random(11)
    n = args.respondents
    flow_people = [Respondent(survey.slug, page_answers(rng, structure)) for _ in range(n)]
    send_people = [Respondent(survey.slug, page_answers(rng, structure)) for _ in range(n)]
    lines = [f"{common.load_average()} before; gunicorn alianza.wsgi -w {args.workers} "
             f"(sync), {args.clients} client threads, PostgreSQL, "
             f"{listening_common.machine()}"]
    with common.gunicorn(args.workers) as _server, \
            ThreadPoolExecutor(max_workers=args.clients) as pool:
        warm = Respondent(survey.slug, page_answers(rng, structure))
        warm.to_last_page()
        warm.send()
        cpu = time.process_time()
        flow_seconds, flow_lat = measure(
            pool, lambda r: timed(lambda: (r.to_last_page(), r.send())), flow_people)
        flow_cpu = time.process_time() - cpu
        # The final POSTs alone: everyone brought to the last page first.
        list(pool.map(lambda r: r.to_last_page(), send_people))
        barrier_free = threading.Event()
        barrier_free.set()
        cpu = time.process_time()
        send_seconds, send_lat = measure(pool, lambda r: timed(r.send), send_people)
        send_cpu = time.process_time() - cpu
    expected = 2 * n + 1
    saved = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count()
    drafts = Response.objects.filter(survey=survey).exclude(
        status=Response.Status.SUBMITTED).count()
    answers = Answer.objects.filter(response__survey=survey).count()
    verdict = "ok" if n / send_seconds >= TARGET else "UNDER TARGET"
    lines += [
        f"  whole flow (12 requests): {n:,} respondents in {flow_seconds:.1f} s: "
        f"{n / flow_seconds:,.0f} respondents/s, {12 * n / flow_seconds:,.0f} requests/s, "
        f"p50 {percentile(flow_lat, 0.5):.0f} ms, p99 {percentile(flow_lat, 0.99):.0f} ms "
        f"per respondent (client CPU {flow_cpu:.1f} s)",
        f"  final submit POST alone: {n:,} in {send_seconds:.2f} s: "
        f"{n / send_seconds:,.0f} submissions/s (target >= {TARGET}: {verdict}), "
        f"p50 {percentile(send_lat, 0.5):.0f} ms, p99 {percentile(send_lat, 0.99):.0f} ms "
        f"(client CPU {send_cpu:.1f} s)",
        f"  counted after: {saved:,} submitted of {expected:,} ({expected - saved} lost), "
        f"{drafts} left in progress, {answers:,} answer rows "
        f"({answers / max(saved, 1):.1f} per response); {common.load_average()} after",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if not args.no_save:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("Through gunicorn (bench/listening_submit_web.py):\n" + text)
    return 0 if saved == expected else 1


if __name__ == "__main__":
    sys.exit(main())
