"""Reads for the library's staff pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from alianza.coalition.models import Organization
from alianza.library.models import Kind, Resource, ResourceText
from alianza.library.selectors import card


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


def organization_names() -> list[str]:
    """Every organization's name, for the list a partner is picked from as staff type."""
    return list(Organization.objects.order_by("name").values_list("name", flat=True))


def resource_choices(*, exclude: Resource | None = None) -> list[tuple[str, str]]:
    """(address, title in the staff member's language) of every resource but ``exclude``,
    for the list a related resource is picked from as staff type."""
    resources = Resource.objects.prefetch_related("texts").order_by("slug")
    if exclude is not None:
        resources = resources.exclude(pk=exclude.pk)
    return [(resource.slug, found.text.title if (found := card(resource)) else "")
            for resource in resources]


def resources_named(value: str) -> list[Resource]:
    """The resource at address ``value``; failing that, every resource with a text titled
    ``value`` (case and spacing ignored)."""
    value = " ".join(value.split())
    at_address = Resource.objects.filter(slug__iexact=value).first()
    if at_address is not None:
        return [at_address]
    return list(Resource.objects.filter(texts__title__iexact=value).distinct().order_by("pk"))
