"""The staff page for the full site export: request one, watch it, download it."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core import services_site_export as services
from alianza.core.access import staff_required
from alianza.core.models import SiteExport
from alianza.core.private_files import private_file_exists, private_storage

PERMISSION = "core.export_site"


@staff_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def site_export_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        export = services.site_export_request(user=request.user,
                                              language=get_language() or "en")
        messages.success(request, _("The export has started. This page shows its progress."))
        return redirect(f"{request.path}#export-{export.pk}")
    services.site_exports_fail_stale()
    exports = list(SiteExport.objects.select_related("requested_by")[:20])
    return render(request, "core/site_export.html", {
        "exports": exports, "keep_days": services.keep_days(),
        "any_active": any(export.active for export in exports),
    })


@staff_required(PERMISSION)
def site_export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment the page polls while an export is waiting or running."""
    export = get_object_or_404(SiteExport, pk=pk)
    if not request.htmx:
        return redirect("core-site-export")
    response = render(request, "core/_site_export_row.html", {"export": export})
    if not export.active:
        # Finished: reload the whole page, so the start button is offered again.
        response["HX-Refresh"] = "true"
    return response


@staff_required(PERMISSION)
@require_POST
def site_export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(SiteExport, pk=pk)
    if services.site_export_retry(export=export):
        messages.success(request, _("The export will be tried again from the beginning."))
    return redirect("core-site-export")


@staff_required(PERMISSION)
def site_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(SiteExport, pk=pk, status=SiteExport.Status.DONE)
    if not private_file_exists(export.file_name):
        raise Http404
    services.site_export_downloaded(export=export, user=request.user)
    response = FileResponse(private_storage().open(export.file_name, "rb"), as_attachment=True,
                            filename=export.file_name.rsplit("/", 1)[-1],
                            content_type="application/zip")
    return response
