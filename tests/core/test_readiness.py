"""/ready/ tells a load balancer whether this process can do its work; /health/ only that it
answers."""

from __future__ import annotations

import socket

import pytest
from django.db.migrations.recorder import MigrationRecorder

from alianza.core import readiness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def migrations_checked_again(monkeypatch):
    """Each test looks at the migrations afresh, not at what an earlier test found."""
    monkeypatch.setattr(readiness, "_migrations_applied", False)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_migrated_database_and_working_caches_are_ready(client):
    response = client.get("/ready/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {
        "database": "ok", "migrations": "ok", "cache": "ok", "tasks": "ok"}}
    assert response["Cache-Control"] == "no-store"


def test_a_migration_not_yet_applied_means_not_ready(client):
    MigrationRecorder.Migration.objects.filter(app="coalition").order_by("-id").first().delete()

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["migrations"] == "error"
    assert response.json()["checks"]["database"] == "ok"


def test_a_cache_that_does_not_answer_means_not_ready_but_still_alive(client, settings):
    settings.CACHES = {**settings.CACHES, "shared": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }}

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert client.get("/health/").status_code == 200


def test_tasks_in_a_redis_that_does_not_answer_mean_not_ready(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{closed_port()}/0",
                                      "SOCKET_CONNECT_TIMEOUT": 1}}

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == "error"


def test_the_failure_itself_is_logged_not_shown(client, settings, caplog):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }}

    response = client.get("/ready/")

    assert "Connection" not in response.content.decode()
    assert "Readiness check 'cache' failed" in caplog.text


def test_readiness_is_answered_over_plain_http_behind_an_https_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/ready/").status_code == 200
