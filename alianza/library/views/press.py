"""The press room: press releases newest first, within a date range, and media contacts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from alianza.library.forms_press import PressFilterForm
from alianza.library.models import Kind, MediaContact, Resource, ResourceText
from alianza.library.selectors import card, reader_language

PER_PAGE = 20


@require_GET
def press_room(request: HttpRequest) -> HttpResponse:
    form = PressFilterForm(request.GET or None)
    releases = (Resource.objects.published().filter(kind=Kind.PRESS_RELEASE)
                .prefetch_related(Prefetch("texts", ResourceText.objects.order_by("language")))
                .order_by("-published_on", "-pk"))
    if form.is_bound and form.is_valid():
        if start := form.cleaned_data.get("start"):
            releases = releases.filter(published_on__gte=start)
        if end := form.cleaned_data.get("end"):
            releases = releases.filter(published_on__lte=end)
    page = Paginator(releases, PER_PAGE).get_page(request.GET.get("page"))
    cards = [found for resource in page.object_list if (found := card(resource))]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "library/press.html", {
        "form": form, "page": page, "cards": cards, "reader_language": reader_language(),
        "contacts": MediaContact.objects.filter(is_active=True),
        "filtered": form.is_bound and form.is_valid()
        and any(form.cleaned_data.get(key) for key in ("start", "end")),
        "query": query.urlencode(),
        "feed_url": reverse("library-feed"),
    })
