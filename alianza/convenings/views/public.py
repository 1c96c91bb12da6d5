"""Public event pages: the list, one event with its registration form, past convenings,
calendar files, and a registrant's own page (from the emailed link)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from alianza.coalition.views.signing import public_form_rate
from alianza.convenings import ical, selectors
from alianza.convenings.forms import RegistrationForm
from alianza.convenings.models import Registration
from alianza.convenings.services import (
    RegistrationRefused,
    registration_cancel,
    registration_create,
)
from alianza.convenings.structured import event_json_ld
from alianza.core.access import private_page

SESSION_KEY = "convenings_registered"


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    language = _language()
    events = [selectors.event_for_reader(e, language=language)
              for e in selectors.events_upcoming()]
    return render(request, "convenings/index.html", {"events": events})


@require_GET
def past(request: HttpRequest) -> HttpResponse:
    language = _language()
    events = [(selectors.event_for_reader(e, language=language),
               selectors.event_resources(e, language)) for e in selectors.events_past()]
    return render(request, "convenings/past.html", {"events": events})


def _event_or_404(slug: str):
    event = selectors.event_public_get(slug)
    if event is None:
        raise Http404
    return event


@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    language = _language()
    view = selectors.event_for_reader(event, language=language)
    form, status, refusal = None, 200, ""
    if view.state in ("open", "waitlist"):
        form = RegistrationForm(request.POST if request.method == "POST" else None,
                                event=event, reader_language=language)
    if request.method == "POST":
        if form is None:
            refusal, status = selectors.state_message(view.state), 400
        elif form.is_valid():
            if form.is_bot():
                return redirect("events-registered", slug=event.slug)
            data = form.cleaned_data
            try:
                registration_create(
                    event=event, name=data["name"], email=data["email"],
                    language=data["language"], organization_name=data["organization_name"],
                    needs_interpretation=data.get("needs_interpretation", False),
                    accessibility_needs=data["accessibility_needs"], answers=form.answers(),
                    wants_updates=data["wants_updates"],
                )
            except RegistrationRefused as refused:
                refusal, status, form = str(refused.message), 400, None
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                # The same page whatever was on file for the address; reloading it sends
                # nothing again.
                request.session[SESSION_KEY] = data["email"]
                return redirect("events-registered", slug=event.slug)
        else:
            status = 400
    page_url = request.build_absolute_uri(view.url) if not settings.SITE_URL else \
        settings.SITE_URL + view.url
    return render(request, "convenings/event.html", {
        "view": view, "form": form, "refusal": refusal or selectors.state_message(view.state),
        "json_ld": event_json_ld(view, page_url), "page_url": page_url,
        "resources": selectors.event_resources(event, language),
    }, status=status)


@never_cache  # it repeats an address: no shared cache may keep it
@require_GET
def registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    return render(request, "convenings/registered.html", {
        "view": selectors.event_for_reader(event, language=_language()),
        "email": request.session.get(SESSION_KEY, ""),
    })


def _calendar_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    return _calendar_response(ical.event_ics(event, language=_language()),
                              f"{event.slug}.ics")


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    language = _language()
    response = _calendar_response(
        ical.events_feed(list(selectors.events_upcoming()), language=language),
        f"events-{language}.ics")
    # A subscription is read in place, not downloaded.
    response["Content-Disposition"] = f'inline; filename="events-{language}.ics"'
    return response


def _missing(request: HttpRequest) -> HttpResponse:
    return render(request, "convenings/registration_missing.html", status=404)


@private_page  # a personal link: the page names the person
@require_http_methods(["GET", "POST"])
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows the registration and one button; the POST cancels, so link scanners
    cannot cancel anyone."""
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _missing(request)
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        registration_cancel(registration=registration)
        return redirect("events-registration", token=registration.token)
    registration.refresh_from_db()
    return render(request, "convenings/registration.html", {
        "registration": registration,
        "view": selectors.event_for_reader(registration.event, language=_language()),
        "position": selectors.waitlist_rank(registration),
        "ics_url": reverse("events-registration-ics", kwargs={"token": registration.token}),
    })


@private_page
@require_GET
def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own calendar file: with the online link once they hold a seat."""
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _missing(request)
    method = "CANCEL" if registration.status == Registration.Status.CANCELLED or \
        registration.event.is_cancelled else "PUBLISH"
    return _calendar_response(ical.registration_ics(registration, method=method),
                              f"{registration.event.slug}.ics")
