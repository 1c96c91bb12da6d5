"""Load demo email content on top of ``demo_data``: two bilingual lists with confirmed
subscribers, a welcome email, one mailing already sent (with its report) and one draft.

The sent mailing really goes through the sending engine, to a mail server started inside
this command that keeps nothing, so its report shows real figures. Safe to run twice.
"""

from __future__ import annotations

import socket
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from alianza.coalition.models import CoalitionProfile, Person
from alianza.outreach.models import (
    EmailTemplate,
    Mailing,
    MailingContent,
    MailingList,
    MailingListText,
    Segment,
    Subscription,
    WelcomeStep,
)
from alianza.outreach.services import sending
from alianza.outreach.services.bounces import HARD, bounce_record
from alianza.outreach.services.subscriptions import preferences_update

LISTS = {
    "general-updates": (
        ("General updates", "News from the coalition about once a month."),
        ("Noticias generales", "Noticias de la coalición, más o menos una vez al mes."),
    ),
    "policy-alerts": (
        ("Policy alerts", "A short note when a bill or budget decision needs you."),
        ("Alertas de políticas", "Un aviso breve cuando un proyecto de ley o el presupuesto "
                                 "necesita su voz."),
    ),
}
WORDING = "Yes, email me these updates. I can unsubscribe at any time with one click."

SENT_EN = (
    "<p>Dear {{ name }},</p><p>Thank you for standing with multilingual learners. This "
    "month the Policy Workgroup met with legislative staff about long-term English "
    "learners, and we published our needs assessment.</p>"
    '<p><a href="https://example.org/needs-assessment">Read the findings</a>.</p>'
)
SENT_ES = (
    "<p>Hola, {{ name }}:</p><p>Gracias por apoyar a los estudiantes multilingües. "
    "Este mes el grupo de trabajo de políticas se reunió con personal legislativo sobre los "
    "estudiantes de inglés a largo plazo y publicamos nuestra evaluación de necesidades.</p>"
    '<p><a href="https://example.org/needs-assessment">Lea los resultados</a>.</p>'
)
DRAFT_EN = (
    "<p>Hello {{ name }},</p><p>A bill on the State Seal of Biliteracy is before the "
    "Assembly Education Committee next week. Can {{ organization }} sign our letter?</p>"
)

WELCOME = {
    "en": ("Welcome to the coalition's email updates",
           "Hello {{ person.name }},\n\nThank you for confirming. You will hear from us about "
           "once a month.\n\nChange what you receive: {{ preferences_url }}\n"),
    "es": ("Bienvenida a las noticias de la coalición",
           "Hola, {{ person.name }}:\n\nGracias por confirmar. Recibirá noticias nuestras más o "
           "menos una vez al mes.\n\nCambie lo que recibe: {{ preferences_url }}\n"),
}


@contextmanager
def local_mail_server():
    """A throwaway SMTP server on a free loopback port that accepts and discards mail."""
    from aiosmtpd.controller import Controller

    class Discard:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Discard(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_HOST_USER="",
                               EMAIL_HOST_PASSWORD="", EMAIL_USE_TLS=False,
                               OUTREACH_PROVIDERS={}, OUTREACH_RATE=0.0):
            yield
    finally:
        controller.stop()


class Command(BaseCommand):
    help = "Load demo mailing lists, subscribers, a sent mailing with its report and a draft."

    def handle(self, *args, **options):
        if not CoalitionProfile.objects.exists():
            self.stdout.write("Run demo_data first.")
            return
        if MailingList.objects.filter(slug__in=LISTS).exists():
            self.stdout.write("Outreach demo data already loaded.")
            return
        sent = self._load()
        if sent is not None:
            self._send(sent)
        self.stdout.write(self.style.SUCCESS("Outreach demo data loaded: see Staff → Email."))

    @transaction.atomic
    def _load(self) -> Mailing:
        lists = {}
        for slug, (english, spanish) in LISTS.items():
            lists[slug] = MailingList.objects.create(slug=slug, is_public=True)
            for language, (name, description) in (("en", english), ("es", spanish)):
                MailingListText.objects.create(mailing_list=lists[slug], language=language,
                                               name=name, description=description)
        people = list(Person.objects.filter(email__startswith="demo").order_by("pk")[:24])
        for index, person in enumerate(people):
            chosen = [lists["general-updates"]]
            if index % 3 == 0:
                chosen.append(lists["policy-alerts"])
            # The same service as the signed preference link: confirmed, with consent records.
            preferences_update(person=person, lists=chosen, language=person.preferred_language,
                               wording=WORDING, source="demo")
        for language, (subject, body) in WELCOME.items():
            EmailTemplate.objects.create(key="outreach/welcome/general-1", language=language,
                                         subject=subject, body=body)
        WelcomeStep.objects.create(mailing_list=lists["general-updates"], position=1,
                                   delay_hours=0, template_key="outreach/welcome/general-1")
        # The demo subscribers joined long ago: only new sign-ups get the welcome email.
        Subscription.objects.filter(person__in=people).update(welcome_steps_sent=1)

        general = Segment.objects.create(name="General updates subscribers",
                                         definition={"lists": ["general-updates"]})
        alerts = Segment.objects.create(
            name="Policy alerts and the Policy Workgroup",
            definition={"lists": ["policy-alerts"], "workgroups": ["policy"]})
        sent = Mailing.objects.create(name="Monthly update: needs assessment",
                                      segment=general, from_name="Consortium updates")
        MailingContent.objects.create(mailing=sent, language="en",
                                      subject="{{ name }}, our needs assessment is out",
                                      html_body=SENT_EN)
        MailingContent.objects.create(mailing=sent, language="es",
                                      subject="{{ name }}, ya salió nuestra evaluación",
                                      html_body=SENT_ES)
        draft = Mailing.objects.create(name="Alert: Seal of Biliteracy bill", segment=alerts)
        MailingContent.objects.create(mailing=draft, language="en",
                                      subject="Sign on: Seal of Biliteracy bill",
                                      html_body=DRAFT_EN)
        return sent

    def _send(self, mailing: Mailing) -> None:
        try:
            with local_mail_server():
                problems = sending.mailing_start(mailing_id=mailing.pk, queue_delivery=False)
                if problems:
                    self.stdout.write("The demo mailing was not sent: " + " ".join(problems))
                    return
                sending.mailing_deliver_all(mailing_id=mailing.pk)
        except ImportError:
            self.stdout.write("aiosmtpd is not installed: the demo mailing stays unsent.")
            return
        # One address bounced afterwards, so the report and the suppression list show one.
        delivery = mailing.deliveries.order_by("pk").last()
        if delivery is not None:
            bounce_record(kind=HARD, delivery_id=delivery.pk,
                          detail="550 5.1.1 The email account does not exist (demo)")
