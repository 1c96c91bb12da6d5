"""Tags, taggings, lists and items as Action Network shows them."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from alianza.core.osdi import osdi_identifiers, osdi_identifiers_map, osdi_link, osdi_time
from alianza.outreach.models import MailingList, MailingListText, Subscription, Tag, Tagging


def tags_serialize(request: HttpRequest, tags: list[Tag]) -> list[dict]:
    foreign = osdi_identifiers_map(Tag, [t.pk for t in tags])
    return [{
        "identifiers": osdi_identifiers(tag, foreign.get(tag.pk)),
        "created_date": osdi_time(tag.created_at),
        "modified_date": osdi_time(tag.modified_at),
        "name": tag.name,
        "_links": {"self": osdi_link(request, "tags", str(tag.uuid)),
                   "osdi:taggings": osdi_link(request, "tags", str(tag.uuid), "taggings")},
    } for tag in tags]


def taggings_serialize(request: HttpRequest, taggings: list[Tagging]) -> list[dict]:
    """``taggings`` must come with their tag's and person's uuid (see ``taggings_rows``)."""
    foreign = osdi_identifiers_map(Tagging, [t.pk for t in taggings])
    return [{
        "identifiers": osdi_identifiers(tagging, foreign.get(tagging.pk)),
        "created_date": osdi_time(tagging.created_at),
        "modified_date": osdi_time(tagging.modified_at),
        "item_type": "osdi:person",
        "_links": {
            "self": osdi_link(request, "tags", str(tagging.tag.uuid), "taggings",
                              str(tagging.uuid)),
            "osdi:tag": osdi_link(request, "tags", str(tagging.tag.uuid)),
            "osdi:person": osdi_link(request, "people", str(tagging.person.uuid)),
        },
    } for tagging in taggings]


def taggings_rows(queryset):
    return queryset.select_related("tag", "person").only(
        "uuid", "created_at", "modified_at", "tag__uuid", "person__uuid")


def list_title(mailing_list: MailingList, texts: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """(name, description) in the client's language, else English, else any."""
    language = (translation.get_language() or "en").split("-")[0]
    for key in (language, "en"):
        if key in texts:
            return texts[key]
    return next(iter(texts.values()), (mailing_list.slug, ""))


def lists_serialize(request: HttpRequest, lists: list[MailingList]) -> list[dict]:
    foreign = osdi_identifiers_map(MailingList, [m.pk for m in lists])
    texts: dict[int, dict[str, tuple[str, str]]] = {}
    for list_id, language, name, description in MailingListText.objects.filter(
            mailing_list_id__in=[m.pk for m in lists]).values_list(
            "mailing_list_id", "language", "name", "description"):
        texts.setdefault(list_id, {})[language] = (name, description)
    out = []
    for mailing_list in lists:
        title, description = list_title(mailing_list, texts.get(mailing_list.pk, {}))
        ref = str(mailing_list.uuid)
        out.append({
            "identifiers": osdi_identifiers(mailing_list, foreign.get(mailing_list.pk)),
            "created_date": osdi_time(mailing_list.created_at),
            "modified_date": osdi_time(mailing_list.modified_at),
            "title": title,
            "name": mailing_list.slug,
            "description": description or None,
            "_links": {"self": osdi_link(request, "lists", ref),
                       "osdi:items": osdi_link(request, "lists", ref, "items")},
        })
    return out


def items_serialize(request: HttpRequest, items: list[Subscription]) -> list[dict]:
    """``items`` must come with their list's and person's uuid (see ``items_rows``)."""
    return [{
        "identifiers": osdi_identifiers(item),
        "created_date": osdi_time(item.confirmed_at or item.created_at),
        "modified_date": osdi_time(item.modified_at),
        "item_type": "osdi:person",
        "_links": {
            "self": osdi_link(request, "lists", str(item.mailing_list.uuid), "items",
                              str(item.uuid)),
            "osdi:list": osdi_link(request, "lists", str(item.mailing_list.uuid)),
            "osdi:person": osdi_link(request, "people", str(item.person.uuid)),
        },
    } for item in items]


def items_rows(queryset):
    """Confirmed subscriptions: people who are on the list (not waiting, not gone)."""
    return queryset.filter(status=Subscription.Status.CONFIRMED).select_related(
        "mailing_list", "person").only("uuid", "created_at", "confirmed_at", "modified_at",
                                       "mailing_list__uuid", "person__uuid")
