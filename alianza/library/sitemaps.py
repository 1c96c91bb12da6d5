"""Sitemap sections for the library: published resources and collections, every page in
each language with its alternates (hreflang)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from alianza.library.models import Collection, Resource


class ResourceSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Resource.objects.published().order_by("-published_on", "pk")

    def lastmod(self, item: Resource):
        return item.updated_at


class CollectionSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return Collection.objects.filter(is_published=True).order_by("position", "pk")
