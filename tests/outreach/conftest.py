"""Outreach fixtures: lists, subscribers in two languages, a bilingual mailing."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from alianza.coalition.models import CoalitionProfile, Person
from alianza.outreach.models import (
    Mailing,
    MailingContent,
    MailingList,
    MailingListText,
    Segment,
    Subscription,
)
from tests.conftest import Mailbox, _free_port


class Sink(Mailbox):
    """A real SMTP server that, like a final MTA, records the envelope sender as Return-Path."""

    refuse: dict[str, str]
    pipelining: bool = True

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        session.host_name = hostname
        if self.pipelining:  # aiosmtpd reads commands in order, so pipelining just works
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        reply = getattr(self, "refuse", {}).get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["Return-Path"] = f"<{envelope.mail_from}>"
        message.raw = envelope.content
        self.messages.append(message)
        return "250 OK"


@pytest.fixture
def sink(settings):
    mailbox = Sink()
    mailbox.refuse = {}
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.SITE_URL = "https://alianza.example.org"
    settings.DEFAULT_FROM_EMAIL = "Alianza <news@alianza.example.org>"
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def profile(db):
    return CoalitionProfile.objects.create(
        name="Alianza", postal_address="123 Main St\nLos Angeles, CA 90012")


@pytest.fixture
def updates(db) -> MailingList:
    mailing_list = MailingList.objects.create(slug="updates")
    MailingListText.objects.create(mailing_list=mailing_list, language="en",
                                   name="General updates")
    MailingListText.objects.create(mailing_list=mailing_list, language="es",
                                   name="Noticias generales")
    return mailing_list


def subscribe(mailing_list: MailingList, email: str, name: str, language: str = "en",
              status: str = Subscription.Status.CONFIRMED) -> Person:
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"name": name, "preferred_language": language})
    Subscription.objects.create(
        person=person, mailing_list=mailing_list, status=status, source="test",
        language=language, confirmed_at=timezone.now() if status == "confirmed" else None,
        expires_at=timezone.now() + timezone.timedelta(days=7) if status == "pending" else None,
    )
    return person


@pytest.fixture
def subscribers(updates):
    return {
        "ana": subscribe(updates, "ana@example.org", "Ana García", "es"),
        "bo": subscribe(updates, "bo@example.org", "Bo Chen", "en"),
        "vi": subscribe(updates, "vi@example.org", "Vi Tran", "vi"),  # no Vietnamese version
    }


@pytest.fixture
def mailing(updates, profile) -> Mailing:
    segment = Segment.objects.create(name="Updates", definition={"lists": ["updates"]})
    mailing = Mailing.objects.create(name="March update", segment=segment)
    MailingContent.objects.create(
        mailing=mailing, language="en", subject="March update for {{ name }}",
        html_body="<p>Hello {{ name }},</p><p>Read <a href=\"https://ex.org/r\">the report</a>."
                  "</p>")
    MailingContent.objects.create(
        mailing=mailing, language="es", subject="Noticias de marzo para {{ name }}",
        html_body="<p>Hola, {{ name }}:</p><p>Lea <a href=\"https://ex.org/r\">el informe</a>."
                  "</p>")
    return mailing
