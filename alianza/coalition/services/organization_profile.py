"""What the public member directory shows about an organization: logo, website, languages
served and what it does in each language.

A logo upload is untrusted: it is identified by what Pillow finds in it (never by its name
or declared type), refused when it is not a PNG, JPEG, GIF or WebP image or holds more pixels
than a logo needs, and then drawn again as a small PNG. Only that new file is stored, so
what is served holds no metadata, scripts or tricks from the original.
"""

from __future__ import annotations

import secrets
from io import BytesIO
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from alianza.coalition.models import Organization, OrganizationText
from alianza.core.untrusted.image import check_image
from alianza.core.untrusted.limits import UntrustedFileError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000  # far beyond any logo, far below a decompression bomb
LOGO_BOX = 400  # the stored logo fits in this square; the directory shows it smaller
LOGO_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


def logo_render(upload: IO[bytes], *, size: int | None = None) -> tuple[bytes, int, int]:
    """The upload redrawn as a PNG within LOGO_BOX, with its width and height.

    Raises ``ValidationError`` with a message in the active language when the upload is
    not an image this accepts.
    """
    from PIL import Image, UnidentifiedImageError

    if size is not None and size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo file is larger than 2 MB. Use a smaller image."),
                              code="too_big")
    upload.seek(0)
    head = upload.read(LOGO_MAX_BYTES + 1)
    if len(head) > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo file is larger than 2 MB. Use a smaller image."),
                              code="too_big")
    not_image = ValidationError(
        _("The logo must be an image file (PNG, JPEG, GIF or WebP); this file is not one, or "
          "it is damaged."), code="not_image")
    try:
        check_image(BytesIO(head), max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS)
    except UntrustedFileError as error:
        if error.code == "image.too_many_pixels":
            raise ValidationError(_("The logo is too large in pixels to be used."),
                                  code="too_many_pixels") from error
        raise not_image from error
    try:
        with Image.open(BytesIO(head), formats=LOGO_FORMATS) as image:
            image.seek(0)  # the first frame of an animation
            image.load()
            drawn = image.convert("RGBA")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError,
            SyntaxError, EOFError) as error:
        raise not_image from error
    drawn.thumbnail((LOGO_BOX, LOGO_BOX))
    out = BytesIO()
    drawn.save(out, format="PNG", optimize=True)
    return out.getvalue(), drawn.width, drawn.height


@transaction.atomic
def organization_logo_set(*, organization: Organization, upload: IO[bytes] | None,
                          size: int | None = None) -> Organization:
    """Store ``upload`` as the organization's logo, or remove the logo when it is None."""
    old = organization.logo.name if organization.logo else ""
    if upload is None:
        organization.logo = None
    else:
        png, _width, _height = logo_render(upload, size=size)
        # A new name each time, so that browsers and caches never show the old logo.
        name = f"{organization.pk}-{secrets.token_hex(6)}.png"
        organization.logo.save(name, ContentFile(png), save=False)
    organization.full_clean()
    organization.save()
    if old and old != organization.logo.name:
        storage = Organization._meta.get_field("logo").storage
        transaction.on_commit(lambda: storage.delete(old))
    return organization


@transaction.atomic
def organization_profile_update(
    *, organization: Organization, website: str, languages_served: str,
    descriptions: dict[str, str],
) -> Organization:
    """Set the directory's details; a blank description removes that language's text."""
    organization.website = website.strip()
    organization.languages_served = ", ".join(
        dict.fromkeys(tag.strip() for tag in languages_served.split(",") if tag.strip()))
    organization.full_clean()
    organization.save()
    for language, description in descriptions.items():
        description = description.strip()
        if not description:
            OrganizationText.objects.filter(organization=organization,
                                            language=language).delete()
            continue
        text = (OrganizationText.objects.filter(organization=organization, language=language)
                .first() or OrganizationText(organization=organization, language=language))
        text.description = description
        text.full_clean()
        text.save()
    return organization
