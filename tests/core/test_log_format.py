"""LOG_FORMAT=json writes one JSON object a line, for a log collector."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from alianza.core.log_format import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def record(message: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    log_record = logging.LogRecord("alianza.test", logging.WARNING, __file__, 1, message, args,
                                   exc_info)
    log_record.__dict__.update(extra)
    return log_record


def test_a_record_becomes_one_json_line_with_time_level_logger_and_message():
    line = JsonFormatter().format(record("Email %s failed (attempt %s)", 7, 2))

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "alianza.test"
    assert entry["message"] == "Email 7 failed (attempt 2)"
    assert entry["time"].endswith("+00:00")


def test_an_exception_keeps_its_traceback_inside_the_one_line():
    try:
        raise ValueError("broken row")
    except ValueError:
        line = JsonFormatter().format(record("Import failed", exc_info=sys.exc_info()))

    assert "\n" not in line
    assert "ValueError: broken row" in json.loads(line)["exception"]


def test_extra_fields_are_kept_and_anything_unusual_is_written_as_text():
    entry = json.loads(JsonFormatter().format(record("Sent", outbound_id=12, path=ROOT)))

    assert entry["outbound_id"] == 12
    assert entry["path"] == str(ROOT)


def test_spanish_text_is_written_as_it_is():
    assert "Declaración" in JsonFormatter().format(record("Declaración publicada"))


def test_the_setting_switches_every_log_line_of_a_process_to_json(tmp_path):
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('alianza.check').warning('ready to serve %s', 'es')")
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "alianza.settings",
           "ALIANZA_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 50}
    env.pop("DATABASE_URL", None)

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)

    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "ready to serve es" and entry["logger"] == "alianza.check"


def test_plain_text_stays_the_default(tmp_path):
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('alianza.check').warning('ready')")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alianza.settings",
           "ALIANZA_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 50}
    env.pop("LOG_FORMAT", None)

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)

    assert result.stderr.strip().endswith("WARNING alianza.check: ready")
