"""Staff pages for collections (their resources, in order) and the press room's contacts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.library import services
from alianza.library.forms_collections import (
    CollectionForm,
    CollectionItemAddForm,
    MediaContactForm,
)
from alianza.library.models import Collection, CollectionItem, MediaContact
from alianza.library.selectors import card


@require_GET
@staff_required("library.view_collection")
def collection_list(request: HttpRequest) -> HttpResponse:
    return render(request, "library/staff/collection_list.html", {
        "collections": Collection.objects.all().prefetch_related("items"),
    })


@require_http_methods(["GET", "POST"])
@staff_required("library.add_collection")
def collection_create(request: HttpRequest) -> HttpResponse:
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collection = services.collection_create(**form.cleaned_data)
        messages.success(request, _("The collection was created. Now add its resources."))
        return redirect("library-staff-collection-edit", pk=collection.pk)
    return render(request, "library/staff/collection_form.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_required("library.change_collection", "library.change_collectionitem")
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_object_or_404(Collection, pk=pk)
    form = CollectionForm(request.POST or None, instance=collection)
    if request.method == "POST" and form.is_valid():
        services.collection_update(collection=collection, **form.cleaned_data)
        messages.success(request, _("The collection was saved."))
        return redirect("library-staff-collection-edit", pk=collection.pk)
    items = list(collection.items.select_related("resource")
                 .prefetch_related("resource__texts"))
    rows = [(item, card(item.resource)) for item in items]
    return render(request, "library/staff/collection_form.html", {
        "form": form, "collection": collection, "rows": rows,
        "add_form": CollectionItemAddForm(collection=collection),
    }, status=400 if form.errors else 200)


@require_POST
@staff_required("library.change_collection", "library.add_collectionitem")
def collection_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_object_or_404(Collection, pk=pk)
    form = CollectionItemAddForm(request.POST, collection=collection)
    if form.is_valid():
        services.collection_item_add(collection=collection,
                                     resource=form.cleaned_data["resource"])
        messages.success(request, _("The resource was added at the end of the collection."))
    else:
        messages.error(request, _("Choose a resource that is not in the collection yet."))
    return redirect("library-staff-collection-edit", pk=collection.pk)


@require_POST
@staff_required("library.change_collection", "library.change_collectionitem")
def collection_item_change(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(CollectionItem, pk=item_pk, collection_id=pk)
    action = request.POST.get("action")
    if action in ("up", "down"):
        services.collection_item_move(item=item, direction=action)
    elif action == "remove":
        services.collection_item_remove(item=item)
        messages.success(request, _("The resource was taken out of the collection."))
    return redirect("library-staff-collection-edit", pk=pk)


@require_POST
@staff_required("library.change_collection", "library.publish_resource")
def collection_publish(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_object_or_404(Collection, pk=pk)
    published = request.POST.get("publish") != "0"
    services.collection_publish(collection=collection, published=published)
    messages.success(request, _("The collection is published.") if published
                     else _("The collection is no longer published."))
    return redirect("library-staff-collection-edit", pk=pk)


@require_GET
@staff_required("library.view_mediacontact")
def contact_list(request: HttpRequest) -> HttpResponse:
    return render(request, "library/staff/contact_list.html", {
        "contacts": MediaContact.objects.all(),
    })


@require_http_methods(["GET", "POST"])
@staff_required("library.add_mediacontact")
def contact_create(request: HttpRequest) -> HttpResponse:
    return _contact_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required("library.change_mediacontact")
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _contact_edit(request, get_object_or_404(MediaContact, pk=pk))


def _contact_edit(request: HttpRequest, contact: MediaContact | None) -> HttpResponse:
    form = MediaContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        if contact is None:
            services.media_contact_create(**form.cleaned_data)
        else:
            services.media_contact_update(contact=contact, **form.cleaned_data)
        messages.success(request, _("The media contact was saved."))
        return redirect("library-staff-contacts")
    return render(request, "library/staff/contact_form.html", {
        "form": form, "contact": contact,
    }, status=400 if form.errors else 200)
