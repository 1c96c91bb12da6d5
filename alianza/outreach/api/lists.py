"""``/api/osdi/v1/lists/``: mailing lists and their items (the people on them), read-only
as on Action Network."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_noop, pgettext
from ninja import Router

from alianza.core.osdi import osdi_collection, osdi_collection_schema, osdi_get
from alianza.outreach.api.schemas import ItemOut, ListOut
from alianza.outreach.api.tags_out import items_rows, items_serialize, lists_serialize
from alianza.outreach.models import MailingList, Subscription

router = Router(tags=["lists"])

DATE_FILTERS = {"modified_date": "modified_at", "created_date": "created_at"}


def list_get(identifier: str) -> MailingList:
    return osdi_get(MailingList.objects.all(), identifier, label=pgettext("osdi resource", "List"))


@router.get("", response=osdi_collection_schema("lists", ListOut), by_alias=True,
            exclude_none=True, summary=gettext_noop("List mailing lists"))
def lists_list(request: HttpRequest):
    return osdi_collection(request, MailingList.objects.all(), name="lists",
                           filters=DATE_FILTERS,
                           serialize=lambda rows: lists_serialize(request, rows))


@router.get("/{identifier}", response=ListOut, by_alias=True, exclude_none=True,
            summary=gettext_noop("Get a mailing list"))
def list_detail(request: HttpRequest, identifier: str):
    return lists_serialize(request, [list_get(identifier)])[0]


@router.get("/{identifier}/items", response=osdi_collection_schema("items", ItemOut),
            by_alias=True, exclude_none=True, summary=gettext_noop("The people on a list"))
def list_items(request: HttpRequest, identifier: str):
    mailing_list = list_get(identifier)
    return osdi_collection(
        request, items_rows(Subscription.objects.filter(mailing_list=mailing_list)),
        name="items", filters=DATE_FILTERS,
        serialize=lambda rows: items_serialize(request, rows))


@router.get("/{identifier}/items/{item}", response=ItemOut, by_alias=True,
            exclude_none=True, summary=gettext_noop("Get one item of a list"))
def item_detail(request: HttpRequest, identifier: str, item: str):
    mailing_list = list_get(identifier)
    found = osdi_get(items_rows(Subscription.objects.filter(mailing_list=mailing_list)),
                     item, label=pgettext("osdi resource", "Item"))
    return items_serialize(request, [found])[0]
