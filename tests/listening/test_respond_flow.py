"""A respondent's way through a survey: list, introduction, pages with skip logic,
saving and coming back, another language, sending once, and the contact opt-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Consent
from alianza.listening.models import Answer, Response, ResponseContact, Survey

from .factories import needs_survey

pytestmark = pytest.mark.django_db


def url(name: str, *args, lang: str = "en") -> str:
    return f"/{lang}" + reverse(name, args=args)[3:]


def start(client, survey: Survey, lang: str = "en", **data):
    return client.post(url("listening-survey", survey.slug, lang=lang),
                       {"action": "start", **data})


def page(survey: Survey, number: int, lang: str = "en") -> str:
    return url("listening-survey-page", survey.slug, number, lang=lang)


def answer_all(client, survey: Survey, lang: str = "en") -> None:
    start(client, survey, lang)
    client.post(page(survey, 1, lang), {"role": "parent", "county": "19"})
    client.post(page(survey, 2, lang), {"child_grade": "4"})
    client.post(page(survey, 3, lang), {"top_concerns__1": "tutoring",
                                        "top_concerns__2": "translation",
                                        "satisfaction": "2"})
    client.post(page(survey, 4, lang), {"comment": "Gracias"})


def send(client, survey: Survey, lang: str = "en", **data):
    finish = url("listening-survey-finish", survey.slug, lang=lang)
    key = client.get(finish).context["submission_key"]
    return client.post(finish, {"submission_key": key, **data}), key


def test_the_list_shows_open_surveys_only(client):
    needs_survey("open-one")
    needs_survey("draft-one", publish=False)
    page_ = client.get("/es/surveys/")
    assert page_.status_code == 200
    text = page_.content.decode()
    assert "Evaluación de necesidades" in text and "draft-one" not in text
    assert reverse("listening-survey", args=["open-one"])[3:] in text


def test_the_introduction_promises_anonymity_and_asks_who_is_answering(client):
    survey = needs_survey()
    intro = client.get(url("listening-survey", survey.slug, lang="es"))
    text = intro.content.decode()
    assert "Díganos qué importa." in text
    assert 'name="respondent_type"' in text
    assert not Response.objects.exists()  # nothing is created by looking


def test_starting_creates_a_draft_tied_to_a_cookie_holding_only_a_token(client):
    survey = needs_survey()
    reply = start(client, survey, respondent_type="parent")
    assert reply.status_code == 302 and reply.url.endswith("/page/1/")
    response = Response.objects.get()
    token = client.cookies[f"alz_survey_{survey.pk}"]
    assert token["httponly"] and token["path"] == "/"
    assert response.status == Response.Status.IN_PROGRESS
    assert response.respondent_type == "parent"
    assert token.value not in (response.resume_key or "") and len(response.resume_key) == 64


def test_skip_logic_skips_the_parents_page_for_a_student(client):
    survey = needs_survey()
    start(client, survey)
    reply = client.post(page(survey, 1), {"role": "student"})
    assert reply.url.endswith("/page/3/")
    assert client.get(page(survey, 2)).url.endswith("/page/3/")
    reply = client.post(page(survey, 1), {"role": "parent"})
    assert reply.url.endswith("/page/2/")


def test_a_whole_response_is_sent_once_with_its_ranking_and_language(client):
    survey = needs_survey()
    answer_all(client, survey, lang="es")
    reply, key = send(client, survey, lang="es")
    assert reply.status_code == 302 and reply.url.endswith("/thanks/")
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED and response.language == "es"
    assert response.submission_key == key and response.resume_key is None
    ranks = dict(Answer.objects.filter(question__name="top_concerns")
                 .values_list("option__value", "rank"))
    assert ranks == {"tutoring": 1, "translation": 2}
    assert client.get(reply.url).status_code == 200


def test_a_second_send_of_the_same_form_shows_thanks_and_records_nothing_more(client):
    survey = needs_survey()
    answer_all(client, survey)
    first, key = send(client, survey)
    again = client.post(url("listening-survey-finish", survey.slug),
                        {"submission_key": key})
    assert again.status_code == 302 and again.url.endswith("/thanks/")
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__name="top_concerns").count() == 2


def test_a_sent_response_cannot_be_changed_through_its_cookie(client):
    survey = needs_survey()
    answer_all(client, survey)
    token = client.cookies[f"alz_survey_{survey.pk}"].value
    send(client, survey)
    client.cookies[f"alz_survey_{survey.pk}"] = token  # a copy kept from before sending
    reply = client.post(page(survey, 4), {"comment": "changed"})
    assert reply.status_code == 302 and reply.url.endswith(f"/surveys/{survey.slug}/")
    assert Answer.objects.get(question__name="comment").text == "Gracias"


def test_coming_back_resumes_where_the_respondent_left_off(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "parent", "county": "19"})
    intro = client.get(url("listening-survey", survey.slug))
    assert "Welcome back" in intro.content.decode()
    reply = client.post(url("listening-survey", survey.slug), {"action": "continue"})
    assert reply.url.endswith("/page/2/")
    first = client.get(page(survey, 1)).content.decode()
    assert 'value="parent" checked' in first and 'value="19" selected' in first


def test_starting_over_throws_away_the_unsent_draft(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "parent"})
    client.post(url("listening-survey", survey.slug), {"action": "restart"})
    assert Response.objects.get().draft == {}


def test_switching_language_keeps_the_answers_on_the_page(client):
    survey = needs_survey()
    start(client, survey, lang="es")
    client.post(page(survey, 1, "es"), {"role": "parent"})
    reply = client.post(page(survey, 2, "es"), {"child_grade": "5", "action": "language:en"})
    assert reply.url == page(survey, 2, "en")
    english = client.get(reply.url).content.decode()
    assert "Your child&#x27;s grade" in english and 'value="5"' in english
    spanish = client.get(page(survey, 1, "es")).content.decode()
    assert "¿Quién es usted?" in spanish and 'value="parent" checked' in spanish


def test_the_site_language_switcher_keeps_the_same_response(client):
    survey = needs_survey()
    start(client, survey, lang="es")
    client.post(page(survey, 1, "es"), {"role": "parent"})
    # A Spanish reader's browser asks for Spanish; the switcher then translates the address.
    reply = client.post("/i18n/setlang/", {"language": "en", "next": page(survey, 1, "es")},
                        HTTP_ACCEPT_LANGUAGE="es")
    assert reply.url == page(survey, 1, "en")
    english = client.get(reply.url).content.decode()
    assert "Who are you?" in english and 'value="parent" checked' in english
    assert Response.objects.count() == 1


def test_a_missing_required_answer_is_shown_by_its_question(client):
    survey = needs_survey()
    start(client, survey)
    reply = client.post(page(survey, 1), {"county": "19"})
    assert reply.status_code == 400
    text = reply.content.decode()
    assert 'id="error-role"' in text and 'aria-describedby="error-role"' in text
    assert 'value="19" selected' in text  # the other answer is kept
    assert Response.objects.get().draft == {"county": "19"}


def test_back_saves_what_is_valid_without_asking_for_required_answers(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "parent"})
    reply = client.post(page(survey, 2), {"action": "back"})
    assert reply.url.endswith("/page/1/")


def test_a_partners_link_credits_the_partner(client):
    survey = needs_survey()
    partner = survey.partners.create(name="Padres Unidos")
    intro = client.get(url("listening-survey-partner", survey.slug, partner.code.lower(),
                           lang="es"))
    assert "Padres Unidos" in intro.content.decode()
    start(client, survey, lang="es", partner=partner.code)
    assert Response.objects.get().partner == partner


def test_a_tampered_partner_code_is_refused_with_a_notice_and_the_survey_still_works(client):
    survey = needs_survey()
    survey.partners.create(name="Padres Unidos", code="ABCD2345")
    survey.partners.create(name="Gone", code="ZZZZ2345", is_active=False)
    for code in ["ABCD2346", "ZZZZ2345", "<script>", "x" * 200]:
        intro = client.get(url("listening-survey-partner", survey.slug, code, lang="es"))
        assert intro.status_code == 200
        assert "no es válido" in intro.content.decode()
    start(client, survey, partner="ABCD2346")
    assert Response.objects.get().partner is None


def test_a_partner_link_opened_after_starting_credits_that_partner(client):
    survey = needs_survey()
    partner = survey.partners.create(name="Padres Unidos")
    start(client, survey)
    client.get(url("listening-survey-partner", survey.slug, partner.code))
    assert Response.objects.get().partner == partner


def test_the_contact_opt_in_is_unticked_and_kept_apart_with_a_consent_row(client):
    survey = needs_survey()
    answer_all(client, survey, lang="es")
    finish = client.get(url("listening-survey-finish", survey.slug, lang="es"))
    text = finish.content.decode()
    assert 'name="consent"' in text and 'name="consent" id="id_consent" checked' not in text
    reply, _key = send(client, survey, lang="es", consent="on", name="Rosa",
                       email="rosa@example.org", phone="")
    assert reply.status_code == 302
    contact = ResponseContact.objects.get()
    assert contact.email == "rosa@example.org" and contact.language == "es"
    consent = Consent.objects.get(kind=Consent.Kind.SURVEY_CONTACT)
    assert consent.scope == survey.slug and consent.granted and consent.source == "survey"
    assert consent.language == "es" and consent.wording == "Pueden contactarme sobre esta encuesta."
    assert consent.subject_key


def test_contact_details_are_not_kept_unless_the_box_is_ticked(client):
    survey = needs_survey()
    answer_all(client, survey)
    send(client, survey, name="Rosa", email="rosa@example.org")
    assert not ResponseContact.objects.exists()
    assert not Consent.objects.filter(kind=Consent.Kind.SURVEY_CONTACT).exists()


def test_ticking_the_box_without_a_way_to_reach_you_asks_for_one(client):
    survey = needs_survey()
    answer_all(client, survey)
    reply, _key = send(client, survey, consent="on", name="Rosa")
    assert reply.status_code == 400
    assert Response.objects.get().status == Response.Status.IN_PROGRESS


def test_pages_with_answers_in_progress_are_kept_by_no_cache(client):
    survey = needs_survey()
    start(client, survey)
    client.post(page(survey, 1), {"role": "parent"})
    for address in [page(survey, 1), url("listening-survey", survey.slug),
                    url("listening-survey-finish", survey.slug)]:
        assert "no-store" in client.get(address)["Cache-Control"]
