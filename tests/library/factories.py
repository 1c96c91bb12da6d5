"""Small helpers that make library rows directly with the ORM, for tests."""

from __future__ import annotations

import datetime
import itertools

from alianza.library.models import (
    Audience,
    Collection,
    CollectionItem,
    Resource,
    ResourceText,
    Topic,
)

_serial = itertools.count(1)


def make_topic(slug: str = "", name: str = "", name_es: str = "") -> Topic:
    slug = slug or f"topic-{next(_serial)}"
    return Topic.objects.create(slug=slug, name=name or slug.title(), name_es=name_es)


def make_audience(slug: str = "", name: str = "", name_es: str = "") -> Audience:
    slug = slug or f"audience-{next(_serial)}"
    return Audience.objects.create(slug=slug, name=name or slug.title(), name_es=name_es)


def make_resource(
    *,
    en: str | None = "A resource",
    es: str | None = None,
    body_en: str = "",
    body_es: str = "",
    summary_en: str = "",
    summary_es: str = "",
    kind: str = Resource.Kind.REPORT,
    published: bool = True,
    published_on: datetime.date | None = None,
    slug: str = "",
    topics: tuple = (),
    audiences: tuple = (),
    organizations: tuple = (),
    authors: str = "",
) -> Resource:
    """A resource with an English text titled ``en`` and/or a Spanish one titled ``es``."""
    resource = Resource.objects.create(
        kind=kind, slug=slug or f"resource-{next(_serial)}", is_published=published,
        published_on=published_on or datetime.date(2024, 6, 17), authors=authors,
    )
    if en is not None:
        ResourceText.objects.create(resource=resource, language="en", title=en,
                                    summary=summary_en, body=body_en)
    if es is not None:
        ResourceText.objects.create(resource=resource, language="es", title=es,
                                    summary=summary_es, body=body_es)
    resource.topics.set(topics)
    resource.audiences.set(audiences)
    resource.organizations.set(organizations)
    return resource


def make_collection(*resources: Resource, slug: str = "", title: str = "A collection",
                    title_es: str = "Una colección", published: bool = True) -> Collection:
    collection = Collection.objects.create(
        slug=slug or f"collection-{next(_serial)}", title=title, title_es=title_es,
        is_published=published)
    for position, resource in enumerate(resources):
        CollectionItem.objects.create(collection=collection, resource=resource, position=position)
    return collection
