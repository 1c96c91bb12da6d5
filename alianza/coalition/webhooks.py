"""The coalition's webhook events: signatures confirmed and join-form submissions.

A join-form submission is sent as ``submission.received`` when its address's owner confirms
it by email, not when the form is posted: anyone can type anyone's address, and an
unconfirmed submission is not passed on to other systems.
"""

from __future__ import annotations

from alianza.coalition.models import JoinConfirmation, Person, Signature
from alianza.core.i18n import pick_text
from alianza.core.webhooks import events
from alianza.core.webhooks.events import identifiers, osdi_payload, osdi_person
from alianza.core.webhooks.services import webhook_event_emit

JOIN_ACTIONS = ("sign_individual", "sign_organization", "apply_membership", "receive_updates")


def _statement(statement, version) -> dict:
    text = pick_text(version.texts.all(), "en") if version is not None else None
    return {"identifiers": identifiers(statement), "slug": statement.slug,
            "title": text.title if text else statement.slug}


def signature_confirmed_emit(*, person: Person, signature: Signature) -> int:
    def payload() -> list:
        organization = signature.organization
        return osdi_payload(
            "osdi:signature", signature, created=signature.confirmed_at,
            person=osdi_person(person), language=signature.language,
            title=signature.title, listed=signature.listed,
            organization={"identifiers": identifiers(organization), "name": organization.name}
            if organization is not None else None,
            petition=_statement(signature.statement, signature.version))

    return webhook_event_emit(event=events.SIGNATURE_CONFIRMED, payload=payload)


def join_submission_emit(*, person: Person, confirmation: JoinConfirmation) -> int:
    def payload() -> list:
        data = confirmation.payload or {}
        statement = None
        if data.get("statement_id"):
            from alianza.coalition.models import Statement

            statement = Statement.objects.filter(pk=data["statement_id"]).first()
        return osdi_payload(
            "osdi:submission", confirmation, created=confirmation.created_at,
            confirmed_date=confirmation.confirmed_at,
            person=osdi_person(person, language=data.get("language", "")),
            form={"name": "join", "source": data.get("source", "")},
            actions=[action for action in JOIN_ACTIONS if data.get(action)],
            organization_name=data.get("organization_name", ""),
            petition=_statement(statement, statement.versions.filter(
                published_at__isnull=False).order_by("-number").first())
            if statement is not None else None)

    return webhook_event_emit(event=events.SUBMISSION_RECEIVED, payload=payload)
