"""Collections (ordered sets of resources) and the press room's media contacts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from alianza.library.models import Collection, CollectionItem, MediaContact, Resource


def collection_create(
    *, slug: str, title: str, title_es: str = "", summary: str = "", summary_es: str = "",
    position: int = 0,
) -> Collection:
    collection = Collection(slug=slug, title=title, title_es=title_es, summary=summary,
                            summary_es=summary_es, position=position)
    collection.full_clean()
    collection.save()
    return collection


def collection_update(
    *, collection: Collection, slug: str, title: str, title_es: str = "", summary: str = "",
    summary_es: str = "", position: int = 0,
) -> Collection:
    collection.slug, collection.title, collection.title_es = slug, title, title_es
    collection.summary, collection.summary_es, collection.position = summary, summary_es, position
    collection.full_clean()
    collection.save()
    return collection


def collection_publish(*, collection: Collection, published: bool) -> Collection:
    collection.is_published = published
    collection.save(update_fields=["is_published"])
    return collection


def collection_item_add(*, collection: Collection, resource: Resource) -> CollectionItem:
    """Add ``resource`` at the end (adding it twice keeps the first place)."""
    with transaction.atomic():
        Collection.objects.select_for_update().get(pk=collection.pk)
        last = collection.items.aggregate(last=Max("position"))["last"]
        item, _created = CollectionItem.objects.get_or_create(
            collection=collection, resource=resource,
            defaults={"position": 0 if last is None else last + 1},
        )
    return item


def collection_item_remove(*, item: CollectionItem) -> None:
    item.delete()


def collection_item_move(*, item: CollectionItem, direction: str) -> None:
    """Swap ``item`` with its neighbour ``"up"`` or ``"down"``; positions become 0, 1, 2…"""
    with transaction.atomic():
        Collection.objects.select_for_update().get(pk=item.collection_id)
        items = list(CollectionItem.objects.filter(collection_id=item.collection_id)
                     .order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])


def media_contact_create(
    *, name: str, role: str = "", role_es: str = "", organization: str = "", email: str = "",
    phone: str = "", languages: list[str] | None = None, position: int = 0, is_active: bool = True,
) -> MediaContact:
    contact = MediaContact(name=name, role=role, role_es=role_es, organization=organization,
                           email=email, phone=phone, languages=list(languages or []),
                           position=position, is_active=is_active)
    contact.full_clean()
    contact.save()
    return contact


def media_contact_update(*, contact: MediaContact, **fields: object) -> MediaContact:
    allowed = {"name", "role", "role_es", "organization", "email", "phone", "languages",
               "position", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown media contact fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(contact, key, value)
    contact.full_clean()
    contact.save()
    return contact
