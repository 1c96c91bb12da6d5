"""The agenda's PDFs become a library resource, in each language the agenda is written in,
so readers find them with the coalition's reports."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from alianza.core.roles import POLICY
from alianza.library.models import Resource
from alianza.policy.services.agenda_library import agenda_library_publish
from tests.policy.c_agenda import add_item, make_agenda, published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agenda():
    agenda = make_agenda()
    add_item(agenda, title="Fund the English Learner Roadmap", es="Financiar la Hoja de Ruta")
    return published(agenda)


def test_the_agenda_becomes_a_published_library_resource_with_a_pdf_per_language(agenda):
    resource = agenda_library_publish(agenda=agenda)

    assert resource.is_published and resource.kind == "brief"
    texts = {text.language: text for text in resource.texts.all()}
    assert set(texts) == {"en", "es"}
    assert texts["es"].title == "Agenda de políticas 2023-24"
    for text in texts.values():
        assert text.file_type == "application/pdf" and text.page_count >= 1
        with text.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_putting_it_there_again_refreshes_the_files_under_the_same_address(agenda):
    first = agenda_library_publish(agenda=agenda)
    old_file = first.texts.get(language="en").file.name
    add_item(agenda, title="Grow dual-language programs", kind="priority")

    again = agenda_library_publish(agenda=agenda)

    assert again.pk == first.pk and Resource.objects.count() == 1
    assert again.texts.get(language="en").file.name != old_file


def test_an_unpublished_agenda_stays_out_of_the_library():
    draft = make_agenda(slug="draft", publish=False)
    with pytest.raises(ValidationError):
        agenda_library_publish(agenda=draft)
    assert not Resource.objects.exists()


def test_policy_staff_put_it_there_from_the_agenda_page_in_spanish(agenda, django_user_model):
    user = django_user_model.objects.create_user("pia", "pia@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=POLICY))
    client = Client()
    client.force_login(user)
    edit = reverse("policy-staff-agenda-edit", args=[agenda.pk]).replace("/en/", "/es/")
    assert "Poner los PDF en la biblioteca" in client.get(edit).content.decode()

    response = client.post(reverse("policy-staff-agenda-library", args=[agenda.pk]),
                           HTTP_ACCEPT_LANGUAGE="es", follow=True)

    assert response.status_code == 200
    assert Resource.objects.filter(slug="policy-agenda-2023-24", is_published=True).exists()
