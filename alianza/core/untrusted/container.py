"""The zip container of a workbook, and the XML parts inside it, read safely.

Part of :mod:`alianza.core.untrusted`: ``check_zip`` looks at the container before anything
is decompressed, and ``_parse`` streams one XML part with expat after refusing any DOCTYPE
(so no entity is ever declared or expanded) and past a nesting limit.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import XMLPullParser

from alianza.core.untrusted.limits import (
    DEFAULT_LIMITS,
    OLE_MAGIC,
    ZIP_MAGIC,
    Limits,
    UntrustedFileError,
)

# What a corrupt, truncated or exotic zip entry raises while being read.
_ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, NotImplementedError
)
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def sniff(path: str | Path) -> str:
    """``"zip"``, ``"ole"`` or ``"text"`` from the first bytes (never from the file name)."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def check_zip(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open ``path`` as a zip after checking the container; the caller closes it.

    ``zipfile`` never reads more than an entry's declared size (and checks its CRC), so the
    declared sizes checked here bound what decompression can produce.
    """
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as error:
        raise UntrustedFileError("file.not_workbook") from error
    try:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise UntrustedFileError(
                "file.too_many_entries", count=len(entries), limit=limits.max_zip_entries
            )
        total = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise UntrustedFileError("file.encrypted")
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > limits.ratio_floor and ratio > limits.max_ratio:
                raise UntrustedFileError("file.compression_ratio", ratio=int(ratio))
        if total > limits.max_uncompressed:
            raise UntrustedFileError(
                "file.too_big_uncompressed",
                size=total // 2**20,
                limit=limits.max_uncompressed // 2**20,
            )
        for entry in entries:
            if entry.filename.lower().endswith(_XML_SUFFIXES):
                _refuse_doctype(archive, entry)
    except UntrustedFileError:
        archive.close()
        raise
    except _ZIP_ERRORS as error:
        archive.close()
        raise UntrustedFileError("file.not_workbook") from error
    return archive


def _refuse_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    # A DOCTYPE must come before the root element, so the start of the part is enough;
    # defusedxml also refuses one anywhere while parsing.
    with archive.open(entry) as part:
        head = part.read(_PROLOG_MAX)
    _prolog_end(head)



_CHUNK = 256 * 1024
_PROLOG_MAX = 64 * 1024  # real parts start their root element within a hundred bytes


def _prolog_end(head: bytes) -> int:
    """Where the root element starts, refusing a DOCTYPE (and with it every entity).

    Entities can only be declared in a DOCTYPE, and a DOCTYPE only before the root element,
    so a prolog without one makes the C parser safe from entity expansion and external
    entities alike. A prolog longer than real files have is refused rather than searched.
    """
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0:
            break
        if head.startswith(b"<?", start):
            position = head.find(b"?>", start)
        elif head.startswith(b"<!--", start):
            position = head.find(b"-->", start)
        elif head.startswith(b"<!", start):
            raise UntrustedFileError("file.xml_doctype")
        else:
            return start
        if position < 0:
            break
    if len(head) >= _PROLOG_MAX or _DOCTYPE.search(head):
        raise UntrustedFileError("file.xml_doctype")
    return len(head)  # a part too short to hold a root: the parser reports it as broken


def _parse(
    archive: zipfile.ZipFile, part: str, limits: Limits, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Any]]:
    """Events of one XML part, refusing DTDs, entities and deep nesting.

    The C ``XMLPullParser`` is fed in chunks (defusedxml's pure-Python parser was 15 times
    slower); ``_prolog_end`` has already refused anything that could declare an entity.
    """
    depth = 0
    parser = XMLPullParser(events=("start", "end"))
    try:
        with archive.open(part) as handle:
            chunk = handle.read(_PROLOG_MAX)
            _prolog_end(chunk)
            while chunk:
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if event == "start":
                        depth += 1
                        if depth > limits.max_xml_depth:
                            raise UntrustedFileError(
                                "file.xml_depth", limit=limits.max_xml_depth
                            )
                    else:
                        depth -= 1
                    if event in events:
                        yield event, element
                chunk = handle.read(_CHUNK)
            parser.close()
            for event, element in parser.read_events():
                if event in events:
                    yield event, element
    except UntrustedFileError:
        raise
    except (SyntaxError, *_ZIP_ERRORS) as error:
        # ParseError is a SyntaxError (an undefined entity is one); a truncated or corrupt
        # entry raises the others.
        raise UntrustedFileError("file.xml_broken", part=PurePosixPath(part).name) from error
