"""Partner organizations and related resources are chosen on the staff edit page: the
current ones are ticked boxes, and others are added by typing a name picked from a list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import Organization
from alianza.library.models import Resource
from tests.library.factories import make_resource
from tests.library.sample_files import media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def _post(resource: Resource, **extra) -> dict:
    return {"kind": resource.kind, "slug": resource.slug,
            "published_on": resource.published_on.isoformat(),
            "en-title": resource.texts.get(language="en").title, **extra}


def _edit_url(resource: Resource) -> str:
    return reverse("library-staff-resource-edit", args=[resource.pk])


def _datalist(page: str, list_id: str) -> list[str]:
    found = re.search(rf'<datalist id="{list_id}">(.*?)</datalist>', page, re.S)
    assert found, f"no datalist {list_id}"
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def test_the_edit_page_ticks_the_current_ones_and_offers_the_others(staff_client):
    padres = Organization.objects.create(name="Padres Unidos")
    Organization.objects.create(name="Californians Together")
    funding = make_resource(en="Funding brief", slug="funding-brief")
    resource = make_resource(en="Reclassification report", slug="reclassification",
                             organizations=(padres,))
    resource.related.add(funding)

    page = staff_client.get(_edit_url(resource)).content.decode()

    assert re.search(rf'value="{padres.pk}"[^>]*checked', page)
    assert re.search(rf'value="{funding.pk}"[^>]*checked', page)
    assert _datalist(page, "library-organizations") == ["Californians Together",
                                                        "Padres Unidos"]
    assert _datalist(page, "library-resources") == ["funding-brief"]
    assert "Funding brief" in page


def test_staff_add_a_partner_and_a_related_resource_by_name(staff_client):
    padres = Organization.objects.create(name="Padres Unidos")
    together = Organization.objects.create(name="Californians Together")
    funding = make_resource(en="Funding brief", slug="funding-brief")
    toolkit = make_resource(en="Family toolkit", slug="family-toolkit")
    resource = make_resource(en="Reclassification report", organizations=(padres,))

    response = staff_client.post(_edit_url(resource), _post(
        resource, organizations=[padres.pk], organization_add="  californians   TOGETHER ",
        related_add="funding-brief"))
    assert response.status_code == 302
    staff_client.post(_edit_url(resource), _post(
        resource, organizations=[padres.pk, together.pk], related=[funding.pk],
        related_add="family toolkit"))

    assert set(resource.organizations.all()) == {padres, together}
    assert set(resource.related.all()) == {funding, toolkit}


def test_unticking_removes_a_partner_and_a_related_resource(staff_client):
    padres = Organization.objects.create(name="Padres Unidos")
    together = Organization.objects.create(name="Californians Together")
    funding = make_resource(en="Funding brief")
    toolkit = make_resource(en="Family toolkit")
    resource = make_resource(en="Reclassification report", organizations=(padres, together))
    resource.related.add(funding, toolkit)

    response = staff_client.post(_edit_url(resource), _post(
        resource, organizations=[together.pk], related=[toolkit.pk]))

    assert response.status_code == 302
    assert list(resource.organizations.all()) == [together]
    assert list(resource.related.all()) == [toolkit]


def test_a_new_resource_gets_its_partner_and_related_resource(staff_client):
    Organization.objects.create(name="Padres Unidos")
    funding = make_resource(en="Funding brief", slug="funding-brief")

    response = staff_client.post(reverse("library-staff-resource-create"), {
        "kind": "brief", "slug": "family-guide", "published_on": "2024-06-17",
        "en-title": "Family guide", "organization_add": "Padres Unidos",
        "related_add": "funding-brief"})

    assert response.status_code == 302
    resource = Resource.objects.get(slug="family-guide")
    assert [o.name for o in resource.organizations.all()] == ["Padres Unidos"]
    assert list(resource.related.all()) == [funding]


def test_a_resource_is_never_related_to_itself_and_unknown_names_are_explained(staff_client):
    resource = make_resource(en="Reclassification report", slug="reclassification")
    make_resource(en="Twin", slug="twin-a")
    make_resource(en="Twin", slug="twin-b")

    itself = staff_client.post(_edit_url(resource), _post(resource,
                                                          related_add="reclassification"))
    unknown = staff_client.post(_edit_url(resource), _post(
        resource, organization_add="Nobody Anywhere", related_add="No such thing"))
    twins = staff_client.post(_edit_url(resource), _post(resource, related_add="twin"))

    assert itself.status_code == unknown.status_code == twins.status_code == 400
    assert "A resource cannot be related to itself." in itself.content.decode()
    assert "No organization on file has that name." in unknown.content.decode()
    assert "No resource has that title or address." in unknown.content.decode()
    assert "Several resources have that title" in twins.content.decode()
    assert not resource.organizations.exists() and not resource.related.exists()


def test_the_new_fields_are_in_spanish(staff_client):
    padres = Organization.objects.create(name="Padres Unidos")
    resource = make_resource(en="Reclassification report", organizations=(padres,))
    resource.related.add(make_resource(en="Funding brief"))
    with translation.override("es"):
        url = _edit_url(resource)

    page = staff_client.get(url).content.decode()

    for label in ("Organizaciones aliadas", "Agregar una organización aliada",
                  "Recursos relacionados", "Agregar un recurso relacionado"):
        assert label in page
