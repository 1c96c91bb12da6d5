"""Background work for the library: a PNG of each PDF's first page."""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from alianza.core.tasks_compat import task

logger = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 400


@task()
def resource_thumbnail_make(text_id: int) -> None:
    """Render page 1 of the text's PDF to a PNG about 400 px wide, into the same storage.

    A PDF pdfium cannot render is logged and left without a thumbnail: pages show the
    resource without one. Other failures (storage unreachable) raise, so the backend's
    retries apply.
    """
    import pypdfium2

    from alianza.library.models import ResourceText

    text = ResourceText.objects.filter(pk=text_id).first()
    if text is None or not text.file or text.file_type != "application/pdf":
        return
    source_name = text.file.name
    with text.file.storage.open(source_name, "rb") as handle:
        data = handle.read()
    try:
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            scale = THUMBNAIL_WIDTH / max(page.get_width(), 1)
            image = page.render(scale=min(scale, 4)).to_pil()
            page.close()
        finally:
            document.close()
    except pypdfium2.PdfiumError:
        logger.warning("Library text %s: its PDF could not be rendered", text_id)
        return
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    # The file may have been replaced while this ran: only the PDF rendered gets the picture.
    picture = ContentFile(buffer.getvalue())
    with transaction.atomic():
        current = (ResourceText.objects.select_for_update()
                   .filter(pk=text_id, file=source_name).first())
        if current is None:
            return
        old = current.thumbnail.name if current.thumbnail else ""
        current.thumbnail.save("thumbnail.png", picture, save=False)
        current.save(update_fields=["thumbnail", "updated_at"])  # signals refresh page caches
    if old and old != current.thumbnail.name:
        current.thumbnail.storage.delete(old)
