"""The English-learner data pages pass axe-core in both languages, on a phone too."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.evidence.services.datasets import dataset_import
from tests.browser.test_accessibility import serious_violations
from tests.evidence.web.conftest import language_file, ltel_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(tmp_path, settings):
    settings.ALIANZA_DATA_DIR = tmp_path
    for path in (ltel_file(tmp_path), language_file(tmp_path)):
        dataset_import(path=path, source_name=path.name)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("device", ["desktop_page", "phone_page"])
def test_data_pages_have_no_serious_accessibility_violations(
    request, site, figures, language, device
):
    page = request.getfixturevalue(device)
    with translation.override(language):
        index = reverse("evidence-index")
        state = reverse("evidence-state")
    found, visited = [], []
    for path in (index, state):
        assert page.goto(site + path).status == 200, path
        found += serious_violations(page)
    # Follow the first county, district and school link the state page offers.
    for level in ("county", "district", "school"):
        links = page.locator(f"a[href*='/{level}/']")
        if links.count() == 0:
            page.goto(site + state)
            links = page.locator(f"a[href*='/{level}/']")
        if links.count():
            href = links.first.get_attribute("href")
            assert page.goto(site + href).status == 200, href
            assert page.locator("html").get_attribute("lang") == language
            found += serious_violations(page)
            visited.append(level)
    assert visited == ["county", "district", "school"]
    assert found == [], "\n".join(found)
