"""A test-only OSDI resource (auth groups as ``test_groups``, tags family), for the core
layer's paging, filters and errors before any real resource is registered."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.http import Http404
from django.urls import include, path
from ninja import Router, Schema, Status
from pydantic import Field

from alianza import urls as site_urls
from alianza.core.osdi import (
    HalLinks,
    OsdiError,
    OsdiInput,
    osdi_collection,
    osdi_collection_schema,
    osdi_link,
)
from alianza.core.osdi.api import OsdiResource, osdi_api, osdi_urls

router = Router()


class GroupOut(Schema):
    name: str
    links: HalLinks = Field(alias="_links")


class GroupIn(OsdiInput):
    name: str = Field(min_length=1, max_length=150)


def _serialize(request, groups: list[Group]) -> list[dict]:
    return [{"name": g.name, "_links": {"self": osdi_link(request, "test_groups", str(g.pk))}}
            for g in groups]


@router.get("", response=osdi_collection_schema("test_groups", GroupOut), by_alias=True)
def group_list(request):
    return osdi_collection(request, Group.objects.all(), name="test_groups",
                           serialize=lambda rows: _serialize(request, rows),
                           filters={"name": "name", "permission": "permissions__codename"})


@router.post("", response={201: GroupOut}, by_alias=True)
def group_create(request, body: GroupIn):
    if Group.objects.filter(name=body.name).exists():
        raise OsdiError(400, "That group exists.")
    group = Group.objects.create(name=body.name)
    return Status(201, _serialize(request, [group])[0])


@router.post("overlong", include_in_schema=False)
def group_overlong(request):
    # A value past its column's length that no schema caught: PostgreSQL refuses it. The
    # write is in a transaction, as every service's is.
    with transaction.atomic():
        Group.objects.create(name="x" * 300)
    return Status(201, {})


@router.get("boom", include_in_schema=False)  # out of the description the fuzz test reads
def group_boom(request):
    raise RuntimeError("an unexpected failure")


def _plain_missing(request):
    raise Http404("no such page")


def _plain_boom(request):
    raise RuntimeError("an unexpected failure outside the API's own views")


api = osdi_api(extra=(OsdiResource(name="test_groups", family="tags", router=router,
                                   title="Test groups", prefix="test_groups"),),
               namespace="osdi-test")
# The test API answers under /api/osdi/v1/; every other page is the site's own.
# Plain Django views under the prefix reach the site's 404 and 500 handlers, as a failure
# outside the API's own views would.
urlpatterns = [path("api/osdi/v1/test_plain/missing", _plain_missing),
               path("api/osdi/v1/test_plain/boom", _plain_boom),
               path("api/osdi/v1/", include(osdi_urls(api))), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler404 = site_urls.handler404
handler500 = site_urls.handler500
