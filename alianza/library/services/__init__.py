"""Writes to the library: resources and their texts, collections, media contacts."""

from alianza.library.services.collections import (
    collection_create,
    collection_item_add,
    collection_item_move,
    collection_item_remove,
    collection_publish,
    collection_update,
    media_contact_create,
    media_contact_update,
)
from alianza.library.services.resources import (
    resource_create,
    resource_publish,
    resource_text_delete,
    resource_text_save,
    resource_unpublish,
    resource_update,
)

__all__ = [
    "collection_create", "collection_item_add", "collection_item_move", "collection_item_remove",
    "collection_publish", "collection_update", "media_contact_create", "media_contact_update",
    "resource_create", "resource_publish", "resource_text_delete", "resource_text_save",
    "resource_unpublish", "resource_update",
]
