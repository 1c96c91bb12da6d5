"""Staff pages: dashboard, membership review queue, workgroup rosters."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    raise Http404


@staff_member_required
def applications(request: HttpRequest) -> HttpResponse:
    raise Http404


@staff_member_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def roster(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def roster_csv(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
