"""How often a follower hears about tracked bills: staff choose on a staff page; workgroup
members through the signed link at the foot of every alert (no account needed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.access import private_page, staff_required
from alianza.policy.forms_bills import AlertFrequencyForm
from alianza.policy.services.alerts import (
    alert_frequency,
    alert_preference_set,
    alert_token_read,
)


@require_http_methods(["GET", "POST"])
@staff_required("policy.receive_bill_alerts")
def staff_preferences(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = AlertFrequencyForm(request.POST)
        if form.is_valid():
            alert_preference_set(user=request.user, frequency=form.cleaned_data["frequency"])
            messages.success(request, _("Saved. From now on, bill alerts come as you chose."))
            return redirect("policy-staff-bill-alerts")
        status = 400
    else:
        form = AlertFrequencyForm(initial={"frequency": alert_frequency(user=request.user)})
    return render(request, "policy/bills/alerts_staff.html", {"form": form}, status=status)


@private_page
@require_http_methods(["GET", "POST"])
def member_preferences(request: HttpRequest, token: str) -> HttpResponse:
    person = alert_token_read(token)
    if person is None:
        return render(request, "policy/bills/alerts_link_bad.html", status=404)
    status, saved = 200, False
    if request.method == "POST":
        form = AlertFrequencyForm(request.POST)
        if form.is_valid():
            alert_preference_set(person=person, frequency=form.cleaned_data["frequency"])
            saved = True
        else:
            status = 400
    else:
        form = AlertFrequencyForm(initial={"frequency": alert_frequency(person=person)})
    return render(request, "policy/bills/alerts_member.html", {
        "form": form, "saved": saved, "name": person.name,
    }, status=status)
