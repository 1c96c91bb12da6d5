"""Membership: applications, staff decisions and status history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import (
    AffiliationClaim,
    Consent,
    MembershipApplication,
    MembershipStatusChange,
    Organization,
    Person,
)
from alianza.coalition.services.claims import affiliation_claim_decide
from alianza.coalition.services.people import consent_record
from alianza.core.services import email_queue


class ApplicationOutcome:
    CREATED = "created"
    ALREADY_PENDING = "already_pending"
    ALREADY_MEMBER = "already_member"


def membership_status_set(
    *,
    organization: Organization,
    status: str,
    reason: str = "",
    changed_by: AbstractBaseUser | None = None,
) -> MembershipStatusChange | None:
    """Move an organization to ``status`` and record the change in its history."""
    if organization.membership_status == status:
        return None
    change = MembershipStatusChange.objects.create(
        organization=organization, from_status=organization.membership_status,
        to_status=status, reason=reason, changed_by=changed_by,
    )
    organization.membership_status = status
    fields = ["membership_status"]
    if status == Organization.Membership.MEMBER:
        organization.member_since = timezone.localdate()
        fields.append("member_since")
    organization.save(update_fields=[*fields, "normalized_name"])
    return change


@transaction.atomic
def membership_apply(
    *,
    organization: Organization,
    contact: Person,
    mission_alignment: str,
    is_nonprofit: bool,
    language: str,
    source: str,
    nonprofit_wording: str = "",
    tax_id: str = "",
) -> str:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.membership_status == Organization.Membership.MEMBER:
        return ApplicationOutcome.ALREADY_MEMBER
    if organization.applications.filter(status=MembershipApplication.Status.PENDING).exists():
        return ApplicationOutcome.ALREADY_PENDING
    try:
        with transaction.atomic():
            MembershipApplication.objects.create(
                organization=organization, contact=contact,
                mission_alignment=mission_alignment.strip(), is_nonprofit=is_nonprofit,
                tax_id=tax_id.strip(), language=language,
            )
    except IntegrityError:
        return ApplicationOutcome.ALREADY_PENDING
    consent_record(
        person=contact, kind=Consent.Kind.MEMBERSHIP, scope=f"organization:{organization.pk}",
        granted=True, wording=nonprofit_wording, language=language, source=source,
    )
    membership_status_set(organization=organization, status=Organization.Membership.APPLIED)
    return ApplicationOutcome.CREATED


@transaction.atomic
def application_decide(
    *,
    application: MembershipApplication,
    approve: bool,
    reason: str,
    decided_by: AbstractBaseUser,
) -> MembershipApplication:
    """Approve or decline a pending application and email the applicant in their language.

    Approving also accepts the contact's pending claim to speak for the organization, in
    the same transaction: staff who admit an organization on this person's application
    have accepted that the person speaks for it. Declining leaves the claim to be decided
    on its own.
    """
    application = (
        MembershipApplication.objects.select_for_update()
        .select_related("organization", "contact").get(pk=application.pk)
    )
    if application.status != MembershipApplication.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Please give a reason when declining an application."))
    application.status = (
        MembershipApplication.Status.APPROVED if approve else MembershipApplication.Status.DECLINED
    )
    application.decision_reason = reason
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.save()
    membership_status_set(
        organization=application.organization,
        status=Organization.Membership.MEMBER if approve else Organization.Membership.DECLINED,
        reason=reason, changed_by=decided_by,
    )
    if approve:
        claim = AffiliationClaim.objects.filter(
            person=application.contact, organization=application.organization,
            status=AffiliationClaim.Status.PENDING,
        ).first()
        if claim is not None:
            affiliation_claim_decide(claim=claim, accept=True, decided_by=decided_by)
    email_queue(
        to=application.contact.email,
        template=f"coalition/email/application_{'approved' if approve else 'declined'}",
        context={"application": application, "organization": application.organization,
                 "person": application.contact, "reason": reason},
        language=application.contact.preferred_language,
        purpose="membership-decision",
    )
    return application
