"""axe-core finds no serious or critical problem on the public pages, in either language."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.0–2.2 A and AA rules plus axe's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice",
    ]},
}
PUBLIC_PAGES = [
    ("core-home", {}),
    ("coalition-about", {}),
    ("coalition-join", {}),
    ("coalition-statement", {"slug": "statement-of-agreement"}),
    ("coalition-signatories", {}),
    ("coalition-members", {}),
    ("coalition-workgroups", {}),
    ("coalition-workgroup-signup", {"slug": "policy"}),
    ("coalition-confirm", {"token": "a-token-from-an-email"}),
    ("core-login", {}),
]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            found.append(f"{page.url}: {violation['id']} ({violation['impact']}) at "
                         f"{node['target']}: {node['failureSummary']}")
    return found


@pytest.fixture(params=["en", "es"])
def language(request) -> str:
    return request.param


@pytest.fixture(params=["desktop", "phone"])
def any_page(request):
    return request.getfixturevalue(f"{request.param}_page")


def test_public_pages_have_no_serious_accessibility_violations(
    any_page, site, coalition, language
):
    found = []
    for name, kwargs in PUBLIC_PAGES:
        with translation.override(language):
            path = reverse(name, kwargs=kwargs)
        response = any_page.goto(site + path)
        assert response.status == 200, path
        assert any_page.locator("html").get_attribute("lang") == language
        found += serious_violations(any_page)
    assert found == [], "\n".join(found)


def test_a_join_form_with_errors_has_no_serious_accessibility_violations(
    phone_page, site, coalition, language
):
    page = phone_page
    with translation.override(language):
        page.goto(site + reverse("coalition-join"))
    page.locator("#id_email").fill("not an address")
    page.locator("form.stacked button[type=submit]").click()

    page.locator(".error-summary").wait_for()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("[aria-invalid=true]").count() >= 2
    found = serious_violations(page)
    assert found == [], "\n".join(found)
