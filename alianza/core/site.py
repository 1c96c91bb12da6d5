"""The name the site shows: the coalition's own once it has a profile."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

CACHE_KEY = "alianza:site-name"


def site_name() -> str:
    name = cache.get(CACHE_KEY)
    if name is None:
        profile_model = apps.get_model("coalition", "CoalitionProfile")
        profile = profile_model.objects.only("name").first()
        name = profile.name if profile else settings.SITE_NAME
        cache.set(CACHE_KEY, name, 60)
    return name


def site_name_forget() -> None:
    cache.delete(CACHE_KEY)
