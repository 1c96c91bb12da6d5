"""Pictures for mailings: checked to be real images, stored under media, served publicly."""

from __future__ import annotations

import secrets
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.urls import reverse

from alianza.core.untrusted import UntrustedFileError, check_image
from alianza.core.untrusted_messages import untrusted_message
from alianza.outreach.models import MailingImage

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def mailing_image_url(image: MailingImage) -> str:
    """The absolute address written into the Markdown: mail apps load it from the site."""
    return settings.SITE_URL.rstrip("/") + reverse("outreach-image", kwargs={"name": image.name})


def mailing_image_markdown(image: MailingImage, alt: str = "") -> str:
    text = " ".join((alt or image.original_name.rsplit(".", 1)[0]).split())
    text = text.replace("[", "(").replace("]", ")")
    return f"![{text}]({mailing_image_url(image)})"


def mailing_image_upload(*, upload: IO[bytes], original_name: str, user=None) -> MailingImage:
    """Store ``upload`` if it is a real PNG, JPEG, GIF or WebP; ValidationError otherwise,
    with the reason in the active language."""
    try:
        info = check_image(upload, max_bytes=MAX_IMAGE_BYTES)
    except UntrustedFileError as error:
        raise ValidationError(untrusted_message(error), code=error.code) from error
    # A random name: the address is public, so it must not be guessable from others.
    name = f"{secrets.token_urlsafe(12)}.{info.extension}"
    image = MailingImage(name=name, original_name=(original_name or "")[:200],
                         content_type=info.content_type, width=info.width, height=info.height,
                         uploaded_by=user)
    image.file.save(name, File(upload, name=name), save=False)
    image.full_clean(exclude=["uploaded_by"])
    image.save()
    return image
