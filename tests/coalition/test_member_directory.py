"""The public member directory: logos, websites, what members do and the languages they serve."""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from alianza.coalition.models import Organization, OrganizationText
from alianza.coalition.services.organization_profile import organization_logo_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes(width: int = 800, height: int = 400, fmt: str = "PNG") -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), (11, 94, 85)).save(out, format=fmt)
    return out.getvalue()


def member(name: str = "Familias Unidas", **fields) -> Organization:
    return Organization.objects.create(name=name,
                                       membership_status=Organization.Membership.MEMBER,
                                       **fields)


def directory(client, language: str = "en", **params) -> str:
    with translation.override(language):
        url = reverse("coalition-members")
    return client.get(url, params).content.decode()


def test_a_members_description_is_shown_in_the_readers_language(client):
    organization = member()
    OrganizationText.objects.create(organization=organization, language="en",
                                    description="Parents organizing for bilingual schools.")
    OrganizationText.objects.create(organization=organization, language="es",
                                    description="Familias organizadas por escuelas bilingües.")

    assert "Parents organizing" in directory(client, "en")
    spanish = directory(client, "es")
    assert "Familias organizadas" in spanish and "Parents organizing" not in spanish


def test_a_description_in_the_other_language_is_marked_with_its_language(client):
    organization = member()
    OrganizationText.objects.create(organization=organization, language="en",
                                    description="Parents organizing for bilingual schools.")

    page = directory(client, "es")

    assert '<p lang="en">Parents organizing for bilingual schools.</p>' in page


def test_the_older_description_is_the_last_fallback(client):
    member(description="Teachers for English learners.")

    assert "Teachers for English learners." in directory(client, "es")


def test_languages_served_are_shown_by_their_own_names(client):
    member(languages_served="es, vi, zh-Hant")

    page = unicodedata.normalize("NFC", directory(client))

    assert '<span lang="es">Español</span>' in page
    assert unicodedata.normalize("NFC", '<span lang="vi">Tiếng Việt</span>') in page
    assert 'lang="zh-Hant"' in page and "zh-Hant</span>" not in page


def test_the_website_is_linked_safely_and_shown_as_its_host(client):
    member(website="https://www.familiasunidas.org/about/")

    page = directory(client)

    link = re.search(r'<a class="member-site"[^>]*>[^<]*', page).group(0)
    assert 'href="https://www.familiasunidas.org/about/"' in link
    assert 'rel="noopener noreferrer"' in link
    assert link.endswith(">familiasunidas.org")


def test_a_logo_is_redrawn_as_a_small_png_and_served_lazily(client):
    organization = member()
    upload = SimpleUploadedFile("logo.jpg", png_bytes(fmt="JPEG"), content_type="image/jpeg")

    organization_logo_set(organization=organization, upload=upload, size=upload.size)

    organization.refresh_from_db()
    assert organization.logo.name.endswith(".png")
    assert (organization.logo_width, organization.logo_height) == (400, 200)
    page = directory(client)
    image = re.search(r'<img class="member-logo"[^>]*>', page).group(0)
    assert 'loading="lazy"' in image and 'width="400"' in image and 'height="200"' in image
    src = re.search(r'src="([^"]+)"', image).group(1).replace("&amp;", "&")
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\x89PNG")


def test_the_logo_of_an_organization_that_is_not_public_is_not_served(client):
    organization = Organization.objects.create(name="Applicant Org")
    organization_logo_set(organization=organization,
                          upload=SimpleUploadedFile("l.png", png_bytes(40, 40)))

    response = client.get(reverse("coalition-member-logo", args=[organization.pk]))

    assert response.status_code == 404


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(staff_client):
    organization = member(website="https://example.org")
    fake = SimpleUploadedFile("logo.png", b"<svg onload='alert(1)'></svg>",
                              content_type="image/png")
    with translation.override("es"):
        url = reverse("coalition-organization-profile", args=[organization.pk])

    response = staff_client.post(url, {"logo": fake, "website": "https://example.org",
                                       "languages_served": "es",
                                       "description_en": "Kept text."})

    assert response.status_code == 400
    page = response.content.decode()
    assert "El logotipo debe ser un archivo de imagen" in page
    assert "Kept text." in page  # nothing typed is lost
    organization.refresh_from_db()
    assert not organization.logo
    assert not OrganizationText.objects.exists()


def test_the_service_refuses_a_non_image_too():
    organization = member()

    with pytest.raises(ValidationError):
        organization_logo_set(organization=organization,
                              upload=SimpleUploadedFile("x.gif", b"GIF89a not really"))


def test_staff_set_the_directory_entry_on_the_organization_page(staff_client):
    organization = member()
    url = reverse("coalition-organization-profile", args=[organization.pk])

    response = staff_client.post(url, {
        "logo": SimpleUploadedFile("logo.png", png_bytes(120, 60), content_type="image/png"),
        "website": "familiasunidas.org", "languages_served": "es, vi",
        "description_en": "Parents organizing.", "description_es": "Familias organizadas.",
    })

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.website == "https://familiasunidas.org"
    assert organization.languages_served == "es, vi"
    assert organization.logo and organization.logo_width == 120
    assert dict(organization.texts.values_list("language", "description")) == {
        "en": "Parents organizing.", "es": "Familias organizadas."}


def test_a_wrong_language_code_is_refused_clearly(staff_client):
    organization = member()
    url = reverse("coalition-organization-profile", args=[organization.pk])

    response = staff_client.post(url, {"languages_served": "es, Spanish!"})

    assert response.status_code == 400
    assert "These are not language codes: Spanish!." in response.content.decode()


def test_search_finds_members_by_their_description_in_any_language(client):
    organization = member("Coalición Norte")
    member("Other Group")
    OrganizationText.objects.create(organization=organization, language="es",
                                    description="Tutoría para recién llegados.")

    page = directory(client, "en", q="recién llegados")

    assert "Coalición Norte" in page and "Other Group" not in page


def test_members_can_be_narrowed_to_a_region(client):
    member("Bay Families", region="Bay Area")
    member("Valley Parents", region="Central Valley")

    page = directory(client, region="Central Valley")

    assert "Valley Parents" in page and "Bay Families" not in page
    assert '<option value="Bay Area">' in page
