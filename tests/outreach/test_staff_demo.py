"""The demo's email content: lists, subscribers, a mailing sent through the engine, a draft."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from alianza.outreach.models import Mailing, MailingList, Subscription, Suppression
from alianza.outreach.selectors import mailing_report

pytestmark = pytest.mark.django_db


def test_the_outreach_demo_loads_lists_subscribers_a_sent_mailing_and_a_draft(staff_client):
    call_command("demo_data", stdout=None)
    call_command("outreach_demo")
    call_command("outreach_demo")  # a second run changes nothing

    names = {(t.mailing_list.slug, t.language): t.name for mailing_list in
             MailingList.objects.all() for t in mailing_list.texts.all()}
    assert names[("general-updates", "es")] == "Noticias generales"
    assert names[("policy-alerts", "en")] == "Policy alerts"
    confirmed = Subscription.objects.filter(status=Subscription.Status.CONFIRMED)
    assert confirmed.count() > 10
    assert all(s.person.consents.filter(scope=f"list:{s.mailing_list.slug}").exists()
               for s in confirmed)
    sent = Mailing.objects.get(status=Mailing.Status.SENT)
    report = mailing_report(mailing=sent)
    assert report.sent == sent.recipient_count > 10 and report.bounced == 1
    assert Suppression.objects.count() == 1
    draft = Mailing.objects.get(status=Mailing.Status.DRAFT)
    assert staff_client.get(reverse("outreach-staff-mailing", args=[draft.pk])).status_code == 200
    report_page = staff_client.get(reverse("outreach-staff-mailing-report", args=[sent.pk]))
    assert report_page.status_code == 200
    assert f'data-figure="sent">{report.sent}<' in report_page.content.decode()
