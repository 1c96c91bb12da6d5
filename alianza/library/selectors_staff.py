"""Reads for the library's staff pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from alianza.library.models import Kind, Resource, ResourceText


@dataclass(frozen=True)
class StaffFilters:
    query: str = ""
    kind: str = ""
    status: str = ""  # "", "published", "unpublished"
    lacks_spanish: bool = False


def _spanish_exists():
    return Exists(ResourceText.objects.filter(resource=OuterRef("pk"), language="es"))


def resources_lacking_spanish_count() -> int:
    return Resource.objects.annotate(has_es=_spanish_exists()).filter(has_es=False).count()


def resources_staff_list(*, filters: StaffFilters) -> QuerySet:
    resources = (Resource.objects.annotate(has_es=_spanish_exists())
                 .prefetch_related(Prefetch("texts", ResourceText.objects.order_by("language")))
                 .order_by("-updated_at", "-pk"))
    if filters.query:
        resources = resources.filter(Q(slug__icontains=filters.query)
                                     | Q(texts__title__icontains=filters.query)).distinct()
    if filters.kind in Kind.values:
        resources = resources.filter(kind=filters.kind)
    if filters.status == "published":
        resources = resources.filter(is_published=True)
    elif filters.status == "unpublished":
        resources = resources.filter(is_published=False)
    if filters.lacks_spanish:
        resources = resources.filter(has_es=False)
    return resources
