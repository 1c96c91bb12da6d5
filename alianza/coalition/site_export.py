"""The coalition's tables in the full site export (alianza/core/site_export.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alianza.core.site_export import file_names, site_export_register, site_export_register_models


def register() -> None:
    from alianza.coalition import models as m

    # Erased people keep their row, emptied (erased_at set): the export shows it emptied.
    # ``search_key`` and ``subject_key`` are derived from the email address (a search key
    # and a keyed hash), so they are left out: nothing to gain, and they could re-identify.
    site_export_register(model=m.Person, order=10, exclude=("search_key",), description=_(
        "Everyone the coalition knows. A person erased at their request keeps an empty row "
        "with the date in erased_at."))
    site_export_register(model=m.Consent, order=11, exclude=("subject_key",), description=_(
        "Every consent given or withdrawn, in order: the full history, never edited."))
    site_export_register(model=m.Organization, order=12, files=file_names(m.Organization,
                                                                          "logo"))
    site_export_register(model=m.PersonDataLog, order=39, exclude=("subject_key",))
    site_export_register(model=m.CoalitionProfile, order=40,
                         files=file_names(m.CoalitionProfile, "logo"))
    site_export_register_models(
        m.PersonEmail, m.OrganizationText, m.Affiliation, m.AffiliationClaim,
        m.MembershipApplication, m.MembershipStatusChange, m.Statement, m.StatementVersion,
        m.StatementText, m.Signature, m.Workgroup, m.WorkgroupText, m.WorkgroupMembership,
        m.WorkgroupMeeting, m.WorkgroupMeetingText, m.WorkgroupRosterChange, m.PersonNote,
        m.PersonMerge, m.OrganizationMerge, m.CoalitionProfileText, m.ContactImportPerson,
        order=13,
    )
