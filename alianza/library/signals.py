"""What follows a change to the library: cached pages are dropped, and a resource's texts
are indexed again when a field they are searched by (its authors) changes."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from alianza.core.page_cache import bump_on_commit


def _reindex_texts(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from modelsearch import index

    resource_id = instance.pk

    def reindex() -> None:
        from alianza.library.models import ResourceText

        for text in ResourceText.get_indexed_objects().filter(resource_id=resource_id):
            index.insert_or_update_object(text)

    transaction.on_commit(reindex)


def _bump_on_commit(**kwargs) -> None:
    bump_on_commit("library")


def connect() -> None:
    from alianza.library import models

    for model in (models.Resource, models.ResourceText, models.Topic, models.Audience,
                  models.Collection, models.CollectionItem):
        post_save.connect(_bump_on_commit, sender=model, dispatch_uid=f"library-page-{model}")
        post_delete.connect(_bump_on_commit, sender=model, dispatch_uid=f"library-del-{model}")
    for through in (models.Resource.topics.through, models.Resource.audiences.through,
                    models.Resource.organizations.through, models.Resource.related.through):
        m2m_changed.connect(_bump_on_commit, sender=through, dispatch_uid=f"library-m2m-{through}")
    post_save.connect(_reindex_texts, sender=models.Resource, dispatch_uid="library-reindex")
