"""A person's data on request: everything held about them, and erasure. Both are logged.

Each module contributes its part through ``alianza.core.privacy`` (the coalition's own
parts are below and registered in ``apps.py``), so the download and the erasure cover
the whole system without this module knowing about the others.

Erasure empties the person's record rather than deleting it: consent rows and membership
applications keep pointing at it, the consent history gets a withdrawal of everything
still granted, and the log names the person only by a keyed hash of their address.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import (
    Consent,
    ContactImport,
    JoinSubmission,
    Person,
    PersonDataLog,
    PersonMerge,
    Signature,
    WorkgroupRosterChange,
    normalize_email,
    subject_key,
)
from alianza.coalition.services.people import consent_record
from alianza.core.models import OutboundEmail
from alianza.core.osdi.identifiers import osdi_identifiers_forget
from alianza.core.privacy import person_data_parts, person_data_register

EXPORT_FORMAT = "alianza-person-data/1"
ERASED_DOMAIN = "erased.invalid"  # .invalid never resolves, so nothing can be sent there


def _when(value) -> str | None:
    return value.isoformat() if value else None


def person_addresses(person: Person) -> list[str]:
    return [person.email, *person.other_emails.values_list("email", flat=True)]


# Export and erasure ----------------------------------------------------------------------


def person_data_export(*, person: Person, actor, reason: str) -> dict[str, Any]:
    """Everything held about ``person``, JSON-ready, and a log entry saying who took it."""
    reason = _required_reason(reason)
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "person": {
            "id": person.pk, "name": person.name, "email": person.email,
            "phone": person.phone, "preferred_language": person.preferred_language,
            "county": person.county, "created_at": _when(person.created_at),
            "email_confirmed_at": _when(person.email_confirmed_at),
            "erased_at": _when(person.erased_at),
            "other_imported_data": person.import_extra,
        },
    }
    for part in person_data_parts():
        data[part.name] = part.export(person)
    summary = {name: len(value) for name, value in data.items()
               if name not in ("format", "generated_at", "person") and hasattr(value, "__len__")}
    _log(action=PersonDataLog.Action.EXPORT, person=person, actor=actor, reason=reason,
         summary=summary)
    return data


@transaction.atomic
def person_erase(*, person: Person, actor, reason: str, confirmation: str) -> PersonDataLog:
    """Erase ``person`` at their request; ``confirmation`` must repeat their address."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("This person has already been erased."))
    if normalize_email(confirmation) != person.email:
        raise ValidationError(
            _("Type the person's email address exactly as shown to confirm the erasure."),
            code="confirmation",
        )
    reason = _required_reason(reason)
    summary = {part.name: part.erase(person) for part in person_data_parts() if part.erase}
    summary["other_emails"] = {"removed": person.other_emails.all().delete()[0]}
    # Another system's identifier for the person ("action_network:…") would let that system
    # go on matching the erased record.
    summary["external_identifiers"] = {"removed": osdi_identifiers_forget(Person, [person.pk])}
    person.name = ""
    person.email = f"erased-{person.pk}@{ERASED_DOMAIN}"
    person.phone = ""
    person.county = ""
    person.import_extra = {}
    person.preferred_language = settings.LANGUAGE_CODE
    person.email_confirmed_at = None
    person.erased_at = timezone.now()
    entry = _log(action=PersonDataLog.Action.ERASE, person=person, actor=actor, reason=reason,
                 summary=summary, key=subject_key(confirmation))
    person.save()
    return entry


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason, e.g. how the person asked."),
                              code="reason")
    return reason


def _log(*, action: str, person: Person, actor, reason: str, summary: dict,
         key: str = "") -> PersonDataLog:
    return PersonDataLog.objects.create(
        action=action, person=person, subject_key=key or subject_key(person.email), actor=actor,
        actor_name=actor.get_username() if actor else "", reason=reason, summary=summary,
    )


def person_data_log_for(*, person: Person | None = None, email: str = "") -> list[PersonDataLog]:
    """Earlier requests by this person, or by whoever had ``email`` (even once erased)."""
    condition = Q(pk__in=[])
    if person is not None:
        condition |= Q(person=person)
        if person.erased_at is None:
            condition |= Q(subject_key=subject_key(person.email))
    if email:
        condition |= Q(subject_key=subject_key(email))
    return list(PersonDataLog.objects.filter(condition).select_related("actor"))


# The coalition module's parts ------------------------------------------------------------


def _other_emails_export(person: Person) -> list[str]:
    return list(person.other_emails.values_list("email", flat=True))


def _affiliations_export(person: Person) -> list[dict]:
    return [{"organization": a.organization.name, "title": a.title,
             "primary_contact": a.is_primary_contact}
            for a in person.affiliations.select_related("organization")]


def _affiliations_erase(person: Person) -> dict[str, int]:
    return {"removed": person.affiliations.all().delete()[0]}


def _consents_export(person: Person) -> list[dict]:
    return [{"kind": c.kind, "scope": c.scope, "granted": c.granted, "wording": c.wording,
             "language": c.language, "source": c.source, "time": _when(c.created_at)}
            for c in person.consents.order_by("created_at", "pk")]


def _consents_erase(person: Person) -> dict[str, int]:
    """Consent rows stay (the law expects the trail); whatever is still granted is
    withdrawn by a new row, so no later mailing can rely on it."""
    latest: dict[tuple[str, str], Consent] = {}
    for consent in person.consents.order_by("created_at", "pk"):
        latest[(consent.kind, consent.scope)] = consent
    withdrawn = 0
    for (kind, scope), consent in latest.items():
        if consent.granted:
            consent_record(person=person, kind=kind, scope=scope, granted=False,
                           wording="erased at the person's request", language=consent.language,
                           source="erasure")
            withdrawn += 1
    return {"kept": person.consents.count() - withdrawn, "withdrawn": withdrawn}


def _signatures_export(person: Person) -> list[dict]:
    return [{"statement": s.statement.slug, "version": s.version.number,
             "organization": s.organization.name if s.organization else None,
             "title": s.title, "status": s.status, "listed": s.listed, "language": s.language,
             "source": s.source, "signed_at": _when(s.created_at),
             "confirmed_at": _when(s.confirmed_at), "withdrawn_at": _when(s.withdrawn_at)}
            for s in person.signatures.select_related("statement", "version", "organization")]


def _signatures_erase(person: Person) -> dict[str, int]:
    """Personal signatures go; one made for an organization stays the organization's,
    without the person's title."""
    from alianza.coalition.services.signing import signature_counts_forget

    signatures = person.signatures.all()
    statements = set(signatures.values_list("statement_id", flat=True))
    removed = signatures.filter(organization__isnull=True).delete()[0]
    kept = Signature.objects.filter(person=person).update(title="", modified_at=timezone.now())
    signature_counts_forget(statement_ids=statements)
    return {"removed": removed, "kept_for_organization": kept}


def _applications_export(person: Person) -> list[dict]:
    return [{"organization": a.organization.name, "status": a.status,
             "mission_alignment": a.mission_alignment, "is_nonprofit": a.is_nonprofit,
             "applied_at": _when(a.created_at), "decided_at": _when(a.decided_at)}
            for a in person.applications.select_related("organization")]


def _applications_erase(person: Person) -> dict[str, int]:
    # An application is the organization's record; it keeps pointing at the emptied person.
    return {"kept": person.applications.count()}


def _workgroups_export(person: Person) -> list[dict]:
    return [{"workgroup": m.workgroup.slug, "status": m.status,
             "name_given": m.submitted_name, "organization_given": m.submitted_organization,
             "note": m.note, "language": m.language, "signed_up_at": _when(m.joined_at),
             "confirmed_at": _when(m.confirmed_at)}
            for m in person.workgroup_memberships.select_related("workgroup")]


def _workgroups_erase(person: Person) -> dict[str, int]:
    # A removal stays in the roster's history, without the name.
    emptied = WorkgroupRosterChange.objects.filter(person=person).update(
        person=None, person_name="—", reason="")
    return {"removed": person.workgroup_memberships.all().delete()[0],
            "roster_history_emptied": emptied}


def _roster_changes_export(person: Person) -> list[dict]:
    return [{"workgroup": c.workgroup.slug, "change": c.action, "reason": c.reason,
             "changed_at": _when(c.changed_at)}
            for c in WorkgroupRosterChange.objects.filter(person=person)
            .select_related("workgroup")]


def _addressed_to(person: Person, field: str) -> Q:
    condition = Q(pk__in=[])
    for address in person_addresses(person):
        condition |= Q(**{f"{field}__iexact": address})
    return condition


def _join_submissions_export(person: Person) -> list[dict]:
    return [{"received_at": _when(s.created_at), "status": s.status, "submission": s.payload}
            for s in JoinSubmission.objects.filter(_addressed_to(person, "payload__email"))]


def _join_submissions_erase(person: Person) -> dict[str, int]:
    return {"removed": JoinSubmission.objects.filter(
        _addressed_to(person, "payload__email")).delete()[0]}


def _emails_export(person: Person) -> list[dict]:
    return [{"subject": e.subject, "purpose": e.purpose, "language": e.language,
             "status": e.status, "created_at": _when(e.created_at), "sent_at": _when(e.sent_at)}
            for e in OutboundEmail.objects.filter(_addressed_to(person, "to")).order_by("pk")]


def _emails_erase(person: Person) -> dict[str, int]:
    return {"removed": OutboundEmail.objects.filter(_addressed_to(person, "to")).delete()[0]}


def _import_mentions(person: Person):
    """(import, sample rows, error indexes) for each contact import that mentions one of the
    person's addresses: in the sample rows kept for column mapping, or in the value quoted
    by a row's error. Imports are few, and JSON is searched the same way on every database."""
    addresses = [address.lower() for address in person_addresses(person)]

    def mentions(value) -> bool:
        text = json.dumps(value, ensure_ascii=False).lower()
        return any(address in text for address in addresses)

    for contact_import in ContactImport.objects.only("original_name", "samples", "errors"):
        samples = [i for i, row in enumerate(contact_import.samples or []) if mentions(row)]
        errors = [i for i, error in enumerate(contact_import.errors or []) if mentions(error)]
        if samples or errors:
            yield contact_import, samples, errors


def _contact_imports_export(person: Person) -> list[dict]:
    return [{"file": found.original_name, "sample_rows": len(samples),
             "row_messages": [found.errors[i] for i in errors]}
            for found, samples, errors in _import_mentions(person)]


def _contact_imports_erase(person: Person) -> dict[str, int]:
    """The sample rows go; a row's error keeps its number and code (the import's report
    still adds up) without the value it quoted."""
    samples_removed = values_removed = 0
    for found, samples, errors in list(_import_mentions(person)):
        gone = set(samples)
        found.samples = [row for i, row in enumerate(found.samples) if i not in gone]
        for i in errors:
            error = found.errors[i]
            error["params"] = {key: "" if key == "value" else value
                               for key, value in (error.get("params") or {}).items()}
        ContactImport.objects.filter(pk=found.pk).update(samples=found.samples,
                                                         errors=found.errors)
        samples_removed += len(samples)
        values_removed += len(errors)
    return {"sample_rows_removed": samples_removed, "error_values_removed": values_removed}


def _import_links_export(person: Person) -> list[dict]:
    return [{"file": link.contact_import.original_name, "what_happened": link.action,
             "time": _when(link.contact_import.started_at or link.contact_import.created_at)}
            for link in person.import_links.select_related("contact_import")
            .order_by("contact_import__created_at", "pk")]


def _import_links_erase(person: Person) -> dict[str, int]:
    return {"removed": person.import_links.all().delete()[0]}


def _notes_export(person: Person) -> list[dict]:
    return [{"note": n.body, "written_by": n.author_name, "time": _when(n.created_at)}
            for n in person.notes.order_by("created_at", "pk")]


def _notes_erase(person: Person) -> dict[str, int]:
    return {"removed": person.notes.all().delete()[0]}


def _merges_export(person: Person) -> list[dict]:
    return [{"merged_record": m.merged_record, "time": _when(m.merged_at)}
            for m in person.merges.order_by("merged_at", "pk")]


def _merges_erase(person: Person) -> dict[str, int]:
    """A merge's audit row keeps what the merged-away record held: the same person's name
    and addresses, so they go; the row stays to say a merge happened and who made it."""
    return {"emptied": PersonMerge.objects.filter(survivor=person).update(
        merged_name="", merged_email="", merged_record={})}


def register_coalition_parts() -> None:
    for name, export, erase in (
        # Further addresses are removed by person_erase itself, after every part has
        # used them to find what was sent to or submitted from them.
        ("other_emails", _other_emails_export, None),
        ("affiliations", _affiliations_export, _affiliations_erase),
        ("consents", _consents_export, _consents_erase),
        ("signatures", _signatures_export, _signatures_erase),
        ("membership_applications", _applications_export, _applications_erase),
        ("workgroups", _workgroups_export, _workgroups_erase),
        ("workgroup_roster_changes", _roster_changes_export, None),
        ("join_submissions", _join_submissions_export, _join_submissions_erase),
        ("emails_sent", _emails_export, _emails_erase),
        ("contact_imports", _contact_imports_export, _contact_imports_erase),
        ("contact_imports_touching", _import_links_export, _import_links_erase),
        ("staff_notes", _notes_export, _notes_erase),
        ("merged_records", _merges_export, _merges_erase),
    ):
        person_data_register(name, export=export, erase=erase)
