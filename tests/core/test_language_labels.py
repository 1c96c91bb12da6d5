"""Staff pages name a person's language instead of showing its tag."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import Person
from alianza.core.templatetags.alianza_languages import language_label


def test_a_tag_is_named_in_the_readers_language_and_an_unknown_tag_is_kept():
    with translation.override("en"):
        assert language_label("es") == "Spanish"
        assert language_label("es-MX") == "Spanish (es-MX)"
    with translation.override("es"):
        assert language_label("en") == "Inglés"
    assert language_label("zz-Latn") == "zz-Latn"
    assert language_label("") == ""


@pytest.mark.django_db
def test_the_person_data_page_names_the_preferred_language(django_user_model):
    person = Person.objects.create(name="Rosa Díaz", email="rosa@example.org",
                                   preferred_language="es")
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(admin)
    with translation.override("en"):
        page = client.get(reverse("coalition-person-data", args=[person.pk]))
    assert page.status_code == 200
    assert "<dd>Spanish</dd>" in page.content.decode()
