"""The printed agenda: the same content as the agenda page, laid out for paper by WeasyPrint.

Making a PDF takes WeasyPrint a second or more, so the file is kept in storage under a
fingerprint of the HTML it was made from. The HTML is cheap to make and already holds every
figure the agenda cites, so a new import (a new number), an edit or a status change gives a
new fingerprint and a new file; anything else serves the stored one.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from alianza.core.site import site_name
from alianza.policy.models import Agenda
from alianza.policy.selectors.agenda import agenda_view

logger = logging.getLogger(__name__)

PDF_FOLDER = "policy/agenda-pdf"


@dataclass
class AgendaPdf:
    name: str  # the file name offered to the reader
    stored_as: str  # where the file is in storage
    content: bytes
    made_now: bool  # False: served from storage


def agenda_pdf_html(*, agenda: Agenda, language: str) -> str:
    with translation.override(language):
        view = agenda_view(agenda, language=language)
        return render_to_string("policy/agenda/pdf.html", {
            "view": view, "site_name": site_name(), "language": language,
        })


def _fingerprint(html: str) -> str:
    import weasyprint

    return hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()[:24]


def _prefix(agenda: Agenda, language: str) -> str:
    return f"{agenda.slug}-{language}-"


def agenda_pdf_get(*, agenda: Agenda, language: str) -> AgendaPdf:
    """The agenda's PDF in ``language``: the stored one if its content has not changed,
    else a new one (older ones for this agenda and language are removed)."""
    html = agenda_pdf_html(agenda=agenda, language=language)
    stored_as = f"{PDF_FOLDER}/{_prefix(agenda, language)}{_fingerprint(html)}.pdf"
    name = f"{agenda.slug}-{language}.pdf"
    if default_storage.exists(stored_as):
        with default_storage.open(stored_as, "rb") as handle:
            return AgendaPdf(name, stored_as, handle.read(), made_now=False)
    from weasyprint import HTML

    content = HTML(string=html).write_pdf()
    # Another request may have made the same file meanwhile: same content, keep theirs.
    if not default_storage.exists(stored_as):
        saved = default_storage.save(stored_as, ContentFile(content))
        _remove_older(agenda=agenda, language=language, keep=saved)
    return AgendaPdf(name, stored_as, content, made_now=True)


def _remove_older(*, agenda: Agenda, language: str, keep: str) -> None:
    try:
        _folders, files = default_storage.listdir(PDF_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    prefix = _prefix(agenda, language)
    for file_name in files:
        path = f"{PDF_FOLDER}/{file_name}"
        rest = file_name.removeprefix(prefix)
        # Only this agenda's files: a fingerprint and ".pdf" after the prefix, nothing else
        # (another agenda's slug may begin with this one's).
        if rest != file_name and len(rest) == 28 and rest.endswith(".pdf") and path != keep:
            try:
                default_storage.delete(path)
            except OSError:  # already gone, or removed by another process
                logger.info("Agenda PDF %s was already removed", path)
