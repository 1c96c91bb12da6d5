from datetime import UTC

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alianza.core import registry
from alianza.core.osdi.errors import error_response, is_api_request
from alianza.core.page_cache import cached_for_anonymous
from alianza.core.site import site_name

# Upcoming events and open surveys change with the clock as well as with writes: a cached
# home page lives a minute at most.
HOME_CACHE_SECONDS = 60


@cached_for_anonymous(registry.home_namespaces, ttl=HOME_CACHE_SECONDS)
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


def ready(request: HttpRequest) -> JsonResponse:
    """503 until the database (migrated), the caches and the task queue all answer."""
    from alianza.core.readiness import readiness

    checks = readiness()
    all_ok = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if all_ok else "unavailable", "checks": checks},
                            status=200 if all_ok else 503)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/rate_limited.html", status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


# Under the API (/api/osdi/v1/) the site's error pages answer as the API does, {"error"} in
# JSON: an API client cannot read an HTML page.
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_response(404, _("Not found."))
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return error_response(500, _("Something went wrong on our side. Please try again "
                                     "later."))
    return render(request, "core/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_response(400, _("Bad request."))
    return render(request, "core/400.html", status=400)


# The icons the manifest lists: (static path, size, purpose).
MANIFEST_ICONS = (
    ("core/icons/icon-192.png", "192x192", "any"),
    ("core/icons/icon-512.png", "512x512", "any"),
    ("core/icons/icon-maskable-512.png", "512x512", "maskable"),
    ("core/icons/alianza.svg", "any", "any"),
)
THEME_COLOUR = "#063f39"  # the header's colour (alianza.css --brand-dark)


def web_manifest(request: HttpRequest) -> JsonResponse:
    """``/manifest.webmanifest?lang=es``: lets a phone add the site to its home screen under
    the coalition's name, opening on the home page in the language the visitor read it in."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang", "")
    if language not in codes:  # an unknown or missing language: the site's default
        language = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in codes else codes[0]
    name = site_name()
    text = apps.get_model("coalition", "CoalitionProfileText").objects.filter(
        language=language).values_list("tagline", flat=True).first()
    with translation.override(language):
        start = reverse("core-home")
    manifest = {
        "name": name,
        # Home screens show about a dozen characters: the initials of a long name read better
        # than its first word cut off.
        "short_name": name if len(name) <= 12 else "".join(
            word[0] for word in name.split() if word[:1].isupper()) or name[:12],
        "description": text or "",
        "lang": language,
        "dir": "ltr",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{"src": static(path), "sizes": sizes, "purpose": purpose,
                   "type": "image/svg+xml" if path.endswith(".svg") else "image/png"}
                  for path, sizes, purpose in MANIFEST_ICONS],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers and feed readers ask for without reading the page."""
    response = HttpResponseRedirect(static("core/icons/icon-32.png"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
