"""The library's public pages: search, a resource, collections."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from alianza.coalition.models import Organization
from alianza.core.page_cache import cached_for_anonymous
from alianza.library import selectors
from alianza.library.models import Audience, Kind, Resource, Topic
from alianza.library.search_form import LibrarySearchForm

LANGUAGE_NAMES = {"en": "English", "es": "español"}
# schema.org types: reports and the like are Reports, recordings are videos.
SCHEMA_TYPES = {Kind.REPORT: "Report", Kind.BRIEF: "Report", Kind.FACT_SHEET: "Report",
                Kind.RECORDING: "VideoObject"}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _ld_json(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">``: <, > and & escaped as in
    Django's ``json_script``, so no text in it can close the element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)  # noqa: S308
                     .translate(_json_script_escapes))


@cached_for_anonymous("library")
def index(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(
        request.GET,
        topics=Topic.objects.values_list("slug", flat=True),
        audiences=Audience.objects.values_list("slug", flat=True),
        organizations=Organization.objects.filter(library_resources__isnull=False)
        .values_list("pk", flat=True).distinct(),
    )
    form.is_valid()  # fields with errors are shown and left out; the rest still apply
    filters = form.filters()
    page_number = (form.cleaned_data.get("page") if hasattr(form, "cleaned_data") else 1) or 1
    results = selectors.library_search(filters=filters, page=page_number)
    context = {
        "form": form, "filters": filters, "results": results,
        "searched": bool(filters.query.strip()) or filters.is_narrowed,
        "date_errors": [error for name in ("date_from", "date_to")
                        for error in form.errors.get(name, [])],
        "date_example": form.date_example,
        "feed_url": reverse("library-feed"),
    }
    return render(request, "library/index.html", context)


def _alternates(request: HttpRequest, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(code, _absolute(translate_url(request.path, code))) for code in languages]


def _structured_data(request: HttpRequest, resource: Resource, card: selectors.Card) -> dict:
    text = card.text
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(resource.kind, "CreativeWork"),
        "name": text.title,
        "description": text.summary,
        "inLanguage": text.language,
        "datePublished": resource.published_on.isoformat(),
        "url": _absolute(request.path),
        "keywords": [topic.label for topic in resource.topics.all()],
    }
    if resource.authors:
        data["author"] = [{"@type": "Person", "name": name.strip()}
                          for name in resource.authors.split(",") if name.strip()]
    partners = [{"@type": "Organization", "name": org.name}
                for org in resource.organizations.all()]
    if partners:
        data["publisher"] = partners
    if resource.kind == Kind.RECORDING:
        data["uploadDate"] = data["datePublished"]
        if text.link_url:
            data["contentUrl"] = text.link_url
    return data


def _file_label(text, reader_language: str) -> str:
    in_language = {"en": _("in English"), "es": _("in Spanish")}[text.language]
    if text.file_type == "application/pdf" or text.file_name.lower().endswith(".pdf"):
        return _("Download the PDF %(in_language)s") % {"in_language": in_language}
    return _("Download the file %(in_language)s") % {"in_language": in_language}


@cached_for_anonymous("library")
def resource(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.resource_public_get(slug)
    if found is None:
        raise Http404
    card = selectors.card(found)
    if card is None:
        raise Http404
    reader = selectors.reader_language()
    texts = {text.language: text for text in found.texts.all()}
    downloads = [
        {"url": reverse("library-download", kwargs={"slug": found.slug, "lang": code}),
         "label": _file_label(texts[code], reader), "language": code, "text": texts[code]}
        for code in sorted(texts, key=lambda code: code != card.text.language)
        if texts[code].file
    ]
    # The version shown is never offered again: a Spanish reader of an English-only
    # resource is told it is in English only, not sent to the same text.
    other_versions = [
        {"language": code, "url": translate_url(request.path, code), "name": LANGUAGE_NAMES[code]}
        for code in card.languages if code not in (reader, card.text.language)
    ]
    related = [c for c in (selectors.card(r) for r in found.related.all()) if c]
    context = {
        "resource": found, "card": card, "text": card.text, "reader_language": reader,
        "downloads": downloads, "other_versions": other_versions, "related": related,
        "alternates": _alternates(request, card.languages),
        "canonical": _absolute(request.path),
        "structured_data": _ld_json(_structured_data(request, found, card)),
        "feed_url": reverse("library-feed"),
        "og_locale": {"en": "en_US", "es": "es_US"}[card.text.language],
    }
    return render(request, "library/resource.html", context)


@cached_for_anonymous("library")
def collections(request: HttpRequest) -> HttpResponse:
    return render(request, "library/collections.html",
                  {"collections": selectors.collections_public_list()})


@cached_for_anonymous("library")
def collection(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.collection_public_get(slug)
    if found is None:
        raise Http404
    collection, cards = found
    return render(request, "library/collection.html",
                  {"collection": collection, "cards": cards})
