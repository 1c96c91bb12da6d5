"""Where to report a vulnerability is published at /.well-known/security.txt (RFC 9116)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from alianza.coalition.models import CoalitionProfile

pytestmark = pytest.mark.django_db


def test_security_txt_names_the_coalitions_contact_address_and_a_future_expiry(client):
    CoalitionProfile.objects.create(name="Coalición", contact_email="seguridad@coalicion.example")

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:seguridad@coalicion.example"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert expires > datetime.now(UTC)
    assert fields["Preferred-Languages"] == "en, es"


def test_without_a_contact_address_there_is_no_security_txt_rather_than_an_empty_one(client):
    assert client.get("/.well-known/security.txt").status_code == 404
