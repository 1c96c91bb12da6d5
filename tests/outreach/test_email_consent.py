"""Bulk mail goes only to people with a current, granted email consent, whatever the segment;
the footer says truthfully why each person gets it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import (
    Consent,
    Organization,
    Person,
    Signature,
    WorkgroupMembership,
)
from alianza.outreach.models import Delivery, Mailing, MailingContent, Segment, Tag
from alianza.outreach.selectors import segment_resolve
from alianza.outreach.services import sending
from alianza.outreach.services.subscriptions import subscription_unsubscribe
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db(transaction=True)


def person(email: str, *, consent: bool | None, county: str = "Fresno",
           language: str = "en") -> Person:
    """A confirmed address; ``consent`` True grants email updates, False withdraws them."""
    someone = Person.objects.create(name=email.split("@")[0].title(), email=email,
                                    county=county, preferred_language=language,
                                    email_confirmed_at=timezone.now())
    if consent is not None:
        Consent.objects.create(person=someone, kind=Consent.Kind.EMAIL, scope="updates",
                               granted=consent, wording="Send me updates", language=language,
                               source="test")
    return someone


@pytest.fixture
def audience(statement, workgroup, updates):
    """Each person is reachable through every kind of source; only some agreed to email."""
    member = Organization.objects.create(name="Parent Network",
                                         membership_status=Organization.Membership.MEMBER)
    tag = Tag.objects.create(slug="imported", name="Imported")
    version = statement.versions.get()
    people = {
        "yes": person("yes@example.org", consent=True),
        "never": person("never@example.org", consent=None),
        "withdrew": person("withdrew@example.org", consent=True),
    }
    Consent.objects.create(person=people["withdrew"], kind=Consent.Kind.EMAIL, scope="updates",
                           granted=False, wording="Stop", language="en", source="test")
    for someone in people.values():
        Signature.objects.create(statement=statement, version=version, person=someone,
                                 status=Signature.Status.CONFIRMED, language="en", source="t",
                                 confirmed_at=timezone.now())
        WorkgroupMembership.objects.create(workgroup=workgroup, person=someone, language="en",
                                           status=WorkgroupMembership.Status.CONFIRMED)
        someone.affiliations.create(organization=member)
        tag.people.add(someone)
    return people


SEGMENTS = {
    "signatories": {"statements": ["statement-of-agreement"]},
    "workgroup": {"workgroups": ["policy"]},
    "member contacts": {"member_organizations": True},
    "imported tag": {"tags": ["imported"]},
    "county filter": {"tags": ["imported"], "counties": ["Fresno"]},
    "language filter": {"workgroups": ["policy"], "languages": ["en"]},
}


def mailing_to(definition: dict, name: str = "Update") -> Mailing:
    segment = Segment.objects.create(name=name, definition=definition)
    mailing = Mailing.objects.create(name=name, segment=segment)
    MailingContent.objects.create(mailing=mailing, language="en", subject="News",
                                  html_body="<p>Hello {{ name }}</p>")
    MailingContent.objects.create(mailing=mailing, language="es", subject="Noticias",
                                  html_body="<p>Hola {{ name }}</p>")
    return mailing


@pytest.mark.parametrize("kind", list(SEGMENTS))
def test_a_person_without_email_consent_gets_no_bulk_mailing_from_any_segment_type(
    sink, profile, audience, kind
):
    mailing = mailing_to(SEGMENTS[kind])

    assert sending.mailing_start(mailing_id=mailing.pk) == []

    received = {address for message in sink.messages for address in [message["To"].addresses[0]
                                                                      .addr_spec]}
    assert received == {"yes@example.org"}
    mailing.refresh_from_db()
    assert mailing.excluded_counts["no_consent"] == 1
    assert mailing.excluded_counts["unsubscribed"] == 1


def test_signing_a_statement_is_not_consent_to_updates(statement, audience):
    resolution = segment_resolve(definition=SEGMENTS["signatories"])

    assert [r.address for r in resolution.recipients] == ["yes@example.org"]
    assert resolution.excluded["no_consent"] == 1


def test_list_subscribers_are_mailed_on_their_list_consent_only(sink, profile, updates, audience):
    subscribe(updates, "reader@example.org", "Reader")
    # Consent to one list is not consent to signatory mailings.
    assert [r.address for r in segment_resolve(definition={"lists": ["updates"]}).recipients] \
        == ["reader@example.org"]
    signatories = segment_resolve(definition=SEGMENTS["signatories"])
    assert "reader@example.org" not in [r.address for r in signatories.recipients]


def test_a_list_subscriber_who_stopped_all_email_is_not_mailed(profile, updates):
    reader = subscribe(updates, "reader@example.org", "Reader")
    subscription_unsubscribe(person=reader, lists=None, source="test", wording="Stop all")

    resolution = segment_resolve(definition={"lists": ["updates"]})

    assert resolution.count == 0
    assert resolution.excluded["unsubscribed"] == 1


def test_the_footer_says_which_consent_the_mail_rests_on(sink, profile, updates, audience):
    subscribe(updates, "lector@example.org", "Lector", "es")
    for_list = mailing_to({"lists": ["updates"]}, "List mail")
    for_signatories = mailing_to(SEGMENTS["signatories"], "Signatory mail")

    sending.mailing_start(mailing_id=for_list.pk)
    sending.mailing_start(mailing_id=for_signatories.pk)

    lector = sink.body(sink.to("lector@example.org")[0])
    assert "porque se suscribió a «Noticias generales» de Alianza el" in lector
    yes = sink.body(sink.to("yes@example.org")[0])
    assert "because you agreed to receive email updates from Alianza on" in yes
    assert "subscribed to updates" not in yes


def test_a_delivery_without_consent_is_refused_by_the_send_loop(sink, profile, audience):
    mailing = mailing_to(SEGMENTS["workgroup"])
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING,
                                                 started_at=timezone.now())
    Delivery.objects.create(mailing=mailing, person=audience["never"],
                            address="never@example.org", language="en")

    sending.mailing_deliver_all(mailing_id=mailing.pk)

    assert sink.messages == []
    delivery = Delivery.objects.get(mailing=mailing)
    assert delivery.status == Delivery.Status.FAILED
    assert "consent" in delivery.error


def test_a_person_who_withdraws_while_a_mailing_is_queued_is_not_mailed(
    sink, profile, audience
):
    mailing = mailing_to(SEGMENTS["workgroup"])
    sending.mailing_start(mailing_id=mailing.pk, queue_delivery=False)
    subscription_unsubscribe(person=audience["yes"], lists=None, source="test", wording="Stop")

    sending.mailing_deliver_all(mailing_id=mailing.pk)

    assert sink.messages == []
    assert Delivery.objects.get(mailing=mailing).status == Delivery.Status.FAILED


def test_the_segment_page_counts_those_left_out_for_lack_of_consent(staff_client, audience):
    segment = Segment.objects.create(name="Signers", definition=SEGMENTS["signatories"])

    page = staff_client.get(reverse("outreach-staff-segment", args=[segment.pk]))

    html = page.content.decode()
    assert 'data-reason="no_consent"' in html
    assert "No current consent to receive email" in html


def test_the_welcome_series_is_bulk_mail_and_skips_those_who_stopped_all_email(
    sink, updates, subscribers
):
    from alianza.core.models import OutboundEmail
    from alianza.outreach.models import EmailTemplate, WelcomeStep
    from alianza.outreach.services.automation import outreach_tick

    WelcomeStep.objects.create(mailing_list=updates, position=1, delay_hours=0,
                               template_key="welcome/1")
    EmailTemplate.objects.create(key="welcome/1", language="en", subject="Welcome",
                                 body="Welcome, {{ person.name }}")
    subscription_unsubscribe(person=subscribers["bo"], lists=None, source="test",
                             wording="Stop all")

    outreach_tick(enqueue=False)

    assert sink.to("bo@example.org") == []
    assert len(sink.to("ana@example.org")) == 1
    welcome = OutboundEmail.objects.get(to="ana@example.org", purpose="outreach-welcome")
    assert (welcome.kind, welcome.consent_scope) == (OutboundEmail.Kind.BULK, "list:updates")
