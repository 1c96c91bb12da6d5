"""Shared pieces of the OSDI API benchmarks: seeding people, a token, an HTTP client."""

from __future__ import annotations

import http.client
import json
import time

import web_common as common

FIRST = ["Ana", "Luis", "María", "José", "Guadalupe", "Minh", "Wei", "Fátima", "Sarah", "David"]
LAST = ["García López", "Nguyen", "Smith", "Hernández", "Chen", "Martínez Ruiz", "Kim"]
BATCH = 5000


def people_seed(count: int) -> float:
    """``count`` people, half with a consent to email updates; returns seconds taken."""
    from django.utils import timezone

    from alianza.coalition import places
    from alianza.coalition.models import Consent, Person
    from alianza.coalition.models.base import person_search_key, subject_key

    started = time.perf_counter()
    counties = [code for code, _name in places.COUNTIES]
    now = timezone.now()
    for start in range(0, count, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, count)):
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // 10) % len(LAST)]}"
            email = f"person{i}@example.org"
            batch.append(Person(name=name, email=email, search_key=person_search_key(name, email),
                                phone=f"213-555-{i % 10000:04}" if i % 3 else "",
                                preferred_language=("es", "en", "es-MX")[i % 3],
                                county_code=counties[i % len(counties)],
                                email_confirmed_at=now, import_extra={"row": str(i)}))
        people = Person.objects.bulk_create(batch)
        Consent.objects.bulk_create([
            Consent(person=p, subject_key=subject_key(p.email), kind=Consent.Kind.EMAIL,
                    scope="updates", granted=True, wording="Yes", language="en", source="seed")
            for p in people[::2]])
    return time.perf_counter() - started


def bench_roles_give(user) -> None:
    """The roles whose staff use the API here: people, events (coalition staff) and tags,
    lists and mailings (outreach). Their permission checks are part of every request."""
    from django.contrib.auth.models import Group

    from alianza.core.roles import COALITION_STAFF, OUTREACH

    user.groups.add(*Group.objects.filter(name__in=[COALITION_STAFF, OUTREACH]))


def token_secret(*, reuse: bool = False) -> str:
    from django.contrib.auth import get_user_model

    from alianza.core.osdi.tokens import api_token_create

    users = get_user_model().objects
    user = users.filter(username="bench-api").first() if reuse else None
    if user is None:
        user = users.create_user(username="bench-api", password="x", is_staff=True)
        bench_roles_give(user)
    _token, secret = api_token_create(user=user, name="bench", scopes=["*"])
    return secret


class Client:
    """One keep-alive HTTP connection to the benchmark server."""

    def __init__(self, secret: str) -> None:
        self.connection = http.client.HTTPConnection(common.HOST, common.PORT, timeout=60)
        self.headers = {"OSDI-API-Token": secret, "Content-Type": "application/json"}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=self.headers)
                response = self.connection.getresponse()
                payload = response.read()
                return response.status, json.loads(payload) if payload else {}
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: open a new one.
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


# A limit no benchmark reaches: every request is counted, as in production, none refused.
COUNTED = "1000000/m"


def in_process_client(secret: str, *, rate_limit: str = ""):
    """A Django test client in this process: requests measured in CPU time
    (``time.process_time``) do not depend on how busy the machine is, as wall time does.
    ``rate_limit`` as the server of the same benchmark runs (``COUNTED`` or off)."""
    from django.conf import settings
    from django.test import Client as DjangoClient

    settings.OSDI_RATE_LIMIT = rate_limit
    return DjangoClient(HTTP_OSDI_API_TOKEN=secret, HTTP_HOST=common.HOST)


def cpu_per_call(call, count: int) -> tuple[float, int]:
    """CPU seconds of this process per ``call(i)`` for i in range(count), and the
    queries per call (the database's own work is not in the CPU time)."""
    from django.db import connection

    executed = 0

    def counted(execute, sql, params, many, context):
        nonlocal executed
        executed += 1
        return execute(sql, params, many, context)

    call(-1)  # imports, templates and the first connection are not part of the figure
    with connection.execute_wrapper(counted):
        started = time.process_time()
        for i in range(count):
            call(i)
        seconds = time.process_time() - started
    return seconds / count, round(executed / count)
