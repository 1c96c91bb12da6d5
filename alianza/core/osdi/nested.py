"""The read operations of a resource whose records hold a sub-collection that also belongs
to people: events and their attendances, advocacy campaigns and their outreaches.

Action Network gives such a pair six reads: the resources and one of them, a resource's
records and one of them, a person's records and one of them. ``osdi_nested_register``
mounts them from one description, under the path parameter names, operation ids and URL
names each app already published, so the OpenAPI description does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Router

from alianza.core.osdi.collection import osdi_collection, osdi_collection_schema
from alianza.core.osdi.identifiers import osdi_get
from alianza.core.osdi.methods import osdi_view

Serialize = Callable[[HttpRequest, list], list[dict[str, Any]]]


@dataclass(frozen=True)
class OsdiNested:
    """What differs between two such resources. ``parent`` and ``child`` name a record
    (``event``, ``attendance``): the path parameters are ``<parent>_id`` and ``<child>_id``,
    and the views ``<parent_plural>_list``, ``<parent>_get``, ``<parent>_<children_name>``,
    ``<parent>_<child>``, ``person_<children_name>`` and ``person_<child>``."""

    module: str
    name: str
    parents: Callable[[], QuerySet]
    parent_label: Callable[[], str]
    parent_out: type
    parents_serialize: Serialize
    parent_filters: dict[str, str]
    children_name: str
    children_of: Callable[[Model], QuerySet]
    children_of_person: Callable[[str], QuerySet]
    child_label: Callable[[], str]
    child_out: type
    children_serialize: Serialize
    child_filters: dict[str, str]
    parent: str
    parent_plural: str
    child: str
    # In the order of the views above.
    summaries: tuple[str, str, str, str, str, str]
    url_names: dict[str, str] = field(default_factory=dict)
    # Narrows a page of records (columns read), not a single one.
    page_rows: Callable[[QuerySet], QuerySet] = lambda rows: rows

    def parent_get(self, identifier: str) -> Model:
        return osdi_get(self.parents(), identifier, label=self.parent_label())

    def children_page(self, request: HttpRequest, rows: QuerySet) -> dict[str, Any]:
        return osdi_collection(
            request, self.page_rows(rows), name=self.children_name, filters=self.child_filters,
            serialize=lambda page: self.children_serialize(request, page))

    def child_one(self, request: HttpRequest, rows: QuerySet, identifier: str
                  ) -> dict[str, Any]:
        return self.children_serialize(
            request, [osdi_get(rows, identifier, label=self.child_label())])[0]


def osdi_nested_register(spec: OsdiNested, *, router: Router, people_router: Router) -> None:
    """Mount the six reads of ``spec`` on ``router`` (the resource's) and ``people_router``
    (mounted under ``people/``)."""
    parent, child = f"{spec.parent}_id", f"{spec.child}_id"
    names = (f"{spec.parent_plural}_list", f"{spec.parent}_get",
             f"{spec.parent}_{spec.children_name}", f"{spec.parent}_{spec.child}",
             f"person_{spec.children_name}", f"person_{spec.child}")
    parents = osdi_collection_schema(spec.name, spec.parent_out)
    children = osdi_collection_schema(spec.children_name, spec.child_out)

    def parents_list(request: HttpRequest) -> dict[str, Any]:
        return osdi_collection(request, spec.parents(), name=spec.name,
                               filters=spec.parent_filters,
                               serialize=lambda rows: spec.parents_serialize(request, rows))

    def parent_one(request: HttpRequest, **path: str) -> dict[str, Any]:
        return spec.parents_serialize(request, [spec.parent_get(path[parent])])[0]

    def parent_children(request: HttpRequest, **path: str) -> dict[str, Any]:
        return spec.children_page(request, spec.children_of(spec.parent_get(path[parent])))

    def parent_child(request: HttpRequest, **path: str) -> dict[str, Any]:
        rows = spec.children_of(spec.parent_get(path[parent]))
        return spec.child_one(request, rows, path[child])

    def person_children(request: HttpRequest, **path: str) -> dict[str, Any]:
        return spec.children_page(request, spec.children_of_person(path["person_id"]))

    def person_child(request: HttpRequest, **path: str) -> dict[str, Any]:
        return spec.child_one(request, spec.children_of_person(path["person_id"]), path[child])

    summaries = spec.summaries
    operations = [
        (router, "", [], parents, parents_list),
        (router, f"{{{parent}}}", [parent], spec.parent_out, parent_one),
        (router, f"{{{parent}}}/{spec.children_name}", [parent], children, parent_children),
        (router, f"{{{parent}}}/{spec.children_name}/{{{child}}}", [parent, child],
         spec.child_out, parent_child),
        (people_router, f"{{person_id}}/{spec.children_name}", ["person_id"], children,
         person_children),
        (people_router, f"{{person_id}}/{spec.children_name}/{{{child}}}",
         ["person_id", child], spec.child_out, person_child),
    ]
    for (on, path, params, response, body), name, summary in zip(
            operations, names, summaries, strict=True):
        view = osdi_view(module=spec.module, name=name, params=params, body=body)
        on.get(path, response=response, by_alias=True, summary=summary,
               url_name=spec.url_names.get(name))(view)
