"""Which coalition changes drop which cached public pages (alianza/core/page_cache.py).

Two namespaces, so that a surge of signatures does not also empty the pages that show none:
``coalition`` (statements, organizations, workgroups, the coalition's profile) for the about,
members and workgroups pages, and ``signatures`` (signatures and the names of the people
signing) for the statement, join and signatories pages, which show both. Submissions, consents
and confirmations waiting for a click show on no public page and bump nothing. Bulk updates
of signatures send no signals: ``signature_counts_forget``, which every service changing
signatures calls, bumps ``signatures`` too.
"""

from __future__ import annotations

from django.apps import apps

from alianza.core.page_cache import SITE, bump_on_changes, bump_on_commit

NAMESPACE = "coalition"
SIGNATURES = "signatures"
BOTH = (NAMESPACE, SIGNATURES)

SHOWN_MODELS = ("Statement", "StatementVersion", "StatementText", "Organization",
                "OrganizationText", "Workgroup", "WorkgroupText", "WorkgroupMembership",
                "WorkgroupMeeting", "WorkgroupMeetingText", "CoalitionProfile",
                "CoalitionProfileText")
SIGNATURE_MODELS = ("Signature",)
# Of a person, public pages show only the name, and only once they signed: a new person
# (whose signature's own save bumps), or a save of other fields, drops nothing. With the
# database as the shared cache a bump is five statements, on every API upsert otherwise.
PERSON_SHOWN_FIELDS = frozenset({"name", "erased_at"})
# The coalition's name is in every page's header.
SITE_MODELS = ("CoalitionProfile", "CoalitionProfileText")


def connect() -> None:
    def models(names: tuple[str, ...]) -> list[type]:
        return [apps.get_model("coalition", name) for name in names]

    bump_on_changes(NAMESPACE, models(SHOWN_MODELS))
    bump_on_changes(SIGNATURES, models(SIGNATURE_MODELS))
    _bump_on_shown_person_changes(apps.get_model("coalition", "Person"))
    bump_on_changes(SITE, models(SITE_MODELS))


def _bump_on_shown_person_changes(person_model: type) -> None:
    from django.db.models.signals import post_delete, post_save

    def saved(*, created: bool, update_fields=None, raw: bool = False, **kwargs) -> None:
        if raw or created:
            return
        if update_fields is not None and not PERSON_SHOWN_FIELDS & set(update_fields):
            return
        bump_on_commit(SIGNATURES)

    def deleted(**kwargs) -> None:
        bump_on_commit(SIGNATURES)

    post_save.connect(saved, sender=person_model, weak=False,
                      dispatch_uid="page-cache-signatures-person-save")
    post_delete.connect(deleted, sender=person_model, weak=False,
                        dispatch_uid="page-cache-signatures-person-delete")
