"""A person with something in every module, for the person page and merge tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from alianza.coalition.models import (
    Consent,
    MembershipApplication,
    Organization,
    Person,
    PersonNote,
    Signature,
    Statement,
    WorkgroupMembership,
)
from alianza.coalition.services.people import consent_record
from alianza.convenings.models import Registration
from alianza.listening.models import ResponseContact
from alianza.listening.services.responses import response_record
from alianza.outreach.models import (
    Delivery,
    Mailing,
    MailingEvent,
    MailingList,
    MailingListText,
    Subscription,
    Tag,
)
from alianza.policy.models import Meeting, MeetingAttendee
from alianza.policy.services.meetings import meeting_create
from tests.convenings.factories import event_create, registration_create
from tests.listening.factories import needs_survey
from tests.policy import a_factories as make


@dataclass
class Scene:
    person: Person
    signature: Signature
    subscription: Subscription
    delivery: Delivery
    registration: Registration
    contact: ResponseContact
    attendee: MeetingAttendee


def mailing_list(slug: str = "updates") -> MailingList:
    found, created = MailingList.objects.get_or_create(slug=slug)
    if created:
        MailingListText.objects.create(mailing_list=found, language="en", name="Coalition news")
        MailingListText.objects.create(mailing_list=found, language="es",
                                       name="Noticias de la coalición")
    return found


def person_with_everything(*, email: str, name: str = "Rosa Díaz", statement: Statement,
                           workgroup, suffix: str = "a", author=None) -> Scene:
    person = Person.objects.create(name=name, email=email, phone="(213) 555-0101",
                                   preferred_language="es")
    consent_record(person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
                   wording="Send me the coalition's news.", language="es", source="signup")
    signature = Signature.objects.create(
        statement=statement, version=statement.versions.first(), person=person,
        status=Signature.Status.CONFIRMED, confirmed_at=timezone.now(), language="es",
        source="join")
    WorkgroupMembership.objects.create(workgroup=workgroup, person=person, language="es",
                                       status=WorkgroupMembership.Status.CONFIRMED)
    organization = Organization.objects.create(name=f"Familias Unidas {suffix}")
    MembershipApplication.objects.create(organization=organization, contact=person,
                                         mission_alignment="Families first.",
                                         is_nonprofit=True, language="es")
    PersonNote.objects.create(person=person, author=author, author_name="staff",
                              body=f"Called about the workshop ({suffix}).")
    subscription = Subscription.objects.create(
        person=person, mailing_list=mailing_list(), status=Subscription.Status.CONFIRMED,
        source="signup", language="es", confirmed_at=timezone.now())
    mailing = Mailing.objects.create(name=f"March news {suffix}", status=Mailing.Status.SENT)
    delivery = Delivery.objects.create(mailing=mailing, person=person, address=email,
                                       language="es", status=Delivery.Status.BOUNCED,
                                       sent_at=timezone.now())
    MailingEvent.objects.create(mailing=mailing, delivery=delivery, address=email,
                                kind=MailingEvent.Kind.HARD_BOUNCE, detail="550 no such user")
    tag, _created = Tag.objects.get_or_create(slug=f"parents-{suffix}",
                                              defaults={"name": f"Parents {suffix}"})
    tag.people.add(person)
    event = event_create(title=f"Spring Convening {suffix}")
    registration = registration_create(event, email=email, person=person,
                                       attended_at=timezone.now())
    survey = survey_for(suffix)
    response = response_record(version=survey.current_version, language="es",
                               answers={"role": "parent", "child_grade": 4,
                                        "top_concerns": ["translation"]})
    contact = ResponseContact.objects.create(response=response, person=person, name=name,
                                             email=email, language="es")
    meeting = meeting_create(date=datetime.date(2026, 3, 4),
                             legislator=make.legislator(f"Al Muratsuchi {suffix.upper()}"),
                             status=Meeting.Status.DONE)
    attendee = MeetingAttendee.objects.create(meeting=meeting, person=person)
    return Scene(person, signature, subscription, delivery, registration, contact, attendee)


def survey_for(suffix: str):
    return needs_survey(f"needs-{suffix}")
