"""Creating, editing and publishing resources, and storing their files.

Files go through the field's storage (Django's default storage: the file system here, S3 or
any other django-storages backend in production), never through paths. A new file is
checked before anything is written; the file it replaces is deleted only once the new row
is committed, so a refused or failed upload leaves the old one in place.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from alianza.coalition.models import Organization
from alianza.core.tasks_compat import task_enqueue
from alianza.library.models import Audience, Resource, ResourceText, Topic
from alianza.library.uploads import CheckedFile, check_upload

logger = logging.getLogger(__name__)


def resource_create(
    *, kind: str, slug: str, published_on: datetime.date, grade_span: str = "",
    authors: str = "", topics: Iterable[Topic] = (), audiences: Iterable[Audience] = (),
    organizations: Iterable[Organization] = (), related: Iterable[Resource] = (),
) -> Resource:
    resource = Resource(kind=kind, slug=slug, published_on=published_on,
                        grade_span=grade_span, authors=authors)
    resource.full_clean()
    with transaction.atomic():
        resource.save()
        resource.topics.set(topics)
        resource.audiences.set(audiences)
        _links_set(resource, organizations=organizations, related=related)
    return resource


def resource_update(
    *, resource: Resource, kind: str, slug: str, published_on: datetime.date,
    grade_span: str = "", authors: str = "", topics: Iterable[Topic] = (),
    audiences: Iterable[Audience] = (), organizations: Iterable[Organization] | None = None,
    related: Iterable[Resource] | None = None,
) -> Resource:
    """``organizations`` and ``related`` left as None keep the resource's current ones."""
    resource.kind, resource.slug, resource.published_on = kind, slug, published_on
    resource.grade_span, resource.authors = grade_span, authors
    resource.full_clean()
    with transaction.atomic():
        resource.save()
        resource.topics.set(topics)
        resource.audiences.set(audiences)
        _links_set(resource, organizations=organizations, related=related)
    return resource


def _links_set(resource: Resource, *, organizations: Iterable[Organization] | None,
               related: Iterable[Resource] | None) -> None:
    if organizations is not None:
        resource.organizations.set(organizations)
    if related is not None:
        # A resource listed as related to itself would only send readers round in a circle.
        resource.related.set([other for other in related if other.pk != resource.pk])


def clean_file_name(name: str) -> str:
    """The original name as shown in a download: no folders, no control characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(base) > 200:
        stem, dot, extension = base.rpartition(".")
        base = f"{stem[:190]}.{extension[:9]}" if dot else base[:200]
    return base or "file"


def resource_text_save(
    *, resource: Resource, language: str, title: str, summary: str = "", body: str = "",
    link_url: str = "", upload: UploadedFile | None = None, checked: CheckedFile | None = None,
    remove_file: bool = False,
) -> ResourceText:
    """Create or update the text of ``resource`` in ``language``, with its file if given.

    ``checked`` is the result of ``check_upload`` when the caller (a form) already ran it;
    otherwise the upload is checked here, before anything is written.
    """
    if upload is not None and checked is None:
        checked = check_upload(upload, name=upload.name or "", size=upload.size)
    with transaction.atomic():
        text = (ResourceText.objects.select_for_update()
                .filter(resource=resource, language=language).first()
                or ResourceText(resource=resource, language=language))
        text.title, text.summary, text.body, text.link_url = title, summary, body, link_url
        old_names = []
        if upload is not None or remove_file:
            old_names = [name for name in (text.file.name, text.thumbnail.name or "") if name]
            text.file = None
            text.thumbnail = None
            text.file_name = text.file_type = ""
            text.file_size = text.page_count = None
        new_name = ""
        try:
            if upload is not None and checked is not None:
                upload.seek(0)
                # upload_to keeps only a safe extension; the sniffed one is what we give it.
                text.file.save(f"upload{checked.extension}", upload, save=False)
                new_name = text.file.name
                text.file_name = clean_file_name(upload.name or "")
                text.file_type = checked.content_type
                text.file_size = checked.size
                text.page_count = checked.page_count
            text.full_clean(exclude=["resource"])
            text.save()
        except BaseException:
            if new_name:
                text.file.storage.delete(new_name)  # the row was not saved: nothing points here
            raise
        storage = text.file.storage
        if old_names:
            transaction.on_commit(lambda: _delete_files(storage, old_names))
        if new_name and checked is not None and checked.format.key == "pdf":
            from alianza.library.tasks import resource_thumbnail_make

            text_id = text.pk
            transaction.on_commit(lambda: task_enqueue(resource_thumbnail_make, text_id))
    return text


def resource_text_delete(*, text: ResourceText) -> None:
    names = [name for name in (text.file.name, text.thumbnail.name or "") if name]
    storage = text.file.storage
    with transaction.atomic():
        text.delete()
        transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - a file left behind is better than a failed save
            logger.exception("Could not delete a replaced library file")


def resource_publish(*, resource: Resource) -> Resource:
    """Publish ``resource``; it needs at least one language with a title."""
    if not resource.texts.exclude(title="").exists():
        raise ValidationError(
            _("Add a title in at least one language before publishing."), code="no_title")
    resource.is_published = True
    resource.save(update_fields=["is_published", "updated_at"])
    return resource


def resource_unpublish(*, resource: Resource) -> Resource:
    resource.is_published = False
    resource.save(update_fields=["is_published", "updated_at"])
    return resource
