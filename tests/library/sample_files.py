"""Real files, good and hostile, for the upload tests (made in memory, nothing mocked)."""

from __future__ import annotations

import io
import zipfile

import pytest

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PPTX_TYPES = DOCX_TYPES.replace("/word/document.xml", "/ppt/presentation.xml").replace(
    "wordprocessingml.document.main", "presentationml.presentation.main")
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
    'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hola</w:t></w:r></w:p></w:body>'
    '</w:document>'
)


def pdf_bytes(pages: int = 2, width: float = 612, height: float = 792) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(width, height)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(**extra: bytes | str) -> bytes:
    return zip_bytes({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": DOCUMENT_XML,
                      **extra})


def pptx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": PPTX_TYPES,
                      "ppt/presentation.xml": "<?xml version='1.0'?><p:presentation "
                      "xmlns:p='http://schemas.openxmlformats.org/presentationml/2006/main'/>"})


def zip_bomb_docx() -> bytes:
    """A .docx whose one part inflates 20 MB of zeros from about 20 KB."""
    return docx_bytes(**{"word/media/padding.bin": b"\0" * (20 * 1024 * 1024)})


WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200
WEB_PAGE = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n%%EOF"


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
