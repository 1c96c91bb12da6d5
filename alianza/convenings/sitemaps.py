"""The public event pages in /sitemap.xml, in every language."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from alianza.convenings.models import Event


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list:
        events = list(Event.objects.filter(is_published=True).order_by("-starts_at", "pk"))
        return ["events-index", "events-past", *events]

    def location(self, item) -> str:
        if isinstance(item, str):
            return reverse(item)
        return reverse("events-event", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
