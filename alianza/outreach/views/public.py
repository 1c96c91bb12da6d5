"""Public pages: sign up, confirm, preferences, one-click unsubscribe, tracking, webhooks."""

from __future__ import annotations

import base64
import hmac
import json

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from alianza.coalition.models import Person
from alianza.coalition.views.signing import public_form_rate
from alianza.core.access import private_page
from alianza.outreach import conf, selectors
from alianza.outreach.forms import PreferencesForm, SignupForm
from alianza.outreach.models import MailingEvent, MailingList, Subscription
from alianza.outreach.services import bounces, subscriptions, tokens

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    lists = list(selectors.mailing_lists_public())
    if request.method == "POST":
        form = SignupForm(request.POST, lists=selectors.mailing_lists_public())
        if form.is_valid():
            if not form.is_bot():
                subscriptions.subscription_request(
                    email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                    lists=form.cleaned_data["lists"], language=translation.get_language(),
                    source="signup-form", wording=form.wording(),
                )
            # The same answer whatever the address's state (new, pending, subscribed,
            # throttled, or a bot): only the email to that address tells the truth. A
            # redirect, so a refresh cannot submit again.
            return redirect("outreach-signup-done")
        status = 400
    else:
        form = SignupForm(lists=selectors.mailing_lists_public())
        status = 200
    return render(request, "outreach/signup.html", {"form": form, "lists": lists},
                  status=status)


@require_GET
def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/signup_done.html")


@private_page
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms, so link scanners confirm nothing."""
    if request.method == "POST":
        result = subscriptions.subscription_confirm(token=token)
        if result is None:
            return render(request, "outreach/link_invalid.html", status=400)
        # To the thank-you page in the person's language; a refresh only reloads it.
        with translation.override(result.person.preferred_language):
            return HttpResponseRedirect(reverse("outreach-confirmed", kwargs={"token": token}))
    return render(request, "outreach/confirm.html", {"token": token})


@private_page
@require_GET
def confirmed(request: HttpRequest, token: str) -> HttpResponse:
    data = tokens.read_confirm_token(token, conf.confirm_days())
    person = Person.objects.filter(pk=data[0]).first() if data else None
    if person is None or not tokens.email_matches(person.email, data[1]):
        return render(request, "outreach/link_invalid.html", status=400)
    lists = MailingList.objects.filter(
        subscriptions__person=person, subscriptions__status=Subscription.Status.CONFIRMED,
    ).prefetch_related("texts")
    return render(request, "outreach/confirmed.html", {
        "preferences_url": subscriptions.preferences_url(person),
        "names": [selectors.mailing_list_name(m) for m in lists]})


def _person_from_preferences(token: str) -> Person | None:
    data = tokens.read_preferences_token(token)
    if data is None:
        return None
    person = Person.objects.filter(pk=data[0]).first()
    if person is None or not tokens.email_matches(person.email, data[1]):
        return None
    return person


@private_page
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    person = _person_from_preferences(token)
    if person is None:
        return render(request, "outreach/link_invalid.html", status=400)
    subscribed = MailingList.objects.filter(
        subscriptions__person=person,
        subscriptions__status__in=[Subscription.Status.CONFIRMED, Subscription.Status.PENDING])
    offered = (selectors.mailing_lists_public() | MailingList.objects.filter(
        pk__in=subscribed.values("pk"))).distinct()
    saved = request.GET.get("saved") == "1"
    status = 200
    if request.method == "POST" and "unsubscribe_all" in request.POST:
        subscriptions.subscription_unsubscribe(
            person=person, lists=None, source="preferences-page",
            wording=_("Unsubscribe from all emails"))
        return redirect("outreach-preferences-stopped", token=token)
    if request.method == "POST":
        form = PreferencesForm(request.POST, lists=offered)
        if form.is_valid():
            subscriptions.preferences_update(
                person=person, lists=form.cleaned_data["lists"],
                language=form.cleaned_data["language"],
                wording=str(form.fields["lists"].label))
            # Back to the page in the language just chosen; a refresh only reloads it.
            with translation.override(form.cleaned_data["language"]):
                page = reverse("outreach-preferences", kwargs={"token": token})
            return HttpResponseRedirect(f"{page}?saved=1")
        status = 400
    else:
        form = PreferencesForm(initial={"lists": list(subscribed),
                                        "language": person.preferred_language}, lists=offered)
    return render(request, "outreach/preferences.html",
                  {"form": form, "person": person, "saved": saved}, status=status)


@private_page
@require_GET
def preferences_stopped(request: HttpRequest, token: str) -> HttpResponse:
    if _person_from_preferences(token) is None:
        return render(request, "outreach/link_invalid.html", status=400)
    return render(request, "outreach/unsubscribed.html", {"everything": True,
                                                          "preferences_token": token})


@private_page
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058 one-click: a POST unsubscribes at once — no cookie, no CSRF token, no
    confirmation page. A GET (a person following the footer link, or a link scanner)
    only shows the button."""
    if tokens.read_unsubscribe_token(token) is None:
        return render(request, "outreach/link_invalid.html", status=400)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        result = subscriptions.delivery_unsubscribe(
            token=token, source="one-click" if one_click else "unsubscribe-page",
            wording=_("Unsubscribe"))
        if result is None:
            return render(request, "outreach/link_invalid.html", status=400)
        if one_click:
            # A mail provider's RFC 8058 POST: it wants a 2xx, not a page to follow.
            return HttpResponse(_("You are unsubscribed"), content_type="text/plain")
        return redirect("outreach-unsubscribed", token=token)
    return render(request, "outreach/unsubscribe.html", {"token": token})


@private_page
@require_GET
def unsubscribed(request: HttpRequest, token: str) -> HttpResponse:
    """The thank-you page after an unsubscribe, reached by redirect: refreshing it is
    harmless."""
    delivery = subscriptions.delivery_for_token(token)
    if delivery is None:
        return render(request, "outreach/link_invalid.html", status=400)
    lists = subscriptions.delivery_unsubscribe_lists(delivery)
    return render(request, "outreach/unsubscribed.html", {
        "everything": lists is None,
        "names": [selectors.mailing_list_name(m) for m in lists or []],
        "preferences_token": tokens.preferences_token(delivery.person.pk,
                                                      delivery.person.email)})


def track_open(request: HttpRequest, token: str) -> HttpResponse:
    delivery_id = tokens.read_open_token(token)
    if delivery_id:
        subscriptions.tracking_record(delivery_id=delivery_id, kind=MailingEvent.Kind.OPEN)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def track_click(request: HttpRequest, token: str) -> HttpResponse:
    data = tokens.read_click_token(token)
    if data is None or not data[1].startswith(("http://", "https://")):
        return render(request, "outreach/link_invalid.html", status=400)
    subscriptions.tracking_record(delivery_id=data[0], kind=MailingEvent.Kind.CLICK,
                                  detail=data[1])
    return HttpResponseRedirect(data[1])


@csrf_exempt
@require_POST
def bounce_webhook(request: HttpRequest) -> JsonResponse:
    """Bounces and complaints reported by a sending provider, as JSON with a shared secret
    in the ``X-Alianza-Secret`` header (or ``Authorization: Bearer <secret>``)."""
    secret = conf.webhook_secret()
    given = request.headers.get("X-Alianza-Secret") or request.headers.get(
        "Authorization", "").removeprefix("Bearer ").strip()
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"error": "forbidden"}, status=403)
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    if not isinstance(payload, dict | list):
        return JsonResponse({"error": "expected an object or a list"}, status=400)
    outcomes = bounces.bounce_process_webhook(payload)
    return JsonResponse({"processed": len(outcomes),
                         "suppressed": sum(o.suppressed for o in outcomes)})
