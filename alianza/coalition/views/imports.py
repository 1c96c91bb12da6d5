"""Staff pages for importing contacts from CSV and XLSX."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse


@staff_member_required
def import_list(request: HttpRequest) -> HttpResponse:
    raise Http404


@staff_member_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


@staff_member_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
