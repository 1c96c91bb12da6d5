from datetime import UTC

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from alianza.core import registry


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"home_sections": registry.home_sections()})


def sitemap(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: every app's public pages (core/registry.py), each with its
    language alternates."""
    from django.contrib.sitemaps.views import sitemap as sitemap_view

    return sitemap_view(request, sitemaps=registry.sitemaps())


def security_txt(request: HttpRequest) -> HttpResponse:
    """``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability — the
    coalition's contact address, which the site already uses as every email's Reply-To."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from alianza.core.site import site_contact_email

    contact = site_contact_email()
    if not contact:
        raise Http404("No contact address is set in the coalition's profile.")
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{contact}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en, es",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/rate_limited.html", status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/400.html", status=400)
