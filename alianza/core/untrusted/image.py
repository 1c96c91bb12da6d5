"""Pictures that come from outside: a real image of an accepted kind, of bounded size.

The format is told by Pillow from the bytes, never by the file's name or the browser's
declared type; the pixel count is bounded before any decoding, so a small file that
declares a huge canvas (a decompression bomb) is refused cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from alianza.core.untrusted.limits import UntrustedFileError

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
               "WEBP": "image/webp"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


@dataclass(frozen=True)
class ImageInfo:
    format: str  # Pillow's name: PNG, JPEG, GIF, WEBP
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return IMAGE_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def check_image(handle: IO[bytes], *, max_bytes: int = 5 * 1024 * 1024,
                max_pixels: int = 25_000_000) -> ImageInfo:
    """Raise UntrustedFileError unless ``handle`` holds one readable PNG, JPEG, GIF or WebP."""
    from PIL import Image

    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    if size == 0:
        raise UntrustedFileError("file.empty")
    if size > max_bytes:
        raise UntrustedFileError("image.too_big", size=round(size / 1_048_576, 1),
                                 limit=max_bytes // 1_048_576)
    try:
        with Image.open(handle, formats=list(IMAGE_TYPES)) as image:
            width, height = image.size
            kind = image.format or ""
            if width * height > max_pixels:
                raise UntrustedFileError("image.too_many_pixels", width=width, height=height)
            image.verify()
    except UntrustedFileError:
        raise
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a non-image
        raise UntrustedFileError("image.not_image") from error
    finally:
        handle.seek(0)
    if kind not in IMAGE_TYPES or not width or not height:
        raise UntrustedFileError("image.not_image")
    return ImageInfo(format=kind, width=width, height=height)
