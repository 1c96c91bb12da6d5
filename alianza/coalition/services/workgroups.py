"""Workgroup sign-up with double opt-in.

A sign-up only asks: the address's owner confirms by email before they are on the roster,
and until then nothing about the person changes. Whatever state the address is in, the
public form answers the same; only the email to that address tells the truth.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Person,
    Workgroup,
    WorkgroupMembership,
    normalize_email,
)
from alianza.coalition.services.people import (
    organization_find,
    person_confirmed_apply,
    person_find,
)
from alianza.core.services import email_queue, supported_language

CONFIRM_SALT = "alianza.coalition.workgroup-confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 30  # thirty days, like signature confirmations

# However often the form is submitted for one address, it gets at most one email per
# workgroup in this window, so the form can't be used to flood someone's inbox.
EMAIL_INTERVAL = timedelta(minutes=15)


def workgroup_confirm_token(*, membership_id: int, email: str) -> str:
    return signing.dumps({"m": membership_id, "e": email}, salt=CONFIRM_SALT, compress=True)


def workgroup_confirm_token_read(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and {"m", "e"} <= data.keys() else None


def _person_for_signup(*, email: str, name: str, language: str) -> Person:
    """The person with this address, created if new; an existing one is left untouched."""
    person = person_find(email=email)
    if person is not None:
        return person
    try:
        with transaction.atomic():
            return Person.objects.create(
                email=normalize_email(email), name=name.strip(), preferred_language=language,
            )
    except IntegrityError:
        # Created by a simultaneous submission: use that row, unchanged.
        return Person.objects.get(email=normalize_email(email))


@transaction.atomic
def workgroup_signup_request(
    *,
    workgroup: Workgroup,
    name: str,
    email: str,
    language: str,
    organization_name: str = "",
    note: str = "",
) -> WorkgroupMembership:
    """Ask to join ``workgroup``; the answer goes to ``email`` only.

    A new or pending sign-up gets a confirmation link; an address already on the roster
    is told so. The details typed are kept on the pending sign-up (the latest submission
    wins) and applied only when the address's owner confirms.
    """
    language = supported_language(language)
    workgroup_signups_expire()
    person = _person_for_signup(email=email, name=name, language=language)
    try:
        with transaction.atomic():
            membership = WorkgroupMembership.objects.create(
                workgroup=workgroup, person=person, language=language,
                status=WorkgroupMembership.Status.PENDING,
            )
    except IntegrityError:
        pass
    membership = WorkgroupMembership.objects.select_for_update().get(
        workgroup=workgroup, person=person
    )
    if not membership.is_confirmed:
        membership.submitted_name = " ".join(name.split())
        membership.submitted_organization = " ".join(organization_name.split())
        membership.note = note.strip()
        membership.language = language
    now = timezone.now()
    if membership.emailed_at is None or now - membership.emailed_at >= EMAIL_INTERVAL:
        _email_about_signup(membership=membership, person=person, language=language)
        membership.emailed_at = now
    membership.save()
    return membership


def workgroup_signups_expire() -> int:
    """Forget sign-ups whose last confirmation link has expired unanswered: what they
    hold (a name, a note) was never confirmed by the address's owner."""
    cutoff = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE)
    return WorkgroupMembership.objects.pending().filter(emailed_at__lt=cutoff).delete()[0]


def _email_about_signup(*, membership: WorkgroupMembership, person: Person,
                        language: str) -> None:
    # A pending sign-up is written to in the language the form was filled in; someone
    # already on the roster in the language they chose themselves.
    if membership.is_confirmed:
        language = person.preferred_language
    context = {"workgroup_name": _workgroup_name(membership.workgroup, language)}
    if membership.is_confirmed:
        template, purpose = "coalition/email/workgroup_already", "workgroup-already-member"
    else:
        token = workgroup_confirm_token(membership_id=membership.pk, email=person.email)
        context["confirm_url"] = _absolute(language, "coalition-workgroup-confirm", token=token)
        template, purpose = "coalition/email/workgroup_confirm", "workgroup-confirm"
    email_queue(to=person.email, template=template, context=context, language=language,
                purpose=purpose)


def workgroup_membership_pending(token: str) -> WorkgroupMembership | None:
    """The sign-up a confirmation link is for, if the link is still good."""
    data = workgroup_confirm_token_read(token)
    if data is None:
        return None
    return (
        WorkgroupMembership.objects.select_related("workgroup", "person")
        .filter(pk=data["m"], person__email=data["e"]).first()
    )


@transaction.atomic
def workgroup_membership_confirm(*, token: str) -> WorkgroupMembership | None:
    """Put the person on the roster, apply what they typed, and tell the leads.

    Confirming twice is harmless: the second time changes nothing and sends nothing.
    """
    data = workgroup_confirm_token_read(token)
    if data is None:
        return None
    membership = (
        WorkgroupMembership.objects.select_for_update().select_related("workgroup", "person")
        .filter(pk=data["m"], person__email=data["e"]).first()
    )
    if membership is None or membership.is_confirmed:
        return membership
    person = membership.person
    now = timezone.now()
    person_confirmed_apply(person=person, name=membership.submitted_name,
                           language=membership.language, now=now)
    # The organization typed stays a claim: it is linked only to an organization already
    # known, and no organization record is created or changed by a public form.
    if membership.submitted_organization:
        membership.organization = organization_find(name=membership.submitted_organization)
    membership.status = WorkgroupMembership.Status.CONFIRMED
    membership.confirmed_at = now
    membership.save(update_fields=["status", "confirmed_at", "organization"])
    _email_leads(membership=membership)
    return membership


def _email_leads(*, membership: WorkgroupMembership) -> None:
    leads = [lead for lead in membership.workgroup.leads.all() if lead.is_active and lead.email]
    for lead in leads:
        language = lead_language(lead)
        email_queue(
            to=lead.email, template="coalition/email/workgroup_joined",
            context={
                "workgroup_name": _workgroup_name(membership.workgroup, language),
                "member_name": membership.person.name,
                "organization": (membership.organization.name if membership.organization
                                 else membership.submitted_organization),
                "roster_url": _absolute(language, "coalition-workgroup-roster",
                                        slug=membership.workgroup.slug),
            },
            language=language, purpose="workgroup-joined",
        )


def lead_language(user) -> str:
    """A lead's language: the one on their person record if they have one, else the site's."""
    person = person_find(email=user.email) if user.email else None
    return supported_language(person.preferred_language if person else None)


def _workgroup_name(workgroup: Workgroup, language: str) -> str:
    from alianza.core.i18n import pick_text

    text = pick_text(workgroup.texts.all(), language)
    return text.name if text else workgroup.slug


def _absolute(language: str, name: str, **kwargs) -> str:
    with translation.override(supported_language(language)):
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"
