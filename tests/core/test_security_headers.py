"""Headers and production settings: CSP without inline code, HSTS, private staff pages."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
INLINE_CODE = [
    # A script without src; JSON-LD (type="application/ld+json") is data, never run.
    re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick=, onload=, …
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"javascript:", re.I),
    re.compile(r"\shx-on", re.I),
]


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (value[0] if value else "") for name, *value in directives}


def _web_templates() -> list[Path]:
    # Emails carry their styles inline on purpose: mail programs drop style sheets.
    # Emails and the documents WeasyPrint turns into PDFs (named *pdf.html) are never
    # served as web pages, so the page policy does not apply to them.
    return [path for path in sorted(ROOT.glob("alianza/*/templates/**/*.html"))
            if "email" not in path.relative_to(ROOT).parts[4:-1]
            and not path.stem.endswith("pdf")]


@pytest.mark.parametrize("path", _web_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_inline_script_style_or_event_handlers(path: Path):
    text = path.read_text(encoding="utf-8")

    found = [match.group(0) for pattern in INLINE_CODE for match in pattern.finditer(text)]
    assert not found, found


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/es/join/", "/en/accounts/login/", "/en/data/"])
def test_every_page_sends_the_content_security_policy(client, url, statement):
    response = client.get(url)

    assert _policy(response) == POLICY


@pytest.mark.django_db
def test_staff_and_admin_pages_send_it_too(staff_client):
    for url in [reverse("coalition-staff-dashboard"), "/en/admin/"]:
        assert _policy(staff_client.get(url)) == POLICY


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    page = client.get("/en/").content.decode()

    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', page)[1]
    assert '"includeIndicatorStyles": false' in config and '"allowEval": false' in config


@pytest.mark.django_db
def test_pages_for_logged_in_people_are_never_stored(staff_client, statement):
    from django.test import Client

    private = staff_client.get("/en/")["Cache-Control"]
    public = Client().get("/en/").get("Cache-Control", "")

    assert "private" in private and "no-store" in private
    assert "no-store" not in public


@pytest.mark.django_db
def test_email_previews_allow_the_inline_styles_and_images_emails_need_but_no_script(staff_client):
    from alianza.outreach.models import Mailing

    mailing = Mailing.objects.create(name="Preview")
    response = staff_client.get(reverse("outreach-staff-mailing-preview", args=[mailing.pk]))

    policy = _policy(response)
    assert "'unsafe-inline'" in policy["style-src"] and "https:" in policy["img-src"]
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "REQUIRE_2FA_FOR_SUPERUSERS", "SECURE_SSL_REDIRECT",
                        "SECURE_HSTS_SECONDS", "TRUSTED_PROXIES", "REDIS_URL",
                        # set by the browser tests' conftest for Playwright's event loop
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "alianza.settings",
        "DEBUG": "0",
        "SITE_URL": "https://alianza.example.org",
        "ALLOWED_HOSTS": "alianza.example.org",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALIANZA_DATA_DIR": str(tmp_path),
        **extra,
    })
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True)


def test_the_deployment_check_is_clean_in_production_settings(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_check_warns_when_superusers_skip_two_factor(tmp_path):
    env = _production_env(tmp_path, REQUIRE_2FA_FOR_SUPERUSERS="0")

    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0 and "alianza.W001" in result.stderr


def test_a_mistyped_trusted_proxy_is_refused_at_start(tmp_path):
    result = _manage(_production_env(tmp_path, TRUSTED_PROXIES="10.0.0.5,proxy.internal"),
                     "check")

    assert result.returncode != 0 and "alianza.E001" in result.stderr


PROBE = ("import django, json; django.setup(); from django.conf import settings as s; "
         "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
         "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
         "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))")


def _probe(env: dict[str, str]) -> list:
    import json

    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, text=True,
                            capture_output=True, check=True)
    return json.loads(result.stdout)


def test_an_https_site_gets_hsts_secure_cookies_and_a_redirect(tmp_path):
    hsts, redirect, session_secure, csrf_secure, proxy_header = _probe(_production_env(tmp_path))

    assert hsts >= 60 * 60 * 24 * 180
    assert redirect and session_secure and csrf_secure
    assert proxy_header is None  # no X-Forwarded-Proto believed without a trusted proxy


def test_behind_a_trusted_proxy_its_https_header_is_believed(tmp_path):
    *_rest, proxy_header = _probe(_production_env(tmp_path, TRUSTED_PROXIES="10.0.0.5"))

    assert proxy_header == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_plain_http_site_gets_no_hsts(tmp_path):
    hsts, redirect, session_secure, _csrf, _proxy = _probe(
        _production_env(tmp_path, SITE_URL="http://127.0.0.1:8000"))

    assert hsts == 0 and not redirect and not session_secure


def test_the_policy_is_the_same_on_django_6_and_5_2():
    expected = {name: value.split() for name, value in POLICY.items()}

    assert expected == django_settings.CSP_POLICY
