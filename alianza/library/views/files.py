"""Downloads and thumbnails: stored files streamed back, never shown as active content.

Files are read through the storage API (so S3 works too) and sent as attachments with the
type found by sniffing when they were uploaded, ``nosniff``, and a sandboxing
Content-Security-Policy: even if a browser were talked into rendering one, it could run
nothing and load nothing. The media folder itself is never served by the app.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from alianza.core.access import keep_private
from alianza.library.models import Resource, ResourceText

FILE_POLICY = "sandbox; default-src 'none'"
PUBLIC_MAX_AGE = 300


def _text(request: HttpRequest, slug: str, lang: str) -> tuple[ResourceText, bool]:
    """The text asked for, and whether it is public; 404 for anything the visitor may not
    see (an unpublished resource looks exactly like a missing one)."""
    resource = get_object_or_404(Resource, slug=slug)
    public = resource.is_published
    if not public:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff
                and user.has_perm("library.view_resource")):
            raise Http404
    text = get_object_or_404(ResourceText, resource=resource, language=lang)
    return text, public


def content_disposition(kind: str, name: str) -> str:
    """RFC 6266: an ASCII fallback, and the real name in UTF-8."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;' else "_" for ch in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _send(field, *, content_type: str, disposition: str, public: bool) -> FileResponse:
    try:
        handle = field.storage.open(field.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response
    return keep_private(response)


@require_GET
def download(request: HttpRequest, slug: str, lang: str) -> FileResponse:
    text, public = _text(request, slug, lang)
    if not text.file:
        raise Http404
    name = text.file_name or f"{slug}-{lang}"
    return _send(text.file, content_type=text.file_type or "application/octet-stream",
                 disposition=content_disposition("attachment", name), public=public)


@require_GET
def thumbnail(request: HttpRequest, slug: str, lang: str) -> FileResponse:
    text, public = _text(request, slug, lang)
    if not text.thumbnail:
        raise Http404
    return _send(text.thumbnail, content_type="image/png",
                 disposition=content_disposition("inline", f"{slug}-{lang}.png"), public=public)
