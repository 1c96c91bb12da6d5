"""The library's Atom feed (to be written with the uploads)."""

from django.http import Http404, HttpRequest, HttpResponse


def all_feed(request: HttpRequest) -> HttpResponse:
    raise Http404
