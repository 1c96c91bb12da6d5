"""Rate limits count per real client, behind our proxy, in one place shared by all processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from alianza.core.client_address import client_address

PROXY = "10.0.0.5"


def _address(settings, remote: str, forwarded: str | None = None, proxies=()) -> str:
    settings.TRUSTED_PROXIES = list(proxies)
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    assert _address(settings, "198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(settings):
    assert _address(settings, PROXY, "203.0.113.1", ["10.0.0.0/8"]) == "203.0.113.1"


def test_addresses_a_client_writes_into_the_header_are_not_believed(settings):
    # The client sent "X-Forwarded-For: 192.0.2.66"; our proxy appended what it saw.
    spoofed = "192.0.2.66, 203.0.113.1"

    assert _address(settings, PROXY, spoofed, ["10.0.0.0/8"]) == "203.0.113.1"


def test_a_chain_of_our_own_proxies_is_skipped(settings):
    chain = "192.0.2.66, 203.0.113.1, 10.1.2.3"

    assert _address(settings, PROXY, chain, ["10.0.0.0/8"]) == "203.0.113.1"


def test_a_client_connecting_directly_cannot_pretend_to_be_behind_the_proxy(settings):
    assert _address(settings, "198.51.100.7", "203.0.113.1", [PROXY]) == "198.51.100.7"


def test_a_mistyped_proxy_entry_is_skipped_rather_than_failing_requests(settings):
    assert _address(settings, PROXY, "203.0.113.1", ["proxy.internal", PROXY]) == "203.0.113.1"


@pytest.mark.parametrize("garbage", ["not-an-ip", "", "203.0.113.1\x00", "unknown"])
def test_garbage_in_the_header_falls_back_to_an_address_a_proxy_vouched_for(settings, garbage):
    assert _address(settings, PROXY, garbage, [PROXY]) == PROXY


def test_ports_brackets_and_ipv4_mapped_addresses_are_normalised(settings):
    assert _address(settings, PROXY, "[2001:db8::1]:443", [PROXY]) == "2001:db8::1"
    assert _address(settings, PROXY, "203.0.113.1:5123", [PROXY]) == "203.0.113.1"
    assert _address(settings, "::ffff:198.51.100.7") == "198.51.100.7"


def _join_post(client, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("coalition-join"), {"name": ""}, **extra)


@pytest.mark.django_db
def test_rotating_a_spoofed_forwarded_header_does_not_escape_the_limit(client, settings,
                                                                      statement):
    settings.PUBLIC_FORM_RATE = "2/m"
    statuses = [_join_post(client, "198.51.100.7", f"203.0.113.{n}").status_code
                for n in range(3)]

    assert statuses[-1] == 429


@pytest.mark.django_db
def test_visitors_behind_the_proxy_are_limited_separately(client, settings, statement):
    settings.PUBLIC_FORM_RATE = "2/m"
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(2):
        _join_post(client, PROXY, "203.0.113.1")

    assert _join_post(client, PROXY, "192.0.2.66, 203.0.113.1").status_code == 429
    assert _join_post(client, PROXY, "203.0.113.2").status_code != 429


COUNTER = textwrap.dedent("""
    import sys
    import django
    django.setup()
    from django.test import RequestFactory
    from django_ratelimit.core import get_usage

    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    times = int(sys.argv[1])
    for _ in range(times):
        usage = get_usage(request, group="shared", key="ip", rate="1000/h", increment=True)
    if not times:
        usage = get_usage(request, group="shared", key="ip", rate="1000/h")
    print(usage["count"])
""")


def _counting_process(env: dict[str, str], times: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", COUNTER, str(times)], env=env,
                            cwd=Path(__file__).resolve().parents[2], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


POSTGRES = "postgres://postgres@127.0.0.1:5432/"


def _postgres_database(name: str) -> str:
    """A scratch PostgreSQL database for the processes, or a skip if there is no server."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES + "postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        pytest.skip(f"PostgreSQL is not available: {error}")
    return POSTGRES + name


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_two_processes_share_one_count_without_losing_increments(tmp_path, database):
    url = (f"sqlite:///{tmp_path}/db.sqlite3" if database == "sqlite"
           else _postgres_database("alianza_shared_count_test"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alianza.settings",
           "ALIANZA_DATA_DIR": str(tmp_path), "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], env=env, check=True,
                   cwd=Path(__file__).resolve().parents[2])

    workers = [_counting_process(env, 40), _counting_process(env, 40)]
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    reader = _counting_process(env, 0)
    out, err = reader.communicate(timeout=60)

    assert int(out.strip()) == 80, err
