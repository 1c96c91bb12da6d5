"""Staff decisions on claims to speak for an organization that was already on file."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition import webhooks
from alianza.coalition.models import AffiliationClaim, Signature
from alianza.coalition.services.people import affiliation_set
from alianza.coalition.services.signing import signature_counts_forget
from alianza.core.services import email_queue


@transaction.atomic
def affiliation_claim_decide(
    *, claim: AffiliationClaim, accept: bool, decided_by: AbstractBaseUser
) -> AffiliationClaim:
    """Accept a claim (the person joins the organization's people, and the signatures
    they made for it count) or decline it (those signatures are dropped, unseen); the
    person is told either way, in their language."""
    claim = AffiliationClaim.objects.select_for_update().select_related(
        "person", "organization").get(pk=claim.pk)
    if claim.status != AffiliationClaim.Status.PENDING:
        raise ValidationError(_("This claim has already been decided."))
    now = timezone.now()
    claim.status = AffiliationClaim.Status.ACCEPTED if accept else AffiliationClaim.Status.DECLINED
    claim.decided_at = now
    claim.decided_by = decided_by
    claim.save(update_fields=["status", "decided_at", "decided_by"])
    waiting = Signature.objects.filter(organization=claim.organization, person=claim.person,
                                       status=Signature.Status.PENDING)
    statement_ids = set(waiting.values_list("statement_id", flat=True))
    if accept:
        affiliation_set(person=claim.person, organization=claim.organization, title=claim.title)
        accepted = list(waiting.select_related("statement", "version", "organization"))
        waiting.update(status=Signature.Status.CONFIRMED, confirmed_at=now)
        for signature in accepted:
            signature.status, signature.confirmed_at = Signature.Status.CONFIRMED, now
            webhooks.signature_confirmed_emit(person=claim.person, signature=signature)
        signature_counts_forget(statement_ids=statement_ids)
    else:
        waiting.delete()
    email_queue(
        to=claim.person.email, template="coalition/email/claim_decided",
        context={"person": claim.person, "organization": claim.organization,
                 "accepted": accept},
        language=claim.person.preferred_language, purpose="affiliation-claim-decision",
    )
    return claim
