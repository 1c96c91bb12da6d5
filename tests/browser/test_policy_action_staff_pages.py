"""The staff action-alert pages in a real browser, at a phone's and a desktop's width, in
English and Spanish: they fit the screen and have no serious accessibility problem."""

from __future__ import annotations

import pytest

from alianza.policy.models import ActionLetter
from tests.browser.test_accessibility import serious_violations, sideways_scroll
from tests.conftest import PASSWORD
from tests.policy import f_factories as f
from tests.policy.test_f_staff import letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [390, 1440])
def test_action_alert_staff_pages_fit_and_read_well(browser, site, staff_user, lang, width):
    f.legislature()
    campaign = f.campaign()
    letter(campaign, "lower", 52, name="Ana Ruiz", body="Mi hija aprendió inglés.")
    letter(campaign, "upper", 24, name="Rosa Castillo", body="Apoyen AB 2268.",
           status=ActionLetter.Status.QUEUED)
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  is_mobile=width < 500, has_touch=width < 500)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{site}/{lang}/")
        page.goto(site + page.locator("a[href*='login']").last.get_attribute("href"))
        page.locator("#id_username").fill(staff_user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        base = f"{site}/{lang}/policy/staff/campaigns/"
        found, overflowing = [], []
        for path in ["", "new/", f"{campaign.pk}/", f"{campaign.pk}/edit/",
                     f"{campaign.pk}/letters/", "zip-codes/"]:
            page.goto(base + path)
            assert page.url == base + path and page.locator("h1").count() == 1, path
            found += serious_violations(page)
            if overflow := sideways_scroll(page):
                overflowing.append(f"{path} scrolls sideways by {overflow}px")
        assert not found, "\n".join(found)
        assert not overflowing, "\n".join(overflowing)
    finally:
        context.close()
