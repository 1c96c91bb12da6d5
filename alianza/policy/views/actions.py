"""The public action alert page (two steps, no JavaScript needed), the "check your email"
page, and the confirmation link that sends the letters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from alianza.coalition.views.signing import public_form_rate
from alianza.core.access import private_page
from alianza.policy.forms_actions import (
    BODY_FOR,
    FIELD_FOR,
    DistrictsForm,
    LettersForm,
    updates_wording,
)
from alianza.policy.letters import district_label, legislator_title
from alianza.policy.models import ActionCampaign, ActionLetter
from alianza.policy.selectors.actions import (
    CampaignView,
    campaign_for_reader,
    campaign_public_get,
    campaign_supporter_count,
    seat_holder,
)
from alianza.policy.services.actions import (
    ActionRefused,
    LetterDraft,
    letter_suggested,
    submission_confirm,
    submission_create,
    submission_pending,
)

SESSION_KEY = "policy_action_email"


@dataclass
class Addressee:
    letter: ActionLetter
    name: str
    district: str


TEMPLATE = "policy/actions/action.html"


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _campaign_or_404(slug: str) -> ActionCampaign:
    campaign = campaign_public_get(slug)
    if campaign is None:
        raise Http404
    return campaign


def _page(request: HttpRequest, view: CampaignView, *, status: int = 200,
          **context) -> HttpResponse:
    campaign = view.campaign
    context.setdefault("step", 1)
    return render(request, TEMPLATE, {
        "view": view, "campaign": campaign,
        "count": campaign_supporter_count(campaign) if campaign.show_count else None,
        **context,
    }, status=status)


@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    view = campaign_for_reader(campaign, _language())
    if not campaign.is_live:
        return _page(request, view, refusal=ActionRefused("closed").message,
                     status=400 if request.method == "POST" else 200)
    if request.method != "POST":
        return _page(request, view, form=DistrictsForm(campaign=campaign))
    if request.POST.get("step") == "letter":
        if "back" in request.POST:  # change the districts: step 1 again, as typed
            return _page(request, view, form=DistrictsForm(
                campaign=campaign, initial=request.POST.dict()))
        return _letters_step(request, view)
    form = DistrictsForm(request.POST, campaign=campaign)
    if not form.is_valid():
        return _page(request, view, form=form, status=400)
    if not form.is_complete:  # the ZIP code crosses district lines: choose one
        return _page(request, view, form=form)
    if form.is_bot():
        return redirect("policy-action-sent", slug=campaign.slug)
    return _letters_page(request, view, form)


def _letters_page(request: HttpRequest, view: CampaignView, step1: DistrictsForm
                  ) -> HttpResponse:
    """Step 2, first shown: the letters filled in from the template, ready to edit."""
    campaign, data = view.campaign, step1.cleaned_data
    seats = [seat_holder(chamber, step1.districts[chamber]) for chamber in step1.chambers]
    initial = {name: data.get(name, "") for name in ("name", "email", "city", "zip_code")}
    for chamber, number in step1.districts.items():
        initial[FIELD_FOR[chamber]] = str(number)
    for seat in seats:
        if not seat.is_vacant:
            initial[BODY_FOR[seat.chamber]] = letter_suggested(
                campaign=campaign, seat=seat, supporter_name=data["name"], city=data["city"],
                language=_language())
    form = LettersForm(campaign=campaign, initial=initial)
    return _page(request, view, form=form, step=2, letters=form.letters_for(seats),
                 writable=any(not seat.is_vacant for seat in seats))


def _letters_step(request: HttpRequest, view: CampaignView) -> HttpResponse:
    campaign = view.campaign
    form = LettersForm(request.POST, campaign=campaign)
    valid = form.is_valid()
    if not form.is_complete:
        # The hidden districts were tampered with or lost: back to step 1, as typed.
        return _page(request, view, form=DistrictsForm(request.POST, campaign=campaign),
                     status=400)
    letters = form.letters_for(form.seats or [seat_holder(c, form.districts[c])
                                              for c in form.chambers])
    context = {"form": form, "step": 2, "letters": letters,
               "writable": any(slot.field is not None for slot in letters)}
    if not valid:
        return _page(request, view, status=400, **context)
    if form.is_bot():
        return redirect("policy-action-sent", slug=campaign.slug)
    data = form.cleaned_data
    language = _language()
    try:
        submission_create(
            campaign=campaign, name=data["name"], email=data["email"], city=data["city"],
            zip_code=data["zip_code"], language=language,
            drafts=[LetterDraft(seat=seat, body=data[BODY_FOR[seat.chamber]])
                    for seat in form.writable_seats()],
            updates_requested=data["wants_updates"],
            updates_wording=updates_wording(language),
        )
    except ActionRefused as refused:
        return _page(request, view, status=400, refusal=refused.message, **context)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, view, status=400, **context)
    # The same page whatever is on file for the address; reloading it sends nothing again.
    request.session[SESSION_KEY] = data["email"]
    return redirect("policy-action-sent", slug=campaign.slug)


@never_cache  # it repeats an address: no shared cache may keep it
@require_GET
def sent(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    return render(request, "policy/actions/sent.html", {
        "view": campaign_for_reader(campaign, _language()),
        "email": request.session.get(SESSION_KEY, ""),
    })


@private_page  # a personal link: the page names the person's letters
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows one button; the POST sends the letters, so link scanners send nothing.
    After the POST the browser comes back to the same link, which then says it is done."""
    if request.method == "POST":
        outcome = submission_confirm(token=token)
        if outcome is None:
            return render(request, "policy/actions/link_invalid.html", status=400)
        if outcome.state == "closed":
            return render(request, "policy/actions/confirm.html", {
                "submission": outcome.submission,
                "view": campaign_for_reader(outcome.submission.campaign, _language()),
                "refusal": ActionRefused("closed").message,
            }, status=400)
        with translation.override(outcome.submission.language):
            return redirect("policy-action-confirm", token=token)
    submission = submission_pending(token)
    if submission is None:
        return render(request, "policy/actions/link_invalid.html", status=400)
    language = _language()
    view = campaign_for_reader(submission.campaign, language)
    letters = [
        Addressee(letter, legislator_title(letter.chamber, letter.legislator.name, language),
                  district_label(letter.chamber, letter.district.number, language))
        for letter in submission.letters.select_related("legislator", "district")]
    if submission.confirmed_at is not None:
        return render(request, "policy/actions/confirmed.html", {
            "view": view, "submission": submission, "letters": letters,
            "emailed": [item for item in letters if item.letter.outbound_id],
            "printed": [item for item in letters if not item.letter.outbound_id
                        or submission.campaign.prints_letters],
        })
    return render(request, "policy/actions/confirm.html", {
        "view": view, "submission": submission, "letters": letters,
        "refusal": "" if submission.campaign.is_live else ActionRefused("closed").message,
    })
