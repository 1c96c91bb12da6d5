"""The agenda pages in a real Chromium: they fit a 390 px phone, pass axe-core in both
languages, and the filters work with the page's own form."""

from __future__ import annotations

import pytest

from alianza.policy.demo.agenda import demo_agenda
from alianza.policy.models import Agenda, AgendaItem
from tests.browser.conftest import browser, desktop_page, phone_page, site  # noqa: F401
from tests.browser.test_accessibility import serious_violations, sideways_scroll

from .c_agenda import import_file, ltel_rows_file, policy_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agenda(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    import_file(ltel_rows_file(tmp_path / "data", year="2024-25"))
    demo_agenda()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("device", ["desktop_page", "phone_page"])
def test_agenda_pages_fit_the_screen_and_have_no_serious_violations(
        request, site, agenda, language, device):  # noqa: F811
    page = request.getfixturevalue(device)
    found, overflowing = [], []
    for path in (f"/{language}/policy/", f"/{language}/policy/agenda/",
                 f"/{language}/policy/agenda/2023-24/?level=school"):
        assert page.goto(site + path).status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        if overflow := sideways_scroll(page):
            overflowing.append(f"{path} scrolls sideways by {overflow}px")
        found += serious_violations(page)
    assert overflowing == [], "\n".join(overflowing)
    assert found == [], "\n".join(found)


def test_a_parent_filters_the_agenda_by_level_on_a_phone(site, agenda, phone_page):  # noqa: F811
    page = phone_page
    page.goto(site + "/es/policy/")
    assert page.locator(".agenda-recommendation").count() == 10
    cited = page.get_by_text("150 estudiantes de inglés en el condado de Los Angeles, 2024-25")
    assert cited.is_visible()

    page.get_by_label("Nivel").select_option("school")
    page.get_by_role("button", name="Mostrar", exact=True).click()

    page.wait_for_url("**/es/policy/?level=school**")
    titles = page.locator(".agenda-recommendation h3").all_inner_texts()
    assert len(titles) == 3
    assert any("Sello de Lectoescritura Bilingüe" in title for title in titles)
    assert page.get_by_text("Mostrar todo").is_visible()
    # The county figure belongs to a state priority: filtered out with it.
    assert cited.count() == 0


def test_the_staff_agenda_pages_have_no_serious_violations(site, agenda, desktop_page,  # noqa: F811
                                                           django_user_model):
    signed_in = policy_client(django_user_model)
    desktop_page.context.add_cookies([{"name": "sessionid", "url": site,
                                       "value": signed_in.cookies["sessionid"].value}])
    agenda_pk = Agenda.objects.get().pk
    item_pk = AgendaItem.objects.filter(kind="recommendation").first().pk
    found = []
    for path in ("/en/policy/staff/agenda/", f"/es/policy/staff/agenda/{agenda_pk}/",
                 f"/en/policy/staff/agenda/items/{item_pk}/",
                 f"/es/policy/staff/agenda/items/{item_pk}/status/"):
        assert desktop_page.goto(site + path).status == 200, path
        found += serious_violations(desktop_page)
    assert found == [], "\n".join(found)
