"""A workgroup's leads write to their group: the Markdown editor in each language, a
preview, then sending to the people who confirmed the workgroup's mailing list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from alianza.coalition.models import Workgroup
from alianza.coalition.selectors import user_can_see_roster, workgroup_for_reader
from alianza.core.access import forbidden, private_page
from alianza.core.csp import email_preview_policy
from alianza.outreach.forms_workgroup import WorkgroupEmailForm
from alianza.outreach.services.rendering import MERGE_FIELDS
from alianza.outreach.services.workgroup_mail import (
    contents_preview,
    workgroup_audience,
    workgroup_mailing_list,
    workgroup_mailing_send,
    workgroup_mailings,
)


@never_cache
@private_page
@email_preview_policy
@require_http_methods(["GET", "POST"])
def workgroup_email(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workgroup = get_object_or_404(Workgroup, slug=slug)
    # The same people who may read the roster may write to it: the group's leads, and
    # staff who manage every roster.
    if not (request.user.is_active and user_can_see_roster(request.user, workgroup)):
        return forbidden(request)
    mailing_list = workgroup_mailing_list(workgroup)
    audience = workgroup_audience(mailing_list) if mailing_list else None
    count = audience.count if audience else 0
    form = WorkgroupEmailForm()
    previews: list[dict] = []
    status = 200
    if request.method == "POST":
        form = WorkgroupEmailForm(request.POST)
        if not form.is_valid():
            status = 400
        elif "send" in request.POST and form.cleaned_data.get("expected") == count:
            mailing, problems = workgroup_mailing_send(
                workgroup=workgroup, user=request.user, contents=form.contents())
            if mailing is not None:
                messages.success(request, ngettext(
                    "Sending has started to %(count)d person.",
                    "Sending has started to %(count)d people.", count) % {"count": count})
                return redirect("outreach-workgroup-email", slug=workgroup.slug)
            for problem in problems:
                form.add_error(None, problem)
            status = 400
        else:
            if "send" in request.POST:
                messages.warning(request, _("The number of people changed since the preview. "
                                            "Check it and send again."))
            previews = contents_preview(contents=form.contents(), mailing_list=mailing_list)
    return render(request, "outreach/workgroup_email.html", {
        "workgroup": workgroup_for_reader(workgroup, size=0), "slug": workgroup.slug,
        "form": form, "previews": previews, "count": count, "mailing_list": mailing_list,
        "merge_fields": ["{{ " + name + " }}" for name in MERGE_FIELDS],
        "sent": workgroup_mailings(mailing_list) if mailing_list else [],
    }, status=status)
