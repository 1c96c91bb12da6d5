"""Mailings and test copies come from the coalition by name, like every other email."""

from __future__ import annotations

import pytest

from alianza.coalition.models import CoalitionProfile
from alianza.outreach.models import Mailing, MailingContent, MailingList, Segment
from alianza.outreach.services import preview, sending
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Coalición por los Estudiantes"


def sender_of(message) -> tuple[str, str]:
    address = message["From"].addresses[0]
    return address.display_name, address.addr_spec


def _mailing() -> Mailing:
    segment = Segment.objects.create(name="Updates", definition={"lists": ["updates"]})
    mailing = Mailing.objects.create(name="News", segment=segment)
    MailingContent.objects.create(mailing=mailing, language="en", subject="News",
                                  html_body="<p>Hello {{ name }}</p>")
    return mailing


def test_a_mailing_and_its_test_copy_come_from_the_coalition(sink, settings):
    CoalitionProfile.objects.create(name=NAME, contact_email="hola@coalicion.example.org")
    subscribe(MailingList.objects.create(slug="updates"), "ana@example.org", "Ana")
    mailing = _mailing()

    assert sending.mailing_start(mailing_id=mailing.pk) == []
    assert preview.mailing_test_send(mailing=mailing, address="staff@example.org",
                                     language="en") == []

    for address in ("ana@example.org", "staff@example.org"):
        message = sink.to(address)[0]
        assert sender_of(message) == (NAME, "news@alianza.example.org")
        assert str(message["Reply-To"]) == "hola@coalicion.example.org"


def test_a_mailings_own_sender_name_and_reply_to_win(sink):
    CoalitionProfile.objects.create(name=NAME, contact_email="hola@coalicion.example.org")
    subscribe(MailingList.objects.create(slug="updates"), "ana@example.org", "Ana")
    mailing = _mailing()
    Mailing.objects.filter(pk=mailing.pk).update(from_name="Policy Team",
                                                 reply_to="policy@coalicion.example.org")

    sending.mailing_start(mailing_id=mailing.pk)

    message = sink.to("ana@example.org")[0]
    assert sender_of(message)[0] == "Policy Team"
    assert str(message["Reply-To"]) == "policy@coalicion.example.org"


def test_the_mailing_page_shows_the_sender_recipients_will_see(staff_client, sink):
    from django.urls import reverse

    CoalitionProfile.objects.create(name=NAME, contact_email="hola@coalicion.example.org")
    MailingList.objects.create(slug="updates")
    mailing = _mailing()

    page = staff_client.get(reverse("outreach-staff-mailing", args=[mailing.pk])).content.decode()

    assert NAME in page
    assert "news@alianza.example.org" in page
    assert "hola@coalicion.example.org" in page
