"""The library's staff pages: who may open them, the list's filters, editing, publishing,
collections in order, media contacts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alianza.core.roles import COALITION_STAFF, OUTREACH, role_groups_sync
from alianza.library.models import Collection, MediaContact, Resource, ResourceText
from tests.library.factories import make_collection, make_resource
from tests.library.sample_files import media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

STAFF_PAGES = ["library-staff-resources", "library-staff-resource-create",
               "library-staff-collections", "library-staff-collection-create",
               "library-staff-contacts", "library-staff-contact-create"]


def member_of(django_user_model, role: str, *, staff: bool = True) -> Client:
    role_groups_sync()
    user = django_user_model.objects.create_user(role.replace(" ", ""), "r@example.org",
                                                 is_staff=staff)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def test_coalition_staff_open_every_library_staff_page(django_user_model):
    client = member_of(django_user_model, COALITION_STAFF)
    for name in STAFF_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"]


def test_other_roles_outsiders_and_visitors_are_kept_out(django_user_model, client):
    outreach = member_of(django_user_model, OUTREACH)
    outsider = django_user_model.objects.create_user("parent", "p@example.org")
    outsider_client = Client()
    outsider_client.force_login(outsider)
    resource = make_resource(en="Draft", published=False)
    pages = [reverse(name) for name in STAFF_PAGES] + [
        reverse("library-staff-resource-edit", args=[resource.pk])]
    for url in pages:
        assert outreach.get(url).status_code == 403, url
        assert outsider_client.get(url).status_code == 403, url
        assert client.get(url).status_code == 302, url


def test_a_forged_publish_without_the_publish_permission_is_refused(django_user_model):
    resource = make_resource(en="Draft", published=False)
    editor = django_user_model.objects.create_user("editor", "e@example.org", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="library", codename__in=["view_resource", "change_resource",
                                                         "change_resourcetext"]))
    client = Client()
    client.force_login(editor)
    url = reverse("library-staff-resource-publish", args=[resource.pk])
    assert client.post(url).status_code == 403
    resource.refresh_from_db()
    assert not resource.is_published
    assert client.get(reverse("library-staff-resource-edit", args=[resource.pk])).status_code \
        == 200


def test_publishing_is_post_only_and_needs_a_title_in_some_language(staff_client):
    resource = make_resource(en=None, published=False)
    url = reverse("library-staff-resource-publish", args=[resource.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, follow=True)
    assert "Add a title in at least one language" in response.content.decode()
    resource.refresh_from_db()
    assert not resource.is_published
    ResourceText.objects.create(resource=resource, language="es", title="Informe")
    staff_client.post(url)
    resource.refresh_from_db()
    assert resource.is_published
    staff_client.post(url, {"publish": "0"})
    resource.refresh_from_db()
    assert not resource.is_published


def test_the_list_filters_resources_lacking_spanish_and_counts_them(staff_client):
    make_resource(en="English only one")
    make_resource(en="English only two", published=False)
    make_resource(en="Both languages", es="Ambos idiomas")
    make_resource(en=None, es="Solo en español")
    url = reverse("library-staff-resources")
    page = staff_client.get(url).content.decode()
    assert "2 resources lack a Spanish version" in page
    lacking = staff_client.get(url, {"lacks_es": "1"}).content.decode()
    assert "English only one" in lacking and "English only two" in lacking
    assert "Both languages" not in lacking and "Solo en español" not in lacking
    unpublished = staff_client.get(url, {"lacks_es": "1", "status": "unpublished"})
    assert "English only one" not in unpublished.content.decode()
    assert "English only two" in unpublished.content.decode()


def test_the_list_filters_by_kind_and_the_spanish_page_counts_in_spanish(staff_client):
    make_resource(en="A toolkit", kind="toolkit")
    make_resource(en="A report", kind="report")
    page = staff_client.get(reverse("library-staff-resources"), {"kind": "toolkit"})
    assert "A toolkit" in page.content.decode() and "A report" not in page.content.decode()
    with translation.override("es"):
        url = reverse("library-staff-resources")
    assert "2 recursos sin versión en español" in staff_client.get(url).content.decode()


def test_staff_create_a_bilingual_resource_and_edit_one_language(staff_client):
    url = reverse("library-staff-resource-create")
    response = staff_client.post(url, {
        "kind": "brief", "slug": "funding-brief", "published_on": "2024-06-17",
        "en-title": "Funding brief", "en-summary": "Where the money goes.",
        "es-title": "Resumen de financiamiento", "es-summary": "A dónde va el dinero.",
    })
    assert response.status_code == 302
    resource = Resource.objects.get(slug="funding-brief")
    assert {t.language: t.title for t in resource.texts.all()} == {
        "en": "Funding brief", "es": "Resumen de financiamiento"}
    edit = reverse("library-staff-resource-edit", args=[resource.pk])
    staff_client.post(edit, {"kind": "brief", "slug": "funding-brief",
                             "published_on": "2024-06-18", "en-title": "Funding brief, revised",
                             "es-title": "Resumen de financiamiento", "es-remove": "on"})
    resource.refresh_from_db()
    assert resource.published_on.isoformat() == "2024-06-18"
    assert [t.title for t in resource.texts.all()] == ["Funding brief, revised"]


def test_a_section_with_text_but_no_title_says_what_is_missing(staff_client):
    response = staff_client.post(reverse("library-staff-resource-create"), {
        "kind": "brief", "slug": "x", "published_on": "2024-06-17",
        "en-title": "Brief", "es-summary": "Sin título",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give this version a title" in page and "Sin título" in page
    assert not Resource.objects.exists()


def test_a_bad_date_and_a_taken_address_are_explained(staff_client):
    make_resource(en="Taken", slug="taken")
    response = staff_client.post(reverse("library-staff-resource-create"), {
        "kind": "brief", "slug": "taken", "published_on": "17/06/2024", "en-title": "New"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page and "already exists" in page


def test_collections_are_created_filled_ordered_and_published(staff_client):
    first, second, third = (make_resource(en=title) for title in ("First", "Second", "Third"))
    response = staff_client.post(reverse("library-staff-collection-create"), {
        "slug": "school-leaders", "title": "Tools for school leaders",
        "title_es": "Herramientas para directores", "position": "0"})
    collection = Collection.objects.get(slug="school-leaders")
    assert response.status_code == 302
    add = reverse("library-staff-collection-add", args=[collection.pk])
    for resource in (first, second, third):
        staff_client.post(add, {"resource": resource.pk})
    staff_client.post(add, {"resource": first.pk})  # already in: refused, nothing changes
    order = lambda: [item.resource.texts.get().title for item in collection.items.all()]  # noqa: E731
    assert order() == ["First", "Second", "Third"]
    third_item = collection.items.get(resource=third)
    item_url = reverse("library-staff-collection-item", args=[collection.pk, third_item.pk])
    staff_client.post(item_url, {"action": "up"})
    assert order() == ["First", "Third", "Second"]
    staff_client.post(item_url, {"action": "up"})
    staff_client.post(item_url, {"action": "up"})  # already first: stays
    assert order() == ["Third", "First", "Second"]
    first_item = collection.items.get(resource=first)
    staff_client.post(reverse("library-staff-collection-item",
                              args=[collection.pk, first_item.pk]), {"action": "remove"})
    assert order() == ["Third", "Second"]
    page = staff_client.get(reverse("library-staff-collection-edit", args=[collection.pk]))
    assert "Move down" in page.content.decode()
    staff_client.post(reverse("library-staff-collection-publish", args=[collection.pk]))
    collection.refresh_from_db()
    assert collection.is_published


def test_another_collections_item_cannot_be_moved_through_this_one(staff_client):
    one = make_collection(make_resource(en="A"))
    other = make_collection(make_resource(en="B"))
    item = other.items.get()
    url = reverse("library-staff-collection-item", args=[one.pk, item.pk])
    assert staff_client.post(url, {"action": "remove"}).status_code == 404


def test_media_contacts_are_added_edited_and_listed(staff_client):
    response = staff_client.post(reverse("library-staff-contact-create"), {
        "name": "Ana Ruiz", "role": "Communications director",
        "role_es": "Directora de comunicaciones", "organization": "The coalition",
        "email": "press@example.org", "phone": "(916) 555-0142",
        "languages": ["en", "es"], "position": "0", "is_active": "on"})
    assert response.status_code == 302
    contact = MediaContact.objects.get()
    assert contact.languages == ["en", "es"]
    staff_client.post(reverse("library-staff-contact-edit", args=[contact.pk]), {
        "name": "Ana Ruiz", "email": "not an address", "position": "0"})
    contact.refresh_from_db()
    assert contact.email == "press@example.org"
    page = staff_client.get(reverse("library-staff-contacts")).content.decode()
    assert "Ana Ruiz" in page and "press@example.org" in page


def test_the_staff_menu_links_to_the_library(staff_client):
    page = staff_client.get(reverse("coalition-staff-dashboard")).content.decode()
    assert reverse("library-staff-resources") in page
