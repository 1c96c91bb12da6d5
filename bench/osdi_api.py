"""What the OSDI API's shared layer costs a request: token, scope, rate limit, write log.

    .venv/bin/python bench/osdi_api.py [--requests 300]

Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the database ``test_bench_osdi`` is
dropped, created and migrated). Requests go through Django's test client in this process,
so the figures are the application's own time. Compared within one run: ``/health/`` (the
cheapest request the site answers, one ``SELECT 1``), the API's entry point with the rate
limit off and on (counted in the "shared" cache: the database table, or Redis with
``REDIS_URL``), a refused token, and a write (a POST answered 405 is not logged; a POST to
a collection is, through the test-only resource of tests/osdi).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import osdi_common
import web_common as common

common.DB_NAME = "test_bench_osdi"
common.DATABASE_URL = common.PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{common.DB_NAME}"


def measure(call, requests: int, expect: int) -> tuple[float, float, float]:
    """Wall-clock p50 and p95 and median CPU time of this process, in milliseconds."""
    call()  # warm
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == expect, (response.status_code, response.content[:200])
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)], \
        statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if not 10 <= args.requests <= 10_000:
        parser.error("keep the run bounded: 10–10,000 requests")
    common.database_reset()
    common.django_setup()
    import logging
    from itertools import count

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 401s are the point

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from alianza.core.osdi.tokens import api_token_create

    user = get_user_model().objects.create_user("bench-api", is_staff=True)
    osdi_common.bench_roles_give(user)
    _token, secret = api_token_create(user=user, name="Bench", scopes=["*"])
    client = Client(HTTP_OSDI_API_TOKEN=secret)
    names = count()

    def group_post():
        return client.post("/api/osdi/v1/test_groups", {"name": f"group {next(names)}"},
                           content_type="application/json")

    print(f"machine: {common.machine()}")
    print(f"Django test client in one process, PostgreSQL, DEBUG off; {args.requests} "
          f"requests each after one warm-up; shared cache: {settings.CACHES['shared']['BACKEND']}")
    cases = [
        ("GET /health/ (baseline)", lambda: Client().get("/health/"), 200, {}),
        ("GET entry point, rate limit off", lambda: client.get("/api/osdi/v1/"), 200,
         {"OSDI_RATE_LIMIT": ""}),
        ("GET entry point, rate limit on", lambda: client.get("/api/osdi/v1/"), 200,
         {"OSDI_RATE_LIMIT": "1000000/m"}),
        ("GET entry point, unknown token",
         lambda: Client(HTTP_OSDI_API_TOKEN="alz_nope").get("/api/osdi/v1/"), 401, {}),
    ]
    for label, call, expect, overrides in cases:
        with override_settings(**overrides):
            p50, p95, cpu = measure(call, args.requests, expect)
        print(f"{label}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, app CPU p50 {cpu:.2f} ms")
    with override_settings(ROOT_URLCONF="tests.osdi.urls_test_resource",
                           OSDI_RATE_LIMIT="1000000/m"):
        from django.urls import clear_url_caches

        clear_url_caches()
        p50, p95, cpu = measure(group_post, args.requests, 201)
        print(f"POST a test collection item (created + write logged): p50 {p50:.2f} ms, "
              f"p95 {p95:.2f} ms, app CPU p50 {cpu:.2f} ms")
    print(f"load average: {common.load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
