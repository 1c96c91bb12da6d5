"""Signing statements, the "join the movement" form, and email confirmation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition import webhooks
from alianza.coalition.models import (
    Affiliation,
    AffiliationClaim,
    Consent,
    JoinConfirmation,
    Organization,
    Person,
    Signature,
    Statement,
    StatementVersion,
)
from alianza.coalition.page_cache import SIGNATURES
from alianza.coalition.services import tokens
from alianza.coalition.services.people import (
    affiliation_set,
    consent_record,
    organization_get_or_create,
    person_find,
    person_get_or_create,
)
from alianza.core.page_cache import bump_on_commit, generation
from alianza.core.services import email_queue, supported_language


class Outcome:
    CREATED = "created"
    ALREADY_PENDING = "already_pending"
    ALREADY_CONFIRMED = "already_confirmed"
    RENEWED = "renewed"  # a withdrawn signature signed again


@dataclass
class SignatureResult:
    signature: Signature
    outcome: str


@dataclass
class JoinResult:
    person: Person
    signatures: list[SignatureResult] = field(default_factory=list)
    application_outcome: str | None = None
    updates_requested: bool = False
    confirmation_sent: bool = False
    claim: AffiliationClaim | None = None


def signature_counts_key(statement_id: int) -> str:
    """Cache key of a statement's public counts (see views.signing.signature_counts_cached).

    It names the cached pages' generation, so that a process never puts counts from before
    a change into a page it caches after it."""
    return f"coalition:signature-counts:{generation(SIGNATURES)}:{statement_id}"


def signature_counts_forget(*, statement_ids: set[int]) -> None:
    """Drop cached counts now, and again once the change has committed (a page read in
    between would otherwise cache the old figures)."""
    keys = [signature_counts_key(pk) for pk in statement_ids]
    if keys:
        bump_on_commit(SIGNATURES)  # the pages showing them, too (bulk updates send no signals)
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def statement_current_version(*, statement: Statement) -> StatementVersion:
    version = statement.current_version()
    if version is None:
        raise ValueError(f"Statement {statement.slug} has no version to sign.")
    return version


def signature_create(
    *,
    statement: Statement,
    person: Person,
    organization: Organization | None,
    title: str,
    listed: bool,
    listing_wording: str,
    language: str,
    source: str,
    signer_is_new: bool = False,
    confirmed: bool = True,
    now: datetime | None = None,
) -> SignatureResult:
    """Sign ``statement`` as a person, or on behalf of ``organization``, once confirmed.

    Signing twice never makes two signatures: a confirmed one is reported (its listing
    choice follows the newest confirmed submission), and a withdrawn or waiting one is
    signed again. ``confirmed=False`` leaves the signature waiting (for staff to accept
    the signer's claim to speak for the organization). ``signer_is_new`` says the signer
    was created in this same transaction, so there is no earlier signature to look for.
    """
    now = now or timezone.now()
    status = Signature.Status.CONFIRMED if confirmed else Signature.Status.PENDING
    lookup = {"statement": statement}
    if organization is None:
        lookup.update(person=person, organization__isnull=True)
    else:
        lookup.update(organization=organization)
    existing = (
        None if signer_is_new else Signature.objects.select_for_update().filter(**lookup).first()
    )
    if existing is not None and not confirmed:
        # A claim not yet accepted by staff leaves the organization's signature as it is.
        return SignatureResult(existing, Outcome.ALREADY_PENDING)
    if existing is None:
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    statement=statement, version=statement_current_version(statement=statement),
                    person=person, organization=organization, title=title.strip(),
                    listed=listed, language=language, source=source, status=status,
                    confirmed_at=now if confirmed else None,
                )
        except IntegrityError:
            # Two confirmations raced; the other one won and is the signature.
            return SignatureResult(Signature.objects.get(**lookup), Outcome.ALREADY_CONFIRMED)
        outcome = Outcome.CREATED
    elif existing.status == Signature.Status.CONFIRMED:
        if organization is not None and existing.person_id != person.pk:
            # Someone else signed for this organization; their choices stand.
            return SignatureResult(existing, Outcome.ALREADY_CONFIRMED)
        if existing.listed == listed:
            return SignatureResult(existing, Outcome.ALREADY_CONFIRMED)
        existing.listed = listed
        existing.save(update_fields=["listed"])
        signature, outcome = existing, Outcome.ALREADY_CONFIRMED
    else:
        renewed = existing.status == Signature.Status.WITHDRAWN
        existing.status = status
        existing.person = person
        existing.version = statement_current_version(statement=statement)
        existing.listed = listed
        existing.title = title.strip() or existing.title
        existing.withdrawn_at = None
        existing.confirmed_at = now if confirmed else None
        existing.language = language
        existing.save()
        signature = existing
        outcome = Outcome.RENEWED if renewed else Outcome.CREATED
    signature_counts_forget(statement_ids={statement.pk})
    consent_record(
        person=person, kind=Consent.Kind.PUBLIC_LISTING, scope=f"signature:{signature.pk}",
        granted=listed, wording=listing_wording, language=language, source=source,
    )
    return SignatureResult(signature, outcome)


@dataclass
class JoinRequest:
    """What one "join the movement" submission asks for, already validated."""

    name: str
    email: str
    language: str
    source: str
    statement: Statement | None = None
    sign_individual: bool = False
    sign_organization: bool = False
    apply_membership: bool = False
    receive_updates: bool = False
    phone: str = ""
    county: str = ""
    title: str = ""
    organization_name: str = ""
    organization_kind: str = Organization.Kind.OTHER
    organization_website: str = ""
    listed: bool = False
    listing_wording: str = ""
    updates_wording: str = ""
    mission_alignment: str = ""
    is_nonprofit: bool = False
    nonprofit_wording: str = ""
    # Tags an API client asked for (Action Network's ``add_tags``): added, by the app that
    # keeps tags, only once the address's owner confirms, like everything else here.
    tags: list[str] = field(default_factory=list)


# Other apps' part of carrying out a confirmed submission (outreach adds the tags).
_join_applied_hooks: list[Callable[..., None]] = []


def join_applied_register(hook: Callable[..., None]) -> None:
    """``hook(person=..., request=...)`` runs when a confirmed submission is carried out."""
    if hook not in _join_applied_hooks:
        _join_applied_hooks.append(hook)


def join_apply(*, request: JoinRequest, now: datetime | None = None) -> JoinResult:
    """Carry out every action of one submission that its address's owner has confirmed.

    Only called from a confirmation link (``email_confirm``): this is the moment the person
    gives the consents the form recorded, so the consents, signatures and changes to their
    own record are written now, with the wording they saw when they submitted.
    Organizations already on file are never changed here, and a claim to speak for one
    waits for staff (``affiliation_claim_decide``) unless the person already does.
    """
    from alianza.coalition.services.membership import membership_apply

    now = now or timezone.now()
    language = supported_language(request.language)
    person, person_created = person_get_or_create(
        email=request.email, name=request.name, preferred_language=language,
        phone=request.phone, county=request.county,
    )
    if person.email_confirmed_at is None:
        person.email_confirmed_at = now
        person.save(update_fields=["email_confirmed_at"])
    result = JoinResult(person=person)
    organization, may_speak_for = None, False
    if request.organization_name and (request.sign_organization or request.apply_membership):
        organization, organization_created = organization_get_or_create(
            name=request.organization_name, kind=request.organization_kind,
            county=request.county, website=request.organization_website,
            update_existing=False,
        )
        may_speak_for = organization_created or Affiliation.objects.filter(
            person=person, organization=organization).exists()
        if may_speak_for:
            affiliation_set(person=person, organization=organization, title=request.title)
        else:
            result.claim = affiliation_claim_record(
                person=person, organization=organization, title=request.title)
    if request.statement is not None:
        if request.sign_individual:
            result.signatures.append(signature_create(
                statement=request.statement, person=person, organization=None,
                title=request.title, listed=request.listed,
                listing_wording=request.listing_wording, language=language,
                source=request.source, signer_is_new=person_created, now=now,
            ))
        if request.sign_organization and organization is not None:
            result.signatures.append(signature_create(
                statement=request.statement, person=person, organization=organization,
                title=request.title, listed=request.listed,
                listing_wording=request.listing_wording, language=language,
                source=request.source, now=now, confirmed=may_speak_for,
            ))
    if request.apply_membership and organization is not None:
        result.application_outcome = membership_apply(
            organization=organization, contact=person,
            mission_alignment=request.mission_alignment, is_nonprofit=request.is_nonprofit,
            language=language, source=request.source,
            nonprofit_wording=request.nonprofit_wording,
        )
    if request.receive_updates:
        consent_record(
            person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
            wording=request.updates_wording, language=language, source=request.source,
        )
        result.updates_requested = True
    for hook in _join_applied_hooks:
        hook(person=person, request=request)
    return result


def affiliation_claim_record(
    *, person: Person, organization: Organization, title: str
) -> AffiliationClaim:
    claim = AffiliationClaim.objects.filter(
        person=person, organization=organization, status=AffiliationClaim.Status.PENDING
    ).first()
    if claim is None:
        claim = AffiliationClaim.objects.create(
            person=person, organization=organization, title=title.strip())
    elif title.strip() and claim.title != title.strip():
        claim.title = title.strip()
        claim.save(update_fields=["title"])
    return claim


def request_payload(request: JoinRequest) -> dict:
    """A JoinRequest as JSON, to be carried out later (after queueing, after confirming)."""
    payload = {f.name: getattr(request, f.name) for f in fields(JoinRequest)
               if f.name != "statement"}
    payload["statement_id"] = request.statement.pk if request.statement else None
    return {key: str(value) if key.endswith("wording") else value
            for key, value in payload.items()}


def request_from_payload(payload: dict, statements: dict[int, Statement] | None = None
                         ) -> JoinRequest:
    """The JoinRequest stored in ``payload``; raises ValueError on a malformed payload."""
    if not isinstance(payload, dict):
        raise ValueError("payload is not an object")
    data = dict(payload)
    statement_id = data.pop("statement_id", None)
    statement = None
    if statement_id is not None:
        if statements is None:
            statements = {s.pk: s for s in Statement.objects.filter(pk=statement_id)}
        statement = statements.get(statement_id)
        if statement is None:
            raise ValueError(f"statement {statement_id} no longer exists")
    try:
        request = JoinRequest(statement=statement, **data)
    except TypeError as error:
        raise ValueError(str(error)) from error
    if not request.email or not isinstance(request.email, str):
        raise ValueError("no email address")
    return request


def reverse_in(language: str, name: str, **kwargs) -> str:
    with translation.override(supported_language(language)):
        return reverse(name, kwargs=kwargs)


def _absolute(path: str) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


@dataclass
class ConfirmResult:
    person: Person
    confirmed_signatures: list[Signature]
    already_confirmed: bool
    claim_pending: bool = False
    application_outcome: str | None = None


@transaction.atomic
def email_confirm(*, token: str) -> ConfirmResult | None:
    """Carry out the submission named in ``token``, now that its address's owner confirms."""
    data = tokens.read_confirm_token(token)
    if not data:
        return None
    if "j" not in data:
        return _person_confirm(data)
    confirmation = (
        JoinConfirmation.objects.select_for_update().filter(pk=data["j"], email=data["e"]).first()
    )
    if confirmation is None:
        return None
    if confirmation.confirmed_at is not None:
        person = person_find(email=confirmation.email)
        if person is None:
            return None
        return ConfirmResult(person=person, confirmed_signatures=[], already_confirmed=True)
    now = timezone.now()
    try:
        with transaction.atomic():
            result = join_apply(request=request_from_payload(confirmation.payload), now=now)
    except ValueError:
        return None  # the statement was deleted or unpublished since: nothing is written
    confirmation.confirmed_at = now
    confirmation.save(update_fields=["confirmed_at"])
    signed = [item.signature for item in result.signatures
              if item.signature.status == Signature.Status.CONFIRMED
              and item.outcome in (Outcome.CREATED, Outcome.RENEWED)]
    for signature in signed:
        _signed_email_queue(result.person, signature)
        webhooks.signature_confirmed_emit(person=result.person, signature=signature)
    webhooks.join_submission_emit(person=result.person, confirmation=confirmation)
    return ConfirmResult(
        person=result.person, confirmed_signatures=signed, already_confirmed=False,
        claim_pending=result.claim is not None,
        application_outcome=result.application_outcome,
    )


def submission_confirmed(*, token: str) -> bool:
    """Whether ``token`` names a submission that has been confirmed already."""
    data = tokens.read_confirm_token(token)
    if not data:
        return False
    if "j" not in data:  # an older link, naming the person
        waiting = Signature.objects.filter(person_id=data["p"], organization__isnull=True,
                                           status=Signature.Status.PENDING)
        return not waiting.exists() and Person.objects.filter(
            pk=data["p"], email=data["e"], email_confirmed_at__isnull=False).exists()
    return JoinConfirmation.objects.filter(
        pk=data["j"], email=data["e"], confirmed_at__isnull=False).exists()


def signature_withdrawn(*, token: str) -> bool:
    data = tokens.read_withdraw_token(token)
    if not data:
        return False
    return Signature.objects.filter(pk=data["s"], person__email=data["e"],
                                    status=Signature.Status.WITHDRAWN).exists()


def _person_confirm(data: dict) -> ConfirmResult | None:
    """Links sent before submissions were stored name a person whose pending signatures
    were written at submission; honour them until they expire."""
    person = Person.objects.select_for_update().filter(pk=data["p"], email=data["e"]).first()
    if person is None:
        return None
    now = timezone.now()
    already = person.email_confirmed_at is not None
    if not already:
        person.email_confirmed_at = now
        person.save(update_fields=["email_confirmed_at"])
    pending = list(Signature.objects.filter(person=person, status=Signature.Status.PENDING,
                                            organization__isnull=True))
    Signature.objects.filter(pk__in=[s.pk for s in pending]).update(
        status=Signature.Status.CONFIRMED, confirmed_at=now, modified_at=now
    )
    signature_counts_forget(statement_ids={s.statement_id for s in pending})
    for signature in pending:
        signature.status = Signature.Status.CONFIRMED
        signature.confirmed_at = now
        _signed_email_queue(person, signature)
        webhooks.signature_confirmed_emit(person=person, signature=signature)
    return ConfirmResult(person=person, confirmed_signatures=pending, already_confirmed=already)


def _signed_email_queue(person: Person, signature: Signature) -> None:
    withdraw_link = _absolute(reverse_in(
        person.preferred_language, "coalition-withdraw",
        token=tokens.withdraw_token(signature_id=signature.pk, email=person.email),
    ))
    email_queue(
        to=person.email, template="coalition/email/signed",
        context={"person": person, "signature": signature, "withdraw_url": withdraw_link,
                 "statement_title": _statement_title(signature, person.preferred_language)},
        language=person.preferred_language, purpose="signature-confirmed",
    )


def _statement_title(signature: Signature, language: str) -> str:
    from alianza.core.i18n import pick_text

    text = pick_text(signature.version.texts.all(), language)
    return text.title if text else signature.statement.slug


@transaction.atomic
def signature_withdraw(*, token: str, source: str = "withdraw-link") -> Signature | None:
    data = tokens.read_withdraw_token(token)
    if not data:
        return None
    signature = (
        Signature.objects.select_for_update().select_related("person")
        .filter(pk=data["s"], person__email=data["e"]).first()
    )
    if signature is None:
        return None
    if signature.status != Signature.Status.WITHDRAWN:
        signature.status = Signature.Status.WITHDRAWN
        signature.withdrawn_at = timezone.now()
        signature.save(update_fields=["status", "withdrawn_at"])
        signature_counts_forget(statement_ids={signature.statement_id})
        consent_record(
            person=signature.person, kind=Consent.Kind.PUBLIC_LISTING,
            scope=f"signature:{signature.pk}", granted=False, wording="withdrawn",
            language=signature.person.preferred_language, source=source,
        )
    return signature
