"""In a real browser, the Settings pages a staff member uses to connect other systems: an API
token used and revoked, a webhook endpoint that a receiver here checks, and the full export
watched, downloaded and opened."""

from __future__ import annotations

import io
import json
import re
import urllib.error
import urllib.request
import zipfile
from importlib.util import find_spec

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alianza.coalition.models import Consent, Organization, Person
from alianza.core.models import ApiToken, SiteExport
from alianza.core.roles import COALITION_STAFF
from alianza.core.tasks import site_export_process
from alianza.core.webhooks.models import WebhookDelivery
from tests.browser.conftest import es
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.core.webhook_receiver import receiver  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coalition_staff(django_user_model):
    user = django_user_model.objects.create_user("rosa", "rosa@example.org", PASSWORD,
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=COALITION_STAFF))
    return user


def log_in(page, site: str, user, path: str, *, language: str = "en") -> None:
    """Open ``path`` (in ``language``), sign in on the way, and land back on it."""
    with translation.override(language):
        path = reverse(path)
        log_in_words = translation.gettext("Log in")
    page.goto(site + path)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=log_in_words).click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def api(site: str, secret: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """A real HTTP request to the OSDI API through the live server, as a client program."""
    request = urllib.request.Request(
        f"{site}/api/osdi/v1/{path}", method="POST" if body is not None else "GET",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"OSDI-API-Token": secret, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def assert_accessible(page) -> None:
    found = serious_violations(page)
    assert not found, "\n".join(found)


def test_a_token_is_shown_once_used_by_a_program_and_revoked(desktop_page, site,
                                                            coalition_staff):
    page = desktop_page
    log_in(page, site, coalition_staff, "core-api-tokens")
    expect(page.get_by_text("No tokens yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="API reference").click()
    page.get_by_role("link", name="People", exact=True).click()  # the contents
    expect(page).to_have_url(re.compile(r"/api/osdi/v1/docs/#people$"))
    assert_accessible(page)
    page.get_by_role("link", name="API tokens").click()
    page.get_by_role("link", name="Create a token").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Action Network sync")
    page.get_by_label("Everything: read and write every kind of resource").check()
    page.get_by_role("button", name="Create the token").click()

    secret = page.locator("code.api-secret").inner_text()
    token = ApiToken.objects.get()
    assert secret.startswith("alz_") and secret.startswith(token.prefix)
    expect(page.get_by_text("Copy it now: it is shown only this once.")).to_be_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.get_by_role("button", name="Copy the token").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert_accessible(page)
    page.reload()
    expect(page.locator("code.api-secret")).to_have_count(0)
    expect(page.get_by_text(f"{token.prefix}…")).to_be_visible()
    assert secret not in page.content()
    expect(page.locator(".token-facts")).to_contain_text("Never")

    signup = {"person": {"given_name": "Ana", "email_addresses": [
        {"address": "ana@example.org"}]}}
    assert api(site, secret, "people", signup)[0] == 200
    assert api(site, secret, "people")[1]["total_records"] == 1
    # The token opens what the role opens, whatever its scopes: no mailings for this role.
    assert api(site, secret, "messages")[0] == 403
    page.reload()
    expect(page.locator(".token-facts")).not_to_contain_text("Never")
    writes = page.locator("table.api-writes tbody tr")
    expect(writes).to_have_count(1)
    expect(writes.first).to_contain_text("POST /api/osdi/v1/people")
    page.get_by_role("link", name="API tokens", exact=True).last.click()
    expect(page.locator("table.api-tokens")).to_contain_text("Action Network sync")
    expect(page.locator("table.api-tokens")).to_contain_text(f"{token.prefix}…")

    page.get_by_role("link", name="Action Network sync").click()
    page.get_by_role("link", name="Revoke the token").click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.locator(".field, .error-summary").first).to_be_visible()  # not confirmed
    assert ApiToken.objects.get().revoked_at is None
    page.get_by_label("Yes, revoke this token").check()
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("The token “Action Network sync” is revoked.")).to_be_visible()
    expect(page.get_by_role("link", name="Revoke the token")).to_have_count(0)
    status, body = api(site, secret, "people")
    assert status == 401 and body["error"]


def test_a_webhook_test_event_reaches_a_receiver_that_checks_its_signature_in_spanish(
        phone_page, site, coalition_staff, receiver):  # noqa: F811 - the fixture imported
    page = phone_page
    log_in(page, site, coalition_staff, "core-webhooks", language="es")
    expect(page.get_by_text(es("No endpoints yet."))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=es("Add an endpoint")).click()
    assert_accessible(page)
    page.get_by_label(es("Receiver URL")).fill(receiver.url)
    with translation.override("es"):
        page.get_by_label(translation.pgettext("webhook", "Description")).fill("Hoja de cálculo")
    page.locator("input[name=events]").first.check()
    page.get_by_role("button", name=es("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoja de cálculo")
    secret = page.locator("code.webhook-secret").inner_text()
    # Where the page cannot reach the clipboard (served over plain HTTP, say), the button
    # selects the secret and says how to copy it.
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("button", name=es("Copy the secret")).click()
    expect(page.locator(".copy-status")).to_have_text(
        es("Selected: press Ctrl+C (⌘C on a Mac) to copy it."))
    assert page.evaluate("getSelection().toString()").strip() == secret

    page.get_by_role("button", name=es("Send a test event")).click()
    expect(page.get_by_text(es("A test event was queued. Its delivery is listed below.")))\
        .to_be_visible()
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("200")
    expect(row.locator(".webhook-response")).to_have_text("ok")
    with translation.override("es"):
        expect(row).to_contain_text(translation.pgettext("webhook delivery", "Delivered"))
    assert_accessible(page)
    [delivered] = receiver.events("webhook.test")
    assert delivered.signature_valid(secret)
    assert not delivered.signature_valid(secret + "x")
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED

    # A new secret: the next delivery is signed with it, and the old one no longer checks.
    page.get_by_role("button", name=es("Make a new secret")).click()
    rotated = page.locator("code.webhook-secret").inner_text()
    assert rotated != secret
    page.get_by_role("button", name=es("Send a test event")).click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    latest = receiver.events("webhook.test")[-1]
    assert latest.signature_valid(rotated) and not latest.signature_valid(secret)


@pytest.fixture
def exports_wait(settings, tmp_path):
    """Queued exports wait, as they would for a worker, until the test runs the task."""
    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    settings.TASKS = {"default": {"BACKEND": f"{module}.backends.dummy.DummyBackend"}}
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_full_export_is_watched_downloaded_and_opened(desktop_page, site, django_user_model,
                                                       exports_wait, language):
    keeper = django_user_model.objects.create_user("keeper", "keeper@example.org", PASSWORD,
                                                   is_staff=True)
    keeper.user_permissions.add(Permission.objects.get(codename="export_site"))
    page = desktop_page
    log_in(page, site, keeper, "core-site-export", language=language)
    with translation.override(language):
        words = {text: translation.gettext(text) for text in (
            "No export has been made yet.", "Start a full export", "Download the ZIP")}
    expect(page.get_by_text(words["No export has been made yet."])).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=words["Start a full export"]).click()

    export = SiteExport.objects.get()
    bar = page.locator(f"#export-bar-{export.pk}")
    expect(bar).to_have_attribute("value", "0")
    expect(page.get_by_role("button", name=words["Start a full export"])).to_be_disabled()
    assert_accessible(page)
    # A worker half-way: the page, polling, follows it without a reload.
    SiteExport.objects.filter(pk=export.pk).update(status=SiteExport.Status.RUNNING,
                                                   progress=40, step="people.csv")
    expect(bar).to_have_attribute("value", "40", timeout=8_000)
    expect(page.locator(f"label[for=export-bar-{export.pk}]")).to_have_text("people.csv")
    SiteExport.objects.filter(pk=export.pk).update(status=SiteExport.Status.QUEUED)
    site_export_process.call(export.pk)

    download_link = page.get_by_role("link", name=words["Download the ZIP"])
    expect(download_link).to_be_visible(timeout=8_000)  # the page reloads when it is done
    expect(page.get_by_role("button", name=words["Start a full export"])).to_be_enabled()
    with page.expect_download() as waiting:
        download_link.click()
    archive = zipfile.ZipFile(io.BytesIO(waiting.value.path().read_bytes()))
    names = archive.namelist()
    assert {"README.txt", "manifest.json"} <= set(names)
    for model in (Person, Organization, Consent):
        table = f"{model._meta.app_label}_{model._meta.model_name}.csv"
        assert table in names
        assert archive.read(table).decode("utf-8-sig").startswith("id,")
    assert len([name for name in names if name.endswith(".csv")]) >= 10
    export.refresh_from_db()
    assert export.downloads == 1
