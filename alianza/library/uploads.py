"""Checking a library upload by what it holds, never by what it is called.

Accepted: PDF, Word (.docx), PowerPoint (.pptx), PNG, JPEG and WebP. Recordings (MP3, MP4) are
links, not uploads. A file is identified from its first bytes; its name's extension must
agree; a PDF must open in pdfium (its page count is kept); DOCX and PPTX are zips, checked
by ``alianza.core.untrusted.check_zip`` (entries, sizes, ratios, encryption, DOCTYPEs) and
then for the member names and content type a real Office document has; images must open in
Pillow within its pixel limit. The checks read the upload object itself, so they work the
same whether Django spooled it to disk or holds it in memory.

``UploadRefused`` carries one message in the active language, ready for a form error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.core.untrusted import Limits, UntrustedFileError, check_zip

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Office documents are far smaller than workbooks once uncompressed: pictures are stored
# already compressed, and text is a few megabytes at most.
DOCUMENT_LIMITS = Limits(max_zip_entries=2_000, max_uncompressed=256 * 1024 * 1024)


@dataclass(frozen=True)
class Format:
    key: str
    content_type: str
    extensions: tuple[str, ...]
    label: object  # lazy text: what people call it


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", "application/pdf", (".pdf",), gettext_lazy("a PDF document")),
    "docx": Format(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",), gettext_lazy("a Word document (.docx)"),
    ),
    "pptx": Format(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx",), gettext_lazy("a PowerPoint presentation (.pptx)"),
    ),
    "png": Format("png", "image/png", (".png",), gettext_lazy("a PNG image")),
    "jpeg": Format("jpeg", "image/jpeg", (".jpg", ".jpeg"), gettext_lazy("a JPEG image")),
    "webp": Format("webp", "image/webp", (".webp",), gettext_lazy("a WebP image")),
}
EXTENSIONS = {ext: fmt for fmt in FORMATS.values() for ext in fmt.extensions}
ACCEPT = ",".join(EXTENSIONS)

# The main part each Office format declares in [Content_Types].xml. Macro-enabled variants
# (.docm, .pptm) declare a different type and are refused with them.
OFFICE_MAIN_PARTS = {
    "docx": ("/word/document.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "pptx": ("/ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main"
             "+xml"),
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# What a refused file most likely is, for a message that says more than "not accepted".
_LOOKALIKES = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a program")),
    (b"#!", gettext_lazy("a script")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("an old Office file (.doc, .ppt, .xls)")),
    (b"PK\x03\x04", gettext_lazy("a zip archive")),
    (b"Rar!", gettext_lazy("a compressed archive")),
    (b"\x1f\x8b", gettext_lazy("a compressed archive")),
    (b"7z\xbc\xaf", gettext_lazy("a compressed archive")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"ID3", gettext_lazy("an audio file")),
)
_MARKUP = (b"<!doctype", b"<html", b"<?xml", b"<svg", b"<script", b"<head", b"<body", b"<")

# The messages for what check_zip reports, worded for documents rather than workbooks.
ZIP_MESSAGES = {
    "file.not_workbook": gettext_lazy("The document is damaged: it could not be opened."),
    "file.encrypted": gettext_lazy(
        "The document is protected by a password. Save it without one and try again."),
    "file.too_many_entries": gettext_lazy(
        "The document is made of {count} parts; at most {limit} are accepted."),
    "file.too_big_uncompressed": gettext_lazy(
        "The document would take {size} MB once uncompressed; at most {limit} MB are "
        "accepted."),
    "file.compression_ratio": gettext_lazy(
        "The document is compressed far more than real documents are ({ratio} to 1); it was "
        "refused as a possible zip bomb."),
    "file.xml_doctype": gettext_lazy(
        "The document contains XML declarations (DOCTYPE or ENTITY) that Office documents "
        "never use; it was refused for safety."),
}


class UploadRefused(ValidationError):
    """A file that may not be stored; ``messages[0]`` says why, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="upload_refused")


@dataclass(frozen=True)
class CheckedFile:
    format: Format
    size: int
    page_count: int | None = None

    @property
    def content_type(self) -> str:
        return self.format.content_type

    @property
    def extension(self) -> str:
        return self.format.extensions[0]


def max_bytes() -> int:
    return int(getattr(settings, "LIBRARY_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload: IO[bytes], *, name: str, size: int | None = None) -> CheckedFile:
    """Identify ``upload`` by content and check it; raises ``UploadRefused``.

    ``name`` is the name the person's computer gave it (only its extension is used).
    """
    size = _size(upload) if size is None else size
    if not size:
        raise UploadRefused(_("The file is empty."))
    limit = max_bytes()
    if size > limit:
        raise UploadRefused(
            _("The file is %(size)s; files of at most %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)})
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    found = _sniff(head)
    if found is None:
        raise UploadRefused(_unknown_message(head))
    if found == "zip":
        found = _office_kind(upload)
    fmt = FORMATS[found]
    extension = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if EXTENSIONS.get(extension) is not fmt:
        shown = extension or _("no extension")
        raise UploadRefused(
            _("The file's name ends in %(extension)s but it is %(found)s. Rename it to end in "
              "%(expected)s, or choose the right file.")
            % {"extension": shown, "found": fmt.label, "expected": fmt.extensions[0]})
    page_count = None
    if found == "pdf":
        page_count = _pdf_pages(upload)
    elif found in ("png", "jpeg", "webp"):
        _check_image(upload, fmt)
    upload.seek(0)
    return CheckedFile(format=fmt, size=size, page_count=page_count)


def _size(upload: IO[bytes]) -> int:
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _unknown_message(head: bytes) -> str:
    accepted = _("Accepted files are PDF, Word (.docx), PowerPoint (.pptx), PNG, JPEG and WebP.")
    looks = next((label for magic, label in _LOOKALIKES if head.startswith(magic)), None)
    if looks is None and head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP):
        looks = _("a web page or other markup")
    if looks is None:
        return _("This file's content was not recognized. %(accepted)s") % {"accepted": accepted}
    return _("This file is %(found)s, which cannot be added to the library. %(accepted)s") % {
        "found": looks, "accepted": accepted}


def _office_kind(upload: IO[bytes]) -> str:
    """``"docx"`` or ``"pptx"`` for a zip that is one, after the container checks."""
    try:
        archive = check_zip(upload, DOCUMENT_LIMITS)  # type: ignore[arg-type]
    except UntrustedFileError as error:
        message = ZIP_MESSAGES.get(error.code, ZIP_MESSAGES["file.not_workbook"])
        raise UploadRefused(str(message).format(**error.params)) from error
    not_office = _("This is a zip archive, not a Word (.docx) or PowerPoint (.pptx) document.")
    with archive:
        names = archive.namelist()
        for member in names:
            path = PurePosixPath(member.replace("\\", "/"))
            if member.startswith(("/", "\\")) or ".." in path.parts or ":" in member:
                raise UploadRefused(_("The document holds a part with an unsafe name (%(name)s)."
                                      ) % {"name": member[:80]})
        if any(PurePosixPath(m).name.lower() == "vbaproject.bin" for m in names):
            raise UploadRefused(_("The document contains macros. Save it as a plain .docx or "
                                  ".pptx without macros and try again."))
        if "[Content_Types].xml" not in names:
            raise UploadRefused(not_office)
        try:
            with archive.open("[Content_Types].xml") as part:
                root = ElementTree.fromstring(part.read(1024 * 1024))
        except Exception as error:  # noqa: BLE001 - any parse or zip failure means "damaged"
            raise UploadRefused(str(ZIP_MESSAGES["file.not_workbook"])) from error
        declared = {
            override.get("PartName", ""): override.get("ContentType", "")
            for override in root.iter(f"{_CT_NS}Override")
        }
        for kind, (part_name, content_type) in OFFICE_MAIN_PARTS.items():
            if declared.get(part_name) == content_type and part_name.lstrip("/") in names:
                return kind
        if any("macroEnabled" in value for value in declared.values()):
            raise UploadRefused(_("The document contains macros. Save it as a plain .docx or "
                                  ".pptx without macros and try again."))
    raise UploadRefused(not_office)


def _pdf_pages(upload: IO[bytes]) -> int:
    import pypdfium2

    upload.seek(0)
    try:
        document = pypdfium2.PdfDocument(upload)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise UploadRefused(_("The PDF is protected by a password. Save it without one and "
                                  "try again.")) from error
        raise UploadRefused(_("The PDF is damaged: it could not be opened. Save or export it "
                              "again and try once more.")) from error
    try:
        pages = len(document)
    finally:
        document.close()
    if pages < 1:
        raise UploadRefused(_("The PDF has no pages."))
    return pages


def _check_image(upload: IO[bytes], fmt: Format) -> None:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload, formats=[fmt.key.upper()]) as image:
            image.verify()
    except Image.DecompressionBombError as error:
        raise UploadRefused(_("The image is too large in pixels to be used.")) from error
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        raise UploadRefused(_("The image is damaged: it could not be opened.")) from error

