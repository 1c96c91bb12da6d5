"""QR codes for a partner's link, made with segno.

Always a full QR code (``make_qr``), never a Micro QR that some phone cameras do not read,
with error correction "M" so a slightly creased or smudged print still scans.
"""

from __future__ import annotations

import io

import segno

# Pixels per module in the PNG: a version-4 code (33 modules plus the quiet zone) comes out
# near 400 px, sharp enough for a flyer.
PNG_SCALE = 10
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_code(link: str) -> segno.QRCode:
    return segno.make_qr(link, error="m")


def qr_svg(link: str, *, title: str = "") -> bytes:
    buffer = io.BytesIO()
    qr_code(link).save(buffer, kind="svg", scale=4, border=QUIET_ZONE, xmldecl=True,
                       title=title or None)
    return buffer.getvalue()


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(link).save(buffer, kind="png", scale=PNG_SCALE, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_data_uri(link: str) -> str:
    """An SVG data URI for the printed form (WeasyPrint draws it as a vector: crisp at any
    size)."""
    return qr_code(link).svg_data_uri(scale=4, border=QUIET_ZONE)
