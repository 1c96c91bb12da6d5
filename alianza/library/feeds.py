"""Atom feeds of published resources, in the language of the URL they are read at.

A resource appears in the English feed when it has an English text, in the Spanish feed when
it has a Spanish one; its title and summary are that text's. One feed for everything, one per
topic (``/library/topics/<slug>/feed.atom``, or ``?topic=<slug>`` on the main feed).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alianza.library.models import Resource, ResourceText, Topic

FEED_SIZE = 50


def _language() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


class ResourceFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Topic | None:
        slug = slug or request.GET.get("topic") or None
        if slug is None:
            return None
        if not isinstance(slug, str) or len(slug) > 50:
            raise Http404
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic: Topic | None) -> str:
        site = settings.SITE_NAME
        if topic is None:
            return _("%(site)s library") % {"site": site}
        return _("%(site)s library: %(topic)s") % {"site": site, "topic": topic.label}

    def subtitle(self, topic: Topic | None) -> str:
        return _("New reports, briefs, toolkits and press releases from the coalition.")

    def author_name(self, topic: Topic | None) -> str:
        return settings.SITE_NAME

    def link(self, topic: Topic | None) -> str:
        index = reverse("library-index")
        return f"{index}?topic={topic.slug}" if topic else index

    def feed_guid(self, topic: Topic | None) -> str:
        # A stable id per feed and language (the Atom <id>), whatever the host it is read at.
        key = f"topic/{topic.slug}" if topic else "all"
        return f"{settings.SITE_URL}/{_language()}/library/feed/{key}"

    def items(self, topic: Topic | None) -> QuerySet:
        language = _language()
        resources = (Resource.objects.published().filter(texts__language=language)
                     .prefetch_related(Prefetch("texts",
                                                ResourceText.objects.filter(language=language),
                                                to_attr="feed_texts"))
                     .order_by("-published_on", "-pk"))
        if topic is not None:
            resources = resources.filter(topics=topic)
        return resources.distinct()[:FEED_SIZE]

    def _text(self, item: Resource) -> ResourceText:
        return item.feed_texts[0]

    def item_title(self, item: Resource) -> str:
        return self._text(item).title

    def item_description(self, item: Resource) -> str:
        return self._text(item).summary

    def item_link(self, item: Resource) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Resource) -> str:
        # The same entry id in both languages' feeds would merge two texts in some readers.
        return f"{settings.SITE_URL}/library/resource/{item.pk}/{_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Resource) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_updateddate(self, item: Resource) -> datetime.datetime:
        return max(item.updated_at, self._text(item).updated_at)

    def item_author_name(self, item: Resource) -> str | None:
        return item.authors or None

    def item_categories(self, item: Resource) -> list[str]:
        return [topic.label for topic in item.topics.all()]
