"""The demo library loads quickly, through the real checks, and only once."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command

from alianza.library.models import Collection, MediaContact, Resource, ResourceText
from tests.library.sample_files import media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_the_demo_loads_bilingual_pdfs_collections_and_a_contact_once(
        django_capture_on_commit_callbacks):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("library_demo", verbosity=0)
    elapsed = time.monotonic() - started
    assert elapsed < 20
    resources = Resource.objects.count()
    assert resources >= 8 and not Resource.objects.filter(is_published=False).exists()
    brief = ResourceText.objects.get(resource__slug="funding-brief-2024", language="es")
    assert brief.file_type == "application/pdf" and brief.page_count >= 2
    assert brief.thumbnail  # queued on commit, made by the real task
    assert ResourceText.objects.filter(resource__kind="recording").exclude(link_url="").exists()
    leaders = Collection.objects.get(slug="tools-for-school-leaders")
    assert [i.resource.slug for i in leaders.items.all()][0] == "toolkit-school-leaders"
    assert Collection.objects.filter(slug="seal-of-biliteracy-toolkit").exists()
    assert MediaContact.objects.count() == 1
    call_command("library_demo", verbosity=0)
    assert Resource.objects.count() == resources and MediaContact.objects.count() == 1
