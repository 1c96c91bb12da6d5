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

from alianza.core.page_cache import SITE, bump_on_changes

NAMESPACE = "coalition"
SIGNATURES = "signatures"
BOTH = (NAMESPACE, SIGNATURES)

SHOWN_MODELS = ("Statement", "StatementVersion", "StatementText", "Organization",
                "OrganizationText", "Workgroup", "WorkgroupText", "WorkgroupMembership",
                "WorkgroupMeeting", "WorkgroupMeetingText", "CoalitionProfile",
                "CoalitionProfileText")
SIGNATURE_MODELS = ("Signature", "Person")
# The coalition's name is in every page's header.
SITE_MODELS = ("CoalitionProfile", "CoalitionProfileText")


def connect() -> None:
    def models(names: tuple[str, ...]) -> list[type]:
        return [apps.get_model("coalition", name) for name in names]

    bump_on_changes(NAMESPACE, models(SHOWN_MODELS))
    bump_on_changes(SIGNATURES, models(SIGNATURE_MODELS))
    bump_on_changes(SITE, models(SITE_MODELS))
