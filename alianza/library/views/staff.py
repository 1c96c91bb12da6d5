"""Staff pages for resources: the list with its filters, the edit page, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.library import services
from alianza.library.forms import LANGUAGE_SECTIONS, ResourceForm, ResourceTextForm
from alianza.library.models import Kind, Resource
from alianza.library.selectors_staff import (
    StaffFilters,
    organization_names,
    resource_choices,
    resources_lacking_spanish_count,
    resources_staff_list,
)

STATUSES = (("published", gettext_lazy("Published")),
            ("unpublished", gettext_lazy("Not published")))


@require_GET
@staff_required("library.view_resource")
def resource_list(request: HttpRequest) -> HttpResponse:
    filters = StaffFilters(
        query=" ".join(request.GET.get("q", "").split())[:100],
        kind=request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else "",
        status=request.GET.get("status", "") if request.GET.get("status") in dict(STATUSES)
        else "",
        lacks_spanish=request.GET.get("lacks_es") == "1",
    )
    page = Paginator(resources_staff_list(filters=filters), 50).get_page(request.GET.get("page"))
    return render(request, "library/staff/resource_list.html", {
        "page": page, "filters": filters, "kinds": Kind.choices,
        "statuses": STATUSES,
        "lacking_spanish": resources_lacking_spanish_count(),
    })


def _text_forms(request: HttpRequest, resource: Resource | None) -> list[tuple[str, str,
                                                                               ResourceTextForm]]:
    texts = {text.language: text for text in resource.texts.all()} if resource else {}
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    return [(code, label, ResourceTextForm(*data, prefix=code, text=texts.get(code)))
            for code, label in LANGUAGE_SECTIONS]


def _save(resource_form: ResourceForm, text_forms, resource: Resource | None) -> Resource:
    fields = {key: resource_form.cleaned_data[key] for key in (
        "kind", "slug", "published_on", "grade_span", "authors", "topics", "audiences",
        "organizations", "related")}
    with transaction.atomic():
        if resource is None:
            resource = services.resource_create(**fields)
        else:
            resource = services.resource_update(resource=resource, **fields)
        for code, _label, form in text_forms:
            action = form.action
            if action == "remove":
                services.resource_text_delete(text=form.text)
            elif action == "save":
                data = form.cleaned_data
                services.resource_text_save(
                    resource=resource, language=code, title=data["title"].strip(),
                    summary=data["summary"].strip(), body=data["body"].strip(),
                    link_url=data["link_url"], upload=data.get("file") or None,
                    checked=data.get("checked"), remove_file=bool(data.get("remove_file")),
                )
    return resource


@require_http_methods(["GET", "POST"])
@staff_required("library.add_resource", "library.add_resourcetext")
def resource_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required("library.change_resource", "library.change_resourcetext")
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Resource, pk=pk))


def _edit(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    if request.method == "POST":
        form = ResourceForm(request.POST, instance=resource)
    else:
        form = ResourceForm(instance=resource)
    text_forms = _text_forms(request, resource)
    if request.method == "POST":
        valid = form.is_valid() & all([f.is_valid() for _c, _l, f in text_forms])
        if valid and resource is not None and _removes_last_title(resource, text_forms):
            form.add_error(None, _("A published resource needs at least one language. "
                                   "Unpublish it first, or keep one version."))
            valid = False
        if valid:
            resource = _save(form, text_forms, resource)
            messages.success(request, _("The resource was saved."))
            return redirect("library-staff-resource-edit", pk=resource.pk)
    return render(request, "library/staff/resource_form.html", {
        "form": form, "text_forms": text_forms, "resource": resource,
        "has_errors": bool(form.errors) or any(f.errors for _c, _l, f in text_forms),
        "organization_names": organization_names(),
        "resource_choices": resource_choices(exclude=resource),
    }, status=400 if request.method == "POST" else 200)


def _removes_last_title(resource: Resource, text_forms) -> bool:
    if not resource.is_published:
        return False
    return all(f.action == "remove" or (f.text is None and f.action == "skip")
               for _c, _l, f in text_forms)


@require_POST
@staff_required("library.publish_resource")
def resource_publish(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=pk)
    if request.POST.get("publish") == "0":
        services.resource_unpublish(resource=resource)
        messages.success(request, _("The resource is no longer published."))
    else:
        try:
            services.resource_publish(resource=resource)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The resource is published."))
    return redirect("library-staff-resource-edit", pk=resource.pk)
