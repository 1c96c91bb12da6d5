"""The legislator pages on a 390 px phone, in both languages: nothing scrolls sideways and
axe-core finds no serious or critical problem, including with the finder's error shown."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.policy.models import Legislator
from tests.browser.conftest import browser, site  # noqa: F401 - fixtures
from tests.browser.test_accessibility import serious_violations, sideways_scroll
from tests.policy.a_data import import_both

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MURATSUCHI = "ocd-person/78610d0e-c790-4fc9-ab8e-0887adbbe063"


@pytest.mark.parametrize("language", ["en", "es"])
def test_legislator_pages_fit_a_phone_and_have_no_serious_violations(browser, site,  # noqa: F811
                                                                     language):
    import_both()
    member = Legislator.objects.get(openstates_id=MURATSUCHI).pk
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.set_default_timeout(10_000)
    page = context.new_page()
    found, overflowing = [], []
    try:
        for path in (f"/{language}/policy/legislators/",
                     f"/{language}/policy/legislators/?find=1&assembly=66&senate=99",
                     f"/{language}/policy/legislators/?chamber=upper&q=10",
                     f"/{language}/policy/legislators/{member}/"):
            response = page.goto(site + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language
            if sideways_scroll(page) > 0:
                wide = page.evaluate(
                    "[...document.querySelectorAll('body *')].filter(e => "
                    "e.getBoundingClientRect().right > document.documentElement.clientWidth)"
                    ".slice(0, 3).map(e => e.tagName + ' ' + e.className + ' ' + "
                    "e.textContent.slice(0, 40))")
                overflowing.append(f"{path}: {wide}")
            found += serious_violations(page)
        with translation.override(language):
            assert page.locator(".initials.large").inner_text() == "AM"
    finally:
        context.close()
    assert overflowing == []
    assert found == [], "\n".join(found)
