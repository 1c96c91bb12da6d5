"""Downloads and thumbnails of resource files (to be written with the uploads)."""

from django.http import Http404, HttpRequest, HttpResponse


def download(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    raise Http404


def thumbnail(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    raise Http404
