"""The coalition's entries on a person's timeline: their record, notes, signatures,
consents, membership, workgroups and the contact imports that touched or mention them.

Each source reads newest first and lazily (``timeline_stream``), so the page only loads
as many rows as it shows."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from alianza.coalition.models import (
    AffiliationClaim,
    Consent,
    ContactImport,
    ContactImportPerson,
    MembershipApplication,
    Person,
    PersonDataLog,
    PersonMerge,
    PersonNote,
    Signature,
    WorkgroupMembership,
)
from alianza.coalition.services.privacy import person_addresses
from alianza.core.i18n import pick_text
from alianza.core.people import (
    TimelineEntry,
    person_timeline_register,
    timeline_merge,
    timeline_stream,
)

WORDING_SHOWN = 160  # characters of a consent's wording on the timeline; the rest on hover


def _record(person: Person) -> Iterator[TimelineEntry]:
    merges = timeline_stream(
        PersonMerge.objects.filter(survivor=person).select_related("merged_by")
        .order_by("-merged_at", "-pk"),
        lambda m: TimelineEntry(
            at=m.merged_at, kind="merge",
            title=_("Merged with a duplicate record: %(name)s <%(email)s>") % {
                "name": m.merged_name or "—", "email": m.merged_email},
            detail=_("By %(user)s") % {"user": m.merged_by or "—"}))
    requests = timeline_stream(
        PersonDataLog.objects.filter(person=person).order_by("-created_at", "-pk"),
        lambda e: TimelineEntry(
            at=e.created_at, kind="data-request", title=str(e.get_action_display()),
            detail=_("By %(user)s: %(reason)s") % {"user": e.actor_name, "reason": e.reason},
            url=reverse("coalition-person-data", args=[person.pk])))
    created = iter([TimelineEntry(at=person.created_at, kind="created",
                                  title=_("Record created"))])
    return timeline_merge(merges, requests, created)


def _notes(person: Person) -> Iterator[TimelineEntry]:
    return timeline_stream(
        PersonNote.objects.filter(person=person).order_by("-created_at", "-pk"),
        lambda n: TimelineEntry(at=n.created_at, kind="note",
                                title=_("Note by %(author)s") % {"author": n.author_name or "—"},
                                detail=n.body))


def _signature_entry(signature: Signature) -> TimelineEntry:
    text = pick_text(signature.version.texts.all())
    title = text.title if text else signature.statement.slug
    detail = [str(signature.get_status_display())]
    if signature.organization_id:
        detail.append(_("for %(organization)s") % {"organization": signature.organization.name})
    if signature.listed:
        detail.append(_("listed publicly"))
    return TimelineEntry(
        at=signature.created_at, kind="signature",
        title=_("Signed “%(statement)s”") % {"statement": title}, detail=" · ".join(detail),
        url=reverse("coalition-organization-detail", args=[signature.organization_id])
        if signature.organization_id else "")


def _signatures(person: Person) -> Iterator[TimelineEntry]:
    return timeline_stream(
        Signature.objects.filter(person=person).select_related("statement", "organization",
                                                               "version")
        .prefetch_related("version__texts").order_by("-created_at", "-pk"),
        _signature_entry)


def _consent_entry(consent: Consent) -> TimelineEntry:
    kind = consent.get_kind_display()
    title = (_("Consent given: %(kind)s") if consent.granted
             else _("Consent withdrawn: %(kind)s")) % {"kind": kind}
    where = " · ".join(part for part in (consent.scope, consent.source) if part)
    return TimelineEntry(
        at=consent.created_at, kind="consent" if consent.granted else "consent-withdrawn",
        title=title, detail=f"{where} — “{Truncator(consent.wording).chars(WORDING_SHOWN)}”",
        meta={"wording": consent.wording, "language": consent.language})


def _consents(person: Person) -> Iterator[TimelineEntry]:
    return timeline_stream(Consent.objects.filter(person=person).order_by("-created_at", "-pk"),
                           _consent_entry)


def _membership(person: Person) -> Iterator[TimelineEntry]:
    applications = timeline_stream(
        MembershipApplication.objects.filter(contact=person).select_related("organization")
        .order_by("-created_at", "-pk"),
        lambda a: TimelineEntry(
            at=a.created_at, kind="application",
            title=_("Applied for membership for %(organization)s") % {
                "organization": a.organization.name},
            detail=str(a.get_status_display()),
            url=reverse("coalition-application-detail", args=[a.pk])))
    workgroups = timeline_stream(
        WorkgroupMembership.objects.filter(person=person).select_related("workgroup")
        .prefetch_related("workgroup__texts").order_by("-joined_at", "-pk"),
        lambda m: TimelineEntry(
            at=m.joined_at, kind="workgroup",
            title=_("Signed up for the workgroup “%(workgroup)s”") % {
                "workgroup": getattr(pick_text(m.workgroup.texts.all()), "name",
                                     m.workgroup.slug)},
            detail=str(m.get_status_display()),
            url=reverse("coalition-workgroup-roster", args=[m.workgroup.slug])))
    claims = timeline_stream(
        AffiliationClaim.objects.filter(person=person).select_related("organization")
        .order_by("-created_at", "-pk"),
        lambda c: TimelineEntry(
            at=c.created_at, kind="claim",
            title=_("Said they speak for %(organization)s") % {
                "organization": c.organization.name},
            detail=str(c.get_status_display()),
            url=reverse("coalition-organization-detail", args=[c.organization_id])))
    return timeline_merge(applications, workgroups, claims)


_IMPORT_TITLES = {
    ContactImportPerson.Action.CREATED: gettext_lazy("Added by the import “%(file)s”"),
    ContactImportPerson.Action.UPDATED: gettext_lazy("Updated by the import “%(file)s”"),
    ContactImportPerson.Action.UNCHANGED: gettext_lazy(
        "In the import “%(file)s”, with nothing to change"),
}


def _imports(person: Person) -> Iterator[TimelineEntry]:
    """The imports that touched the record (linked as they ran), then those that only
    mention one of the person's addresses (a skipped row's message, a sample row)."""
    touched = set(person.import_links.values_list("contact_import_id", flat=True))

    def linked(link: ContactImportPerson) -> TimelineEntry:
        found = link.contact_import
        return TimelineEntry(
            at=found.started_at or found.created_at, kind="import",
            title=str(_IMPORT_TITLES.get(link.action, _IMPORT_TITLES["unchanged"]))
            % {"file": found.original_name},
            detail=str(found.get_status_display()),
            url=reverse("coalition-import-detail", args=[found.pk]))

    addresses = [address.lower() for address in person_addresses(person)]

    def mentioned(found: ContactImport) -> TimelineEntry | None:
        text = f"{found.samples} {found.errors}".lower()
        if not any(address in text for address in addresses):
            return None
        return TimelineEntry(
            at=found.created_at, kind="import",
            title=_("Mentioned in the contact import “%(file)s”") % {
                "file": found.original_name},
            detail=str(found.get_status_display()),
            url=reverse("coalition-import-detail", args=[found.pk]))

    links = timeline_stream(
        person.import_links.select_related("contact_import")
        .order_by("-contact_import__started_at", "-contact_import__created_at", "-pk"),
        linked)
    mentions = timeline_stream(
        ContactImport.objects.exclude(pk__in=touched)
        .only("original_name", "samples", "errors", "created_at", "status")
        .order_by("-created_at", "-pk"), mentioned)
    return timeline_merge(links, mentions)


SOURCES = (
    ("coalition-record", _record, pgettext_lazy("timeline", "Record"), 10),
    ("coalition-notes", _notes, pgettext_lazy("timeline", "Notes"), 11),
    ("coalition-signatures", _signatures, pgettext_lazy("timeline", "Signatures"), 12),
    ("coalition-consents", _consents, pgettext_lazy("timeline", "Consents"), 13),
    ("coalition-membership", _membership, gettext_lazy("Membership and workgroups"), 14),
    ("coalition-imports", _imports, pgettext_lazy("timeline", "Contact imports"), 15),
)


def register() -> None:
    for name, entries, label, order in SOURCES:
        person_timeline_register(name, entries, label=label, order=order)
