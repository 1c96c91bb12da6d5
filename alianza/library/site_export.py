"""The library's metadata and its files in the full site export."""

from __future__ import annotations

from alianza.core.site_export import file_names, site_export_register, site_export_register_models


def register() -> None:
    from alianza.library import models as m

    site_export_register_models(m.Topic, m.Audience, m.Resource, order=200)
    site_export_register(model=m.ResourceText, order=210,
                         files=file_names(m.ResourceText, "file", "thumbnail"))
    site_export_register_models(
        m.Resource.topics.through, m.Resource.audiences.through,
        m.Resource.organizations.through, m.Resource.related.through, m.Collection,
        m.CollectionItem, m.MediaContact, order=220,
    )
