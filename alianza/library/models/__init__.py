"""The library: resources (one text per language), vocabularies, collections, press contacts."""

from alianza.library.models.collections import (
    Collection,
    CollectionItem,
    InterviewLanguage,
    MediaContact,
)
from alianza.library.models.resources import (
    GradeSpan,
    Kind,
    Resource,
    ResourceQuerySet,
    ResourceText,
    resource_file_path,
)
from alianza.library.models.vocabularies import Audience, Topic

__all__ = [
    "Audience",
    "Collection",
    "CollectionItem",
    "GradeSpan",
    "InterviewLanguage",
    "Kind",
    "MediaContact",
    "Resource",
    "ResourceQuerySet",
    "ResourceText",
    "Topic",
    "resource_file_path",
]
