"""Public forms answer bad input with a clear message in the reader's language, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import Person, Signature

pytestmark = pytest.mark.django_db


def join_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("coalition-join")


VALID = {"actions": ["sign_individual"], "name": "Ana Pérez", "email": "ana@example.org"}


def test_an_oversized_field_is_refused_with_a_message(client, statement):
    response = client.post(join_url("es"), {**VALID, "name": "x" * 5000})

    assert response.status_code == 400
    assert "Asegúrese de que este valor tenga menos de 200 caracteres" in response.content.decode()
    assert Person.objects.count() == 0


def test_null_characters_are_refused(client, statement):
    response = client.post(join_url(), {**VALID, "name": "Ana\x00Pérez"})

    assert response.status_code == 400
    assert Person.objects.count() == 0


def test_an_unknown_action_is_refused(client, statement):
    response = client.post(join_url(), {**VALID, "actions": ["delete_everything"]})

    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_an_empty_post_explains_what_is_missing_in_spanish(client, statement):
    response = client.post(join_url("es"), {})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Elija al menos una forma de unirse." in body
    assert "Este campo es obligatorio." in body


def test_a_body_that_is_not_utf8_does_not_crash(client, statement):
    response = client.post(
        join_url(), data=b"name=Ana+P\xe9rez&email=ana%40example.org&actions=sign_individual",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in (302, 400)


def test_a_malformed_multipart_body_gets_a_400(client, statement):
    response = client.post(
        join_url(), data=b"--broken\r\nnot a part",
        content_type="multipart/form-data; boundary=other",
    )

    assert response.status_code == 400


def test_a_request_over_the_size_limit_gets_a_400(client, statement, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post(join_url(), {**VALID, "mission_alignment": "x" * 20_000})

    assert response.status_code == 400
    assert Person.objects.count() == 0


def test_forms_without_a_csrf_token_are_refused_with_an_explanation(statement):
    client = Client(enforce_csrf_checks=True)

    response = client.post(join_url("es"), VALID)

    assert response.status_code == 403
    assert "Su formulario caducó" in response.content.decode()
    assert Person.objects.count() == 0


def test_repeated_submissions_from_one_address_are_rate_limited(client, statement, settings):
    settings.PUBLIC_FORM_RATE = "3/m"
    statuses = [
        client.post(join_url("es"), {**VALID, "email": f"a{i}@example.org"}).status_code
        for i in range(5)
    ]

    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]
    last = client.post(join_url("es"), VALID)
    assert "Demasiados intentos" in last.content.decode()


def test_a_closed_statement_takes_no_signatures(client, statement):
    statement.is_open = False
    statement.save()

    page = client.get(reverse("coalition-statement", args=[statement.slug]))
    response = client.post(reverse("coalition-statement", args=[statement.slug]), VALID)

    assert "closed for new signatures" in page.content.decode()
    assert response.status_code == 404
    assert Signature.objects.count() == 0


def test_a_forged_confirmation_link_is_refused_politely(client):
    response = client.post("/es/confirm/not-a-real-token/")

    assert response.status_code == 400
    assert "Este enlace no funciona" in response.content.decode()


def test_a_forged_withdrawal_link_is_refused_politely(client):
    response = client.post("/en/withdraw/abc:def/")

    assert response.status_code == 400


def test_an_unknown_page_is_a_translated_404(client):
    response = client.get("/es/no-such-page/")

    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()
