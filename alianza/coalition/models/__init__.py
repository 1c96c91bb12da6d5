"""People, organizations and how they belong to the coalition.

One module per subject; everything is importable from ``alianza.coalition.models``.
"""

from .base import LANGUAGE_TAG_LENGTH, normalize_email, subject_key
from .consent import Consent, ConsentImmutableError
from .intake import ContactImport, ContactImportPerson, JoinConfirmation, JoinSubmission
from .membership import MembershipApplication, MembershipStatusChange
from .merges import OrganizationDistinct, OrganizationMerge
from .people import (
    Affiliation,
    AffiliationClaim,
    Organization,
    OrganizationText,
    Person,
    PersonEmail,
)
from .person_records import PersonDistinct, PersonMerge, PersonNote
from .privacy import PersonDataLog, PersonDataLogImmutableError
from .profile import CoalitionProfile, CoalitionProfileText
from .statements import Signature, Statement, StatementText, StatementVersion
from .workgroups import (
    Workgroup,
    WorkgroupMeeting,
    WorkgroupMeetingText,
    WorkgroupMembership,
    WorkgroupRosterChange,
    WorkgroupText,
)

__all__ = [
    "LANGUAGE_TAG_LENGTH",
    "Affiliation",
    "AffiliationClaim",
    "AffiliationClaim",
    "CoalitionProfile",
    "CoalitionProfileText",
    "Consent",
    "ConsentImmutableError",
    "ContactImport",
    "ContactImportPerson",
    "JoinConfirmation",
    "JoinSubmission",
    "MembershipApplication",
    "MembershipStatusChange",
    "Organization",
    "OrganizationDistinct",
    "OrganizationMerge",
    "OrganizationText",
    "Person",
    "PersonDataLog",
    "PersonDataLogImmutableError",
    "PersonDistinct",
    "PersonEmail",
    "PersonMerge",
    "PersonNote",
    "Signature",
    "Statement",
    "StatementText",
    "StatementVersion",
    "Workgroup",
    "WorkgroupMeeting",
    "WorkgroupMeetingText",
    "WorkgroupMembership",
    "WorkgroupRosterChange",
    "WorkgroupText",
    "normalize_email",
    "subject_key",
]
