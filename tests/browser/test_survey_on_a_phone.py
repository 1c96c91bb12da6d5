"""A parent answers a needs assessment in Spanish on her phone, through a partner's link:
the parents' page appears because she is a parent, she leaves and comes back to her
answers, switches to English and back, and sends; a staff member then sees her response in
the partner's count and in the ranked concerns."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from alianza.core.roles import LISTENING
from alianza.listening.models import Answer, Response
from alianza.listening.services.responses import response_record
from tests.browser.conftest import es
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.listening.factories import needs_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _earlier_responses(survey, count: int) -> None:
    """Responses that came in before hers, all ranking tutoring second."""
    for _ in range(count):
        response_record(version=survey.current_version, language="en",
                        answers={"role": "student", "top_concerns": ["bilingual", "tutoring"]})


def _staff_sees_her_response(page, site, survey, partner_code, django_user_model) -> None:
    staff = django_user_model.objects.create_user("lucia", "lucia@example.org", PASSWORD,
                                                  is_staff=True)
    staff.groups.add(Group.objects.get(name=LISTENING))
    page.goto(f"{site}/en/staff/surveys/{survey.pk}/partners/")
    page.get_by_label("Username").fill("lucia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    counts = page.locator("#partner-counts")
    expect(counts.locator(f"td[data-partner='{partner_code}']")).to_have_text("1")
    expect(counts.locator("td[data-total]")).to_have_text("11")

    page.goto(f"{site}/en/staff/surveys/{survey.pk}/findings/")
    ranked = page.get_by_role("table", name="Ranked concerns, with 95% confidence intervals")
    rows = ranked.locator("tbody tr")
    # Bilingual programs stays first (10 first places); tutoring is second, and the
    # respondents who ranked it are now the ten before her and her.
    expect(rows.nth(0).get_by_role("rowheader")).to_contain_text("Bilingual programs")
    expect(rows.nth(1).get_by_role("rowheader")).to_contain_text("Tutoring in English")
    expect(rows.nth(1).locator("td").nth(3)).to_have_text("11")


def test_a_parent_answers_in_spanish_through_a_partners_link_and_comes_back(
    phone_page, desktop_page, site, django_user_model
):
    survey = needs_survey()
    partner = survey.partners.create(name="Padres Unidos del Valle")
    _earlier_responses(survey, 10)
    page = phone_page
    page.goto(f"{site}/es/surveys/{survey.slug}/p/{partner.code}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluación de necesidades")
    expect(page.get_by_text("Padres Unidos del Valle")).to_be_visible()
    expect(page.get_by_role("heading", name=es("Your privacy"))).to_be_visible()
    page.get_by_label(es("Parent or caregiver")).check()
    page.get_by_role("button", name=es("Start the survey")).tap()

    # About you: a parent, in Los Angeles.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sobre usted")
    no_sideways_scroll(page)
    page.get_by_label("Madre o padre").check()
    page.get_by_label("Su condado").select_option(label="Los Angeles")
    page.get_by_role("button", name=es("Next")).tap()

    # The parents-only page appears; a missing answer is explained beside the question.
    expect(page.get_by_role("heading", level=1)).to_have_text("La escuela de su hijo")
    page.get_by_role("button", name=es("Next")).tap()
    expect(page.locator("#error-child_grade")).to_have_text(es("Please answer this question."))
    assert serious_violations(page) == []
    page.get_by_label("Grado de su hijo").fill("3")
    page.get_by_role("button", name=es("Next")).tap()

    # Concerns: a ranking with one select per place, then she closes the page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Preocupaciones")
    no_sideways_scroll(page)
    page.get_by_label(es("Choice number %(place)s") % {"place": 1}).select_option(
        label="Tutoría en inglés")
    page.get_by_label(es("Choice number %(place)s") % {"place": 2}).select_option(
        label="Traducción en reuniones escolares")
    assert serious_violations(page) == []
    page.get_by_role("button", name=es("Next")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Algo más")
    context = page.context
    page.close()

    # Later, on the same phone: the survey's address offers to continue.
    page = context.new_page()
    page.goto(f"{site}/es/surveys/{survey.slug}/")
    expect(page.get_by_role("heading", name=es("Welcome back — continue where you left off"))
           ).to_be_visible()
    page.get_by_role("button", name=es("Continue")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Algo más")
    page.get_by_role("button", name=es("Back")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preocupaciones")
    expect(page.get_by_label(es("Choice number %(place)s") % {"place": 1})).to_have_value(
        "tutoring")

    # English and back: the answers are still there.
    page.get_by_role("button", name="Responder en English").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Choice number 2")).to_have_value("translation")
    # Back through the site's own switcher, after changing an answer: it is kept too.
    page.get_by_label("Choice number 3").select_option(label="Bilingual programs")
    page.locator(".language-switcher button[value=es]").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preocupaciones")
    expect(page.get_by_label(es("Choice number %(place)s") % {"place": 3})).to_have_value(
        "bilingual")
    expect(page.get_by_label(es("Choice number %(place)s") % {"place": 2})).to_have_value(
        "translation")
    page.get_by_role("button", name=es("Next")).tap()

    page.get_by_label("¿Algo más?").fill("Más clases para padres.")
    page.get_by_role("button", name=es("Next")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Send your answers"))
    expect(page.get_by_label(es("You may contact me about this survey."))).not_to_be_checked()
    no_sideways_scroll(page)
    assert serious_violations(page) == []
    page.get_by_role("button", name=es("Send my answers")).tap()
    expect(page.get_by_role("heading", name=es("Thank you!"))).to_be_visible()

    response = Response.objects.get(partner=partner)
    assert response.status == Response.Status.SUBMITTED
    assert response.partner == partner and response.language == "es"
    assert response.respondent_type == "parent"
    ranks = dict(Answer.objects.filter(response=response, question__name="top_concerns")
                 .values_list("option__value", "rank"))
    assert ranks == {"tutoring": 1, "translation": 2, "bilingual": 3}
    assert Answer.objects.get(response=response, question__name="child_grade").number == 3
    assert partner.responses.filter(status=Response.Status.SUBMITTED).count() == 1
    _staff_sees_her_response(desktop_page, site, survey, partner.code, django_user_model)


def test_a_question_appears_when_an_answer_on_its_page_calls_for_it(phone_page, site):
    from tests.listening.test_respond_questions import places_survey

    survey = places_survey()
    page = phone_page
    page.goto(f"{site}/en/surveys/{survey.slug}/")
    page.get_by_role("button", name="Start the survey").tap()
    how_many = page.get_by_label("How many?")
    expect(how_many).to_be_hidden()
    page.get_by_label("Yes").check()
    expect(how_many).to_be_visible()
    how_many.fill("2")
    page.get_by_label("No").check()
    expect(how_many).to_be_hidden()
    page.get_by_role("button", name="Next").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("School")
    assert Response.objects.get().draft == {"has_kids": "no"}
