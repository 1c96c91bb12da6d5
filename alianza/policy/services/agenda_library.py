"""An agenda's PDFs as a library resource, so readers find the agenda among the coalition's
reports and briefs, in each language it is written in. Putting it there again replaces the
files with the current ones (a new figure, a changed status) under the same address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.library.models import Kind, Resource
from alianza.library.services.resources import (
    resource_create,
    resource_publish,
    resource_text_save,
)
from alianza.policy.models import Agenda
from alianza.policy.services.agenda_pdf import agenda_pdf_get


def agenda_resource_slug(agenda: Agenda) -> str:
    return f"policy-agenda-{agenda.slug}"[:120]


def agenda_resource(agenda: Agenda) -> Resource | None:
    return Resource.objects.filter(slug=agenda_resource_slug(agenda)).first()


def agenda_library_publish(*, agenda: Agenda) -> Resource:
    """Create or refresh the agenda's library resource: one text per language the agenda
    has a title in, each with that language's PDF; published when the agenda is."""
    if not agenda.is_published:
        raise ValidationError(_("Publish the agenda before putting it in the library."),
                              code="unpublished")
    texts = [text for text in agenda.texts.all() if text.title.strip()]
    if not texts:
        raise ValidationError(_("The agenda has no title in any language."), code="untitled")
    # WeasyPrint takes a second or more per language: make the files before the transaction.
    pdfs = {text.language: agenda_pdf_get(agenda=agenda, language=text.language)
            for text in texts}
    with transaction.atomic():
        resource = agenda_resource(agenda) or resource_create(
            kind=Kind.BRIEF, slug=agenda_resource_slug(agenda),
            published_on=timezone.localdate())
        for text in texts:
            pdf = pdfs[text.language]
            resource_text_save(
                resource=resource, language=text.language, title=text.title,
                summary=text.introduction[:1000],
                upload=SimpleUploadedFile(pdf.name, pdf.content, "application/pdf"))
        if not resource.is_published:
            resource_publish(resource=resource)
    return resource
