"""The Dockerfile and compose.yaml describe a deployment that can run: checked here without a
Docker daemon (none in CI), by reading them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = {"migrate", "web", "worker", "periodic"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_has_the_database_redis_web_workers_periodic_commands_and_proxy():
    services = compose()["services"]

    assert set(services) == {"db", "redis", "proxy", *APP_SERVICES}
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["worker"]["command"] == ["python", "manage.py", "tasks_worker"]


def test_every_app_service_runs_the_one_image_on_redis_tasks_and_postgresql():
    services = compose()["services"]

    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == "alianza:latest", name
        assert service["environment"]["TASKS_BACKEND"] == "rq", name
        assert service["environment"]["DATABASE_URL"].startswith("postgres://"), name


def test_the_web_servers_wait_for_migrations_and_are_checked_for_readiness():
    web = compose()["services"]["web"]

    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "/ready/" in " ".join(web["healthcheck"]["test"])
    assert "health_uri /ready/" in (ROOT / "deploy" / "Caddyfile").read_text()


def test_the_periodic_container_runs_every_periodic_command_of_the_development_server():
    periodic = (ROOT / "deploy" / "periodic.sh").read_text()
    started = re.findall(r"python manage\.py (\w+) --every (\d+)",
                         (ROOT / "scripts" / "start").read_text())

    assert started
    for command, every in started:
        assert f"python manage.py {command} --every {every}" in periodic, command


def test_every_command_the_deployment_runs_exists():
    text = (ROOT / "deploy" / "periodic.sh").read_text() + (ROOT / "compose.yaml").read_text()
    named = set(re.findall(r"manage\.py\"?,? \"?(\w+)", text))

    assert {"tasks_worker", "migrate", "outbox_sweep"} <= named
    assert named <= set(get_commands())


def test_the_image_runs_as_a_user_other_than_root_with_static_files_and_translations():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]

    assert final_stage.startswith("python:")
    assert re.search(r"^USER (?!root)\w+", final_stage, re.M)
    assert "collectstatic" in dockerfile and "i18n_compile" in dockerfile
    assert '"gunicorn", "alianza.wsgi"' in final_stage
