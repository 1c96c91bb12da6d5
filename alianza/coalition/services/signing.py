"""Signing statements, the "join the movement" form, and email confirmation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Consent,
    Organization,
    Person,
    Signature,
    Statement,
    StatementVersion,
)
from alianza.coalition.services import tokens
from alianza.coalition.services.people import (
    affiliation_set,
    consent_record,
    organization_get_or_create,
    person_get_or_create,
)
from alianza.core.models import OutboundEmail
from alianza.core.services import email_queue, email_render, email_store, supported_language

CONFIRM_TEMPLATE = "coalition/email/confirm"


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


def signature_counts_key(statement_id: int) -> str:
    """Cache key of a statement's public counts (see views.signing.signature_counts_cached)."""
    return f"coalition:signature-counts:{statement_id}"


def signature_counts_forget(*, statement_ids: set[int]) -> None:
    """Drop cached counts now, and again once the change has committed (a page read in
    between would otherwise cache the old figures)."""
    keys = [signature_counts_key(pk) for pk in statement_ids]
    if keys:
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
) -> SignatureResult:
    """Sign ``statement`` as a person, or on behalf of ``organization``.

    Signing twice never makes two signatures: the existing one is reported, and a
    withdrawn one is renewed (it waits for confirmation again). ``signer_is_new`` says
    the signer (the organization, if given, else the person) was created in this same
    transaction, so there is no earlier signature to look for.
    """
    lookup = {"statement": statement}
    if organization is None:
        lookup.update(person=person, organization__isnull=True)
    else:
        lookup.update(organization=organization)
    existing = None if signer_is_new else Signature.objects.filter(**lookup).first()
    if existing is None:
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    statement=statement, version=statement_current_version(statement=statement),
                    person=person, organization=organization, title=title.strip(),
                    listed=listed, language=language, source=source,
                )
        except IntegrityError:
            # Two submissions raced; the other one won and is the signature.
            return SignatureResult(Signature.objects.get(**lookup), Outcome.ALREADY_PENDING)
        outcome = Outcome.CREATED
    elif existing.status == Signature.Status.WITHDRAWN:
        existing.status = Signature.Status.PENDING
        existing.person = person
        existing.version = statement_current_version(statement=statement)
        existing.listed = listed
        existing.title = title.strip() or existing.title
        existing.withdrawn_at = None
        existing.confirmed_at = None
        existing.language = language
        existing.save()
        signature, outcome = existing, Outcome.RENEWED
    else:
        outcome = (
            Outcome.ALREADY_CONFIRMED
            if existing.status == Signature.Status.CONFIRMED
            else Outcome.ALREADY_PENDING
        )
        return SignatureResult(existing, outcome)
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


@transaction.atomic
def join_submit(*, request: JoinRequest) -> JoinResult:
    """Carry out every action chosen in one submission, all or nothing.

    One confirmation email covers the whole submission; nothing counts until the
    address is confirmed.
    """
    from alianza.coalition.services.membership import membership_apply

    language = supported_language(request.language)
    person, person_created = person_get_or_create(
        email=request.email, name=request.name, preferred_language=language,
        phone=request.phone, county=request.county,
    )
    result = JoinResult(person=person)
    organization, organization_created = None, False
    if request.organization_name:
        organization, organization_created = organization_get_or_create(
            name=request.organization_name, kind=request.organization_kind,
            county=request.county, website=request.organization_website,
        )
        affiliation_set(person=person, organization=organization, title=request.title)
    if request.statement is not None:
        if request.sign_individual:
            result.signatures.append(signature_create(
                statement=request.statement, person=person, organization=None,
                title=request.title, listed=request.listed,
                listing_wording=request.listing_wording, language=language,
                source=request.source, signer_is_new=person_created,
            ))
        if request.sign_organization and organization is not None:
            result.signatures.append(signature_create(
                statement=request.statement, person=person, organization=organization,
                title=request.title, listed=request.listed,
                listing_wording=request.listing_wording, language=language,
                source=request.source, signer_is_new=organization_created,
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
    needs_confirmation = (
        person.email_confirmed_at is None
        or request.receive_updates
        or any(s.outcome in (Outcome.CREATED, Outcome.RENEWED, Outcome.ALREADY_PENDING)
               for s in result.signatures)
    )
    if needs_confirmation and (result.signatures or result.updates_requested):
        confirmation_email_queue(person=person, result=result)
        result.confirmation_sent = True
    return result


def confirmation_email_render(
    *, person: Person, result: JoinResult, edited=None
) -> OutboundEmail:
    """The confirmation email for one submission, rendered in the person's language."""
    link = _absolute(
        reverse_in(person.preferred_language, "coalition-confirm",
                   token=tokens.confirm_token(person_id=person.pk, email=person.email))
    )
    return email_render(
        to=person.email,
        template=CONFIRM_TEMPLATE,
        context={"person": person, "confirm_url": link, "result": result},
        language=person.preferred_language,
        purpose="confirm-email",
        edited=edited,
    )


def confirmation_email_queue(*, person: Person, result: JoinResult) -> None:
    email_store(outbound=confirmation_email_render(person=person, result=result))


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


@transaction.atomic
def email_confirm(*, token: str) -> ConfirmResult | None:
    """Confirm the address in ``token``; pending signatures by that person then count."""
    data = tokens.read_confirm_token(token)
    if not data:
        return None
    person = Person.objects.select_for_update().filter(pk=data["p"], email=data["e"]).first()
    if person is None:
        return None
    now = timezone.now()
    already = person.email_confirmed_at is not None
    if not already:
        person.email_confirmed_at = now
        person.save(update_fields=["email_confirmed_at"])
    pending = list(Signature.objects.filter(person=person, status=Signature.Status.PENDING))
    Signature.objects.filter(pk__in=[s.pk for s in pending]).update(
        status=Signature.Status.CONFIRMED, confirmed_at=now
    )
    signature_counts_forget(statement_ids={s.statement_id for s in pending})
    for signature in pending:
        signature.status = Signature.Status.CONFIRMED
        signature.confirmed_at = now
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
    return ConfirmResult(person=person, confirmed_signatures=pending, already_confirmed=already)


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
