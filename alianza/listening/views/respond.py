"""The respondent's pages: the introduction (from the survey's or a partner's link), one
page per section, the last page with the optional contact, and the thanks.

Every page works without script. Answers are saved on each page; leaving and coming back
on the same device resumes where the respondent left off, in whichever language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from alianza.core.access import private_page
from alianza.core.views import rate_limited
from alianza.listening.answers import answers_clean
from alianza.listening.forms_respond import (
    CONTACT_WORDING,
    MAX_BODY_BYTES,
    ContactForm,
    StartForm,
    answers_from_post,
    district_choices,
    question_views,
)
from alianza.listening.models import Partner, QuestionType
from alianza.listening.models.surveys import text_in
from alianza.listening.selectors.public import partner_for_code, survey_is_open
from alianza.listening.services.respond import (
    ContactGiven,
    new_token,
    response_draft_save,
    response_find_submitted,
    response_frame_assign,
    response_partner_set,
    response_start,
    response_submit,
    submission_key_for,
)
from alianza.listening.services.responses import AnswersRefused
from alianza.listening.views.respond_flow import (
    Flow,
    closed_page,
    flow_for,
    forget_token,
    get_survey,
    language,
    set_token,
    survey_text,
    token_of,
)

# New responses a single address may start a minute: a school's shared connection stays
# well under it, a script filling the table with drafts does not.
START_RATE = "60/m"


def _start_rate(group: str, request: HttpRequest) -> str | None:
    if not settings.RATELIMIT_ENABLE:
        return None
    return getattr(settings, "LISTENING_START_RATE", START_RATE)


def _page_url(survey, number: int) -> str:
    return reverse("listening-survey-page", args=[survey.slug, number])


@private_page  # answers in progress: no shared cache or back button keeps them
@require_http_methods(["GET", "POST"])
def survey_intro(request: HttpRequest, slug: str, code: str = "") -> HttpResponse:
    survey = get_survey(slug)
    if not survey_is_open(survey):
        return closed_page(request, survey, in_progress=flow_for(request, survey) is not None)
    flow = flow_for(request, survey)
    partner: Partner | None = None
    code = (request.POST.get("partner", "") if request.method == "POST" else code)[:16]
    if code:
        partner = partner_for_code(survey, code)
    if request.method == "POST":
        return _start(request, survey, flow, partner)
    if flow is not None and partner is not None:
        response_partner_set(response=flow.response, partner=partner)
    return render(request, "listening/respond/intro.html", {
        "survey": survey, "text": survey_text(survey), "flow": flow, "partner": partner,
        "bad_code": bool(code) and partner is None, "form": StartForm(),
        "page_count": len(flow.structure.pages) if flow else None,
    })


def _start(request: HttpRequest, survey, flow: Flow | None,
           partner: Partner | None) -> HttpResponse:
    action = request.POST.get("action", "start")
    if flow is not None and action != "restart":
        return redirect(_resume_url(flow))
    if is_ratelimited(request, group="listening-start", key="ip", rate=_start_rate,
                      increment=True):
        return rate_limited(request)
    form = StartForm(request.POST)
    respondent_type = form.cleaned_data["respondent_type"] if form.is_valid() else ""
    if flow is not None:  # "start over": the unsent draft goes, a new one begins
        partner = partner or flow.response.partner
        flow.response.delete()
    token = new_token()
    response_start(survey=survey, token=token, language=language(), partner=partner,
                   respondent_type=respondent_type)
    page = redirect(_page_url(survey, 1))
    set_token(page, survey, token)
    return page


def _resume_url(flow: Flow) -> str:
    number = max(flow.response.section_position, 1)
    if number > len(flow.structure.pages):
        return reverse("listening-survey-finish", args=[flow.survey.slug])
    return _page_url(flow.survey, number)


def _known_county(flow: Flow, answers: dict) -> str:
    for question in flow.structure.questions:
        if question.type == QuestionType.COUNTY and answers.get(question.name):
            return str(answers[question.name])
    return flow.response.county_code


def _too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


@private_page
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    survey = get_survey(slug)
    flow = flow_for(request, survey)
    if flow is None:
        return redirect("listening-survey", slug=survey.slug)
    if not survey_is_open(survey):
        return closed_page(request, survey, in_progress=True)
    pages = flow.structure.pages
    if not 1 <= number <= len(pages):
        return redirect(_resume_url(flow))
    if not flow.visible(number):
        following = flow.next_visible(number)
        return redirect(_page_url(survey, following) if following else
                        reverse("listening-survey-finish", args=[survey.slug]))
    if request.method == "POST":
        if _too_big(request):
            return _render_page(request, flow, number, {}, {}, status=413, too_big=True)
        return _save_page(request, flow, number)
    if flow.response.section_position != number:
        response_draft_save(response=flow.response, values=flow.response.draft,
                            position=number, language=language())
    return _render_page(request, flow, number, flow.response.draft, {})


def _save_page(request: HttpRequest, flow: Flow, number: int) -> HttpResponse:
    page = flow.structure.pages[number - 1]
    action = request.POST.get("action", "next")
    draft = flow.response.draft
    names = {q.name for q in page.questions}
    base = {key: value for key, value in draft.items() if key.split("__")[0] not in names}
    raw, read_errors = answers_from_post(page.questions, request.POST,
                                         _known_county(flow, draft))
    checked = answers_clean(flow.structure.questions_through(number), {**base, **raw},
                            final=action == "next")
    errors = {name: message for name, message in checked.errors.items() if name in names}
    errors.update(read_errors)
    kept = {key: value for key, value in checked.values.items()
            if key.split("__")[0] in names and key.split("__")[0] not in errors}
    answers = {**base, **kept}
    following = flow.next_visible(number, answers)
    moving_on = action == "next" and not errors
    position = (following or len(flow.structure.pages) + 1) if moving_on else number
    response_draft_save(response=flow.response, values=answers, position=position,
                        language=language())
    if action.startswith("language:"):
        code = action.split(":", 1)[1]
        if code in dict(settings.LANGUAGES):
            reply = redirect(translate_url(_page_url(flow.survey, number), code))
            # The rest of the site follows the respondent's choice too.
            reply.set_cookie(settings.LANGUAGE_COOKIE_NAME, code,
                             max_age=settings.LANGUAGE_COOKIE_AGE, path="/", samesite="Lax")
            return reply
    if action == "back":
        previous = flow.previous_visible(number)
        return redirect(_page_url(flow.survey, previous) if previous else
                        reverse("listening-survey", args=[flow.survey.slug]))
    if errors and action == "next":
        # The page again with what was typed, every answer kept, a message by each refusal.
        shown = {**answers, **{key: value for key, value in raw.items()
                               if key.split("__")[0] in errors}}
        return _render_page(request, flow, number, shown, errors, status=400)
    if following is None:
        return redirect("listening-survey-finish", slug=flow.survey.slug)
    return redirect(_page_url(flow.survey, following))


def _render_page(request: HttpRequest, flow: Flow, number: int, values: dict,
                 errors: dict, *, status: int = 200, too_big: bool = False) -> HttpResponse:
    page = flow.structure.pages[number - 1]
    lang = language()
    frame = response_frame_assign(response=flow.response) if page.section.shows_frame \
        else None
    county = _known_county(flow, values)
    views = question_views(page.questions, values, errors, lang)
    for view in views:
        if view.kind == QuestionType.DISTRICT:
            view.choices = district_choices(county)
            if not view.choices and not view.hint:
                view.hint = _("Type the district's name, for example Los Angeles Unified.")
    visible_numbers = [n for n in range(1, len(flow.structure.pages) + 1) if flow.visible(n)]
    return render(request, "listening/respond/page.html", {
        "survey": flow.survey, "text": survey_text(flow.survey), "page": page,
        "number": number, "title": text_in(page.section.title, lang),
        "intro": text_in(page.section.intro, lang), "questions": views, "errors": errors,
        "frame_title": text_in(frame.title, lang) if frame else "",
        "frame_text": text_in(frame.text, lang) if frame else "",
        "step": visible_numbers.index(number) + 1 if number in visible_numbers else number,
        "steps": len(visible_numbers), "too_big": too_big,
        "other_languages": [(code, get_language_info(code)["name_local"])
                            for code, _name in settings.LANGUAGES
                            if code != lang and code in flow.survey.languages],
    }, status=status)


@private_page
@require_http_methods(["GET", "POST"])
def survey_finish(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(slug)
    if request.method == "POST":
        return _send(request, survey)
    flow = flow_for(request, survey)
    if flow is None:
        return redirect("listening-survey", slug=survey.slug)
    if not survey_is_open(survey):
        return closed_page(request, survey, in_progress=True)
    missing = answers_clean(flow.structure.questions, flow.response.draft, final=True).errors
    return _render_finish(request, flow, ContactForm(), missing)


def _send(request: HttpRequest, survey) -> HttpResponse:
    """The busiest write of the module: the survey, one locked read, one update, one insert."""
    token = token_of(request, survey)
    if not survey_is_open(survey):
        done = response_find_submitted(request.POST.get("submission_key", ""))
        if done is None or done.survey_id != survey.pk:
            return closed_page(request, survey, in_progress=bool(token))
        return _thanks_redirect(survey)
    form = ContactForm(request.POST)
    contact = None
    if survey.ask_contact:
        if not form.is_valid():
            flow = flow_for(request, survey)
            if flow is None:
                return _after_send(request, survey)
            return _render_finish(request, flow, form, {}, status=400)
        if form.cleaned_data["consent"]:
            data = form.cleaned_data
            contact = ContactGiven(name=data["name"], email=data["email"],
                                   phone=data["phone"], wording=str(CONTACT_WORDING))
    try:
        sent = response_submit(survey=survey, token=token, language=language(),
                               contact=contact)
    except AnswersRefused as refused:
        flow = flow_for(request, survey)
        if flow is None:
            return _after_send(request, survey)
        return _render_finish(request, flow, form, refused.errors, status=400)
    if sent is None:
        return _after_send(request, survey)
    reply = _thanks_redirect(survey)
    forget_token(reply, survey)
    return reply


def _after_send(request: HttpRequest, survey) -> HttpResponse:
    """Nothing in progress on this device: this form was sent already (a second click, or
    back and send again) and gets the thanks again, or the respondent never started."""
    done = response_find_submitted(request.POST.get("submission_key", ""))
    if done is not None and done.survey_id == survey.pk:
        return _thanks_redirect(survey)
    return redirect("listening-survey", slug=survey.slug)


def _render_finish(request: HttpRequest, flow: Flow, form: ContactForm, missing: dict,
                   *, status: int = 200) -> HttpResponse:
    return render(request, "listening/respond/finish.html", {
        "survey": flow.survey, "text": survey_text(flow.survey), "form": form,
        "submission_key": submission_key_for(flow.token),
        "missing": _missing_by_page(flow, missing),
        "back": flow.previous_visible(len(flow.structure.pages) + 1),
    }, status=status)


def _missing_by_page(flow: Flow, errors: dict[str, str]) -> list[dict]:
    lang = language()
    found = []
    for page in flow.structure.pages:
        for question in page.questions:
            if question.name in errors:
                found.append({"number": page.number, "label": text_in(question.label, lang),
                              "error": errors[question.name], "name": question.name})
    return found


def _thanks_redirect(survey) -> HttpResponse:
    return redirect("listening-survey-thanks", slug=survey.slug)


@require_GET
def survey_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(slug)
    return render(request, "listening/respond/thanks.html", {
        "survey": survey, "text": survey_text(survey),
    })

