"""QR codes: what is served encodes the partner's own link, module for module.

No QR decoder is installed, so each file is read back into its grid of dark and light
modules (the SVG's path, the PNG's pixels) and compared with the grid segno computes for the
link the partner should hand out. A code for any other text differs in most modules.
"""

from __future__ import annotations

import io
import re

import pytest
import segno
from PIL import Image

from alianza.listening.paper.qr import PNG_SCALE, QUIET_ZONE
from alianza.listening.services.partners import partner_create

from .factories import needs_survey
from .partners_helpers import listening_client

pytestmark = pytest.mark.django_db


def _expected(link: str) -> list[list[bool]]:
    return [[bool(cell) for cell in row] for row in segno.make_qr(link, error="m").matrix]


def _svg_grid(svg: str, size: int) -> list[list[bool]]:
    """Rebuild the grid from segno's path: "M x y" then runs of "h n" (dark) and "m dx dy"."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            row = int(y - 0.5) - QUIET_ZONE
            for column in range(int(x), int(x + float(first))):
                grid[row][column - QUIET_ZONE] = True
            x += float(first)
    return grid


def _png_grid(png: bytes, size: int) -> list[list[bool]]:
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == ((size + 2 * QUIET_ZONE) * PNG_SCALE,) * 2
    middle = PNG_SCALE // 2
    return [[image.getpixel(((QUIET_ZONE + column) * PNG_SCALE + middle,
                             (QUIET_ZONE + row) * PNG_SCALE + middle)) < 128
             for column in range(size)] for row in range(size)]


@pytest.fixture
def partner():
    return partner_create(survey=needs_survey(), name="Familias Unidas")


def test_the_svg_qr_code_is_the_partners_spanish_link(partner):
    response = listening_client().get(
        f"/en/staff/surveys/{partner.survey_id}/partners/{partner.pk}/qr-es.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert f"needs-2026-{partner.code}-es.svg" in response["Content-Disposition"]
    expected = _expected(f"{_site()}/es/surveys/needs-2026/p/{partner.code}/")
    assert _svg_grid(response.content.decode(), len(expected)) == expected
    other = _expected(f"{_site()}/en/surveys/needs-2026/p/{partner.code}/")
    assert _svg_grid(response.content.decode(), len(expected)) != other


def test_the_png_qr_code_is_the_partners_english_link(partner):
    response = listening_client().get(
        f"/es/staff/surveys/{partner.survey_id}/partners/{partner.pk}/qr-en.png")
    assert response["Content-Type"] == "image/png"
    expected = _expected(f"{_site()}/en/surveys/needs-2026/p/{partner.code}/")
    assert _png_grid(response.content, len(expected)) == expected


def test_a_new_code_gives_a_new_qr_code(partner):
    client = listening_client()
    url = f"/en/staff/surveys/{partner.survey_id}/partners/{partner.pk}/qr-en.svg"
    before = client.get(url).content
    client.post(f"/en/staff/surveys/{partner.survey_id}/partners/{partner.pk}/new-code/",
                {"confirm": partner.code})
    partner.refresh_from_db()
    after = client.get(url).content.decode()
    expected = _expected(f"{_site()}/en/surveys/needs-2026/p/{partner.code}/")
    assert before != after.encode()
    assert _svg_grid(after, len(expected)) == expected


def test_a_language_the_survey_is_not_written_in_has_no_qr_code(partner):
    client = listening_client()
    base = f"/en/staff/surveys/{partner.survey_id}/partners/{partner.pk}/"
    assert client.get(base + "qr-fr.svg").status_code == 404
    assert client.get(base + "qr-en.gif").status_code == 404


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL
