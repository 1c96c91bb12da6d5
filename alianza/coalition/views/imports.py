"""Staff pages for importing contacts from CSV and XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alianza.coalition.imports.fields import error_message, fields_for
from alianza.coalition.imports.follow_up import COUNT_LABELS
from alianza.coalition.imports.forms import MappingForm, UploadForm
from alianza.coalition.models import ContactImport
from alianza.coalition.services import imports as services
from alianza.core.access import forbidden, may_manage, staff_required
from alianza.core.import_hooks import import_count_labels, import_hooks

ACTIVE = (ContactImport.Status.CHECKING, ContactImport.Status.QUEUED,
          ContactImport.Status.RUNNING)
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252",
                  "latin-1": "Latin-1"}
DELIMITER_NAMES = {
    ",": gettext_lazy("comma-separated"), ";": gettext_lazy("semicolon-separated"),
    "\t": gettext_lazy("tab-separated"), "|": gettext_lazy("separated by |"),
}


@staff_required("coalition.import_contacts")
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contact_import = services.contact_import_create(
                    upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                    user=request.user, preset=form.cleaned_data["preset"],
                )
            except services.ImportFileError as error:
                form.add_error("file", error.message)
            else:
                return redirect("coalition-import-detail", pk=contact_import.pk)
        status = 400
    page = Paginator(ContactImport.objects.select_related("created_by"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "coalition/imports/list.html", {"form": form, "page": page},
                  status=status)


@staff_required("coalition.import_contacts")
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = get_object_or_404(ContactImport, pk=pk)
    mapping_form = MappingForm(contact_import=contact_import)
    hook_forms = _hook_forms(contact_import, None)
    status = 200
    if request.method == "POST":
        # Someone else's import is theirs to check, run or discard, unless one manages all.
        if not may_manage(request.user, contact_import, perm="coalition.manage_all_imports"):
            return forbidden(request)
        action = request.POST.get("action")
        editable = contact_import.status in (ContactImport.Status.UPLOADED,
                                             ContactImport.Status.CHECKED)
        if action in ("check", "import") and not editable:
            messages.info(request, _("This import has already started."))
            return redirect("coalition-import-detail", pk=pk)
        if action == "check":
            mapping_form = MappingForm(request.POST, contact_import=contact_import)
            hook_forms = _hook_forms(contact_import, request.POST)
            if mapping_form.is_valid() and all(form.is_valid() for _key, form in hook_forms):
                options = {**mapping_form.cleaned_data["options"],
                           **{key: form.cleaned_data for key, form in hook_forms}}
                services.contact_import_map(
                    contact_import=contact_import, mapping=mapping_form.cleaned_data["mapping"],
                    options=options,
                )
                try:
                    # A worker checks the file; the page shows its progress meanwhile.
                    services.contact_import_check(contact_import=contact_import)
                except services.ImportFileError as error:
                    messages.error(request, error.message)
                return redirect("coalition-import-detail", pk=pk)
            status = 400
        elif action == "import":
            if not services.contact_import_start(contact_import=contact_import):
                messages.error(request, _("Check the file (dry run) before importing it."))
            return redirect("coalition-import-detail", pk=pk)
        elif action == "retry":
            if services.contact_import_retry(contact_import=contact_import):
                messages.success(request, _("The import will go on from where it stopped."))
            return redirect("coalition-import-detail", pk=pk)
        elif action == "discard":
            if services.contact_import_discard(contact_import=contact_import):
                messages.success(request, _("The file was removed."))
                return redirect("coalition-imports")
            return redirect("coalition-import-detail", pk=pk)
        else:
            status = 400
    return render(request, "coalition/imports/detail.html", {
        **_progress_context(contact_import),
        "mapping_form": mapping_form,
        "hook_forms": [form for _key, form in hook_forms],
        "options_summary": _options_summary(contact_import),
        "columns": _columns(contact_import),
        "delimiter_name": DELIMITER_NAMES.get(contact_import.delimiter, ""),
        "encoding_name": ENCODING_NAMES.get(contact_import.encoding, contact_import.encoding),
    }, status=status)


@staff_required("coalition.import_contacts")
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment that the page polls; it stops polling once the import ends."""
    contact_import = get_object_or_404(ContactImport, pk=pk)
    if not request.htmx:
        return redirect("coalition-import-detail", pk=pk)
    if contact_import.status == ContactImport.Status.CHECKED:
        # The dry run finished: the whole page changes (results, Import button).
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("coalition-import-detail", args=[pk]) + "#results"
        return response
    return render(request, "coalition/imports/_progress.html",
                  _progress_context(contact_import))


def _progress_context(contact_import: ContactImport) -> dict:
    total = contact_import.total_rows or 1
    # A running import that stopped reporting, or one never picked up: no worker is on it.
    stale_before = timezone.now() - services.STALE_AFTER
    stalled = (
        contact_import.status in (ContactImport.Status.RUNNING, ContactImport.Status.CHECKING)
        and contact_import.heartbeat_at is not None
        and contact_import.heartbeat_at < stale_before
    ) or (
        contact_import.status in (ContactImport.Status.QUEUED, ContactImport.Status.CHECKING)
        and contact_import.heartbeat_at is None
        and not contact_import.attempts
        and contact_import.updated_at < stale_before
    )
    return {
        "contact_import": contact_import,
        "active": contact_import.status in ACTIVE,
        "stalled": stalled,
        "percent": min(100, round(100 * contact_import.processed_rows / total)),
        "errors": [
            {**error, "message": error_message(error)} for error in contact_import.errors
        ],
        "hidden_errors": max(contact_import.error_count - len(contact_import.errors), 0),
        "outcome": _outcome(contact_import.outcome),
        "preview_outcome": _outcome(contact_import.preview.get("outcome", {})),
    }


def _hook_forms(contact_import: ContactImport, data) -> list[tuple[str, object]]:
    """Each import hook's options form (tags, mailing lists), for people imports."""
    if contact_import.kind != ContactImport.Kind.PEOPLE:
        return []
    found = []
    for hook in import_hooks():
        if hook.form is not None:
            form = hook.form(data, contact_import.options.get(hook.key, {}))
            if form is not None:
                found.append((hook.key, form))
    return found


def _options_summary(contact_import: ContactImport) -> list[str]:
    shown = []
    for hook in import_hooks():
        if hook.summary is not None:
            shown.extend(hook.summary(contact_import.options.get(hook.key, {})))
    return shown


def _outcome(counts: dict) -> list[dict]:
    """Consent and hook counts with their labels, in a stable order; zeros left out."""
    labels = [*COUNT_LABELS.items(), *import_count_labels()]
    return [{"label": label, "count": counts[key]} for key, label in labels
            if counts.get(key)]


def _columns(contact_import: ContactImport) -> list[dict]:
    """Each column with its first values, so staff can see what it holds."""
    labels = {f.key: f.label for f in fields_for(contact_import.kind)}
    used = {index: labels.get(key, key) for key, index in contact_import.mapping.items()}
    return [
        {
            "name": name,
            "samples": [row[index] for row in contact_import.samples
                        if index < len(row) and row[index]],
            "field": used.get(index),
        }
        for index, name in enumerate(contact_import.columns)
    ]
