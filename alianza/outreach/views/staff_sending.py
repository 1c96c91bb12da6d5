"""Staff actions on one mailing: preview, test-send, send or schedule (with a confirmation
that repeats the recipient count), and cancelling a schedule."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.csp import email_preview_policy
from alianza.outreach.forms import TestSendForm
from alianza.outreach.forms_staff import ConfirmSendForm, SendForm
from alianza.outreach.models import Mailing
from alianza.outreach.services import preview
from alianza.outreach.services.mailings import mailing_send_at, mailing_unschedule
from alianza.outreach.services.validation import mailing_check
from alianza.outreach.views.staff_common import can, forbidden, staff_required
from alianza.outreach.views.staff_mailings import detail_context, progress_context

logger = logging.getLogger(__name__)


def _mailing(pk: int) -> Mailing:
    return get_object_or_404(Mailing.objects.select_related("segment", "created_by"), pk=pk)


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


@never_cache
@email_preview_policy
@require_GET
@staff_required("outreach.view_mailing")
def mailing_preview(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = _mailing(pk)
    names = _language_names()
    language = request.GET.get("language", settings.LANGUAGE_CODE)
    if language not in names:
        language = settings.LANGUAGE_CODE
    result = preview.mailing_preview(mailing=mailing, language=language)
    written = set(mailing.contents.values_list("language", flat=True))
    return render(request, "outreach/staff/mailing_preview.html", {
        "mailing": mailing, "language": language, "language_name": names[language],
        "tabs": [{"code": code, "name": name, "written": code in written}
                 for code, name in names.items()],
        "preview": result,
        "shown_language_name": names.get(result.get("language") or "", result.get("language")),
        "falls_back": not result.get("errors") and result.get("language") != language,
    })


@never_cache
@email_preview_policy
@require_GET
@staff_required("outreach.view_mailing")
def mailing_preview_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The email alone, as a sample reader's mail app gets it: to open at any width."""
    mailing = _mailing(pk)
    language = request.GET.get("language", settings.LANGUAGE_CODE)
    if language not in _language_names():
        language = settings.LANGUAGE_CODE
    result = preview.mailing_preview(mailing=mailing, language=language)
    if result.get("errors"):
        return render(request, "outreach/staff/mailing_preview.html", {
            "mailing": mailing, "language": language, "preview": result, "tabs": []},
            status=400)
    response = HttpResponse(result["html"], content_type="text/html; charset=utf-8")
    # Links in a sample must not be followed by accident from a staff session.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
@staff_required("outreach.view_mailing")
def mailing_test_send(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request, "outreach.change_mailing"):
        return forbidden(request)
    mailing = _mailing(pk)
    form = TestSendForm(request.POST)
    if form.is_valid():
        address = form.cleaned_data["address"]
        try:
            errors = preview.mailing_test_send(mailing=mailing, address=address,
                                               language=form.cleaned_data["language"])
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Test send of mailing %s failed: %s", mailing.pk, error)
            errors = [_("The mail server did not take the test message (%(error)s). Nothing "
                        "was sent; try again in a moment.") % {"error": str(error)[:200]}]
        if not errors:
            messages.success(request, _("A test copy was sent to %(address)s.") % {
                "address": address.strip().lower()})
            return redirect("outreach-staff-mailing", pk=mailing.pk)
        for error in errors:
            form.add_error(None, error)
    return render(request, "outreach/staff/mailing_detail.html",
                  detail_context(request, mailing, test_form=form), status=400)


def _confirm_page(request: HttpRequest, mailing: Mailing, form: SendForm, count: int,
                  excluded: list, changed_from: int | None = None) -> HttpResponse:
    when = form.when()
    confirm_form = ConfirmSendForm(initial={
        "mode": form.cleaned_data["mode"], "send_at": form.cleaned_data.get("send_at"),
        "expected": count})
    return render(request, "outreach/staff/mailing_confirm.html", {
        "mailing": mailing, "count": count, "when": when, "form": confirm_form,
        "changed_from": changed_from, "excluded": excluded,
        "time_zone": timezone.get_current_timezone_name(),
    })


@never_cache
@require_GET
@staff_required("outreach.view_mailing", "outreach.send_mailing")
def mailing_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """How many people, when: the page whose button sends. Looking at it sends nothing."""
    mailing = _mailing(pk)
    if mailing.status != Mailing.Status.DRAFT:
        messages.info(request, _("This mailing is no longer a draft: it is “%(status)s”.")
                      % {"status": mailing.get_status_display()})
        return redirect("outreach-staff-mailing", pk=mailing.pk)
    form = SendForm(request.GET or {"mode": SendForm.NOW})
    if not form.is_valid():
        return render(request, "outreach/staff/mailing_detail.html",
                      detail_context(request, mailing, send_form=form), status=400)
    errors, resolution = mailing_check(mailing=mailing)
    if errors:
        return render(request, "outreach/staff/mailing_detail.html",
                      detail_context(request, mailing, send_form=form), status=400)
    return _confirm_page(request, mailing, form, resolution.count,
                         resolution.excluded_labels())


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("outreach.view_mailing", "outreach.send_mailing")
def mailing_send(request: HttpRequest, pk: int) -> HttpResponse:
    """POST with ``confirm`` (from the confirmation page): send or schedule. A POST without
    it shows the confirmation page; a GET explains, and links there, instead of a bare 405."""
    mailing = _mailing(pk)
    if request.method == "GET":
        return render(request, "outreach/staff/mailing_send_explain.html", {
            "mailing": mailing, "draft": mailing.status == Mailing.Status.DRAFT})
    if not can(request, "outreach.change_mailing"):
        return forbidden(request)
    if mailing.status != Mailing.Status.DRAFT:
        messages.info(request, _("This mailing is no longer a draft: it is “%(status)s”.")
                      % {"status": mailing.get_status_display()})
        return redirect("outreach-staff-mailing", pk=mailing.pk)
    confirming = "confirm" in request.POST
    form = (ConfirmSendForm if confirming else SendForm)(request.POST)
    if not form.is_valid():
        return render(request, "outreach/staff/mailing_detail.html",
                      detail_context(request, mailing, send_form=form), status=400)
    errors, resolution = mailing_check(mailing=mailing)
    if errors:
        # detail_context checks again and lists every problem on the page.
        return render(request, "outreach/staff/mailing_detail.html",
                      detail_context(request, mailing, send_form=form), status=400)
    when = form.when()
    changed_from = None
    if confirming:
        if form.cleaned_data["expected"] == resolution.count:
            problems = mailing_send_at(mailing=mailing, when=when)
            if problems:
                for problem in problems:
                    messages.error(request, problem)
            elif when is None:
                messages.success(request, ngettext(
                    "Sending has started to %(count)d person.",
                    "Sending has started to %(count)d people.", resolution.count,
                ) % {"count": resolution.count})
            else:
                messages.success(request, _("The mailing is scheduled. You can cancel the "
                                            "schedule until it starts."))
            return redirect("outreach-staff-mailing", pk=mailing.pk)
        changed_from = form.cleaned_data["expected"]
    return _confirm_page(request, mailing, form, resolution.count,
                         resolution.excluded_labels(), changed_from)


@never_cache
@require_GET
@staff_required("outreach.view_mailing")
def mailing_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The sending figures; the mailing page polls this while the mailing is under way."""
    mailing = _mailing(pk)
    return render(request, "outreach/staff/_progress.html", progress_context(mailing))


@require_POST
@staff_required("outreach.view_mailing", "outreach.send_mailing")
def mailing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request, "outreach.change_mailing"):
        return forbidden(request)
    mailing = _mailing(pk)
    if mailing_unschedule(mailing=mailing):
        messages.success(request, _("The schedule was cancelled. Nothing was sent; the "
                                    "mailing is a draft again."))
    else:
        messages.error(request, _("This mailing was not scheduled any more: it is “%(status)s”.")
                       % {"status": Mailing.objects.get(pk=mailing.pk).get_status_display()})
    return redirect("outreach-staff-mailing", pk=mailing.pk)
