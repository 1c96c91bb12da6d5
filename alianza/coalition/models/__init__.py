"""People, organizations and how they belong to the coalition.

One module per subject; everything is importable from ``alianza.coalition.models``.
"""

from .base import LANGUAGE_TAG_LENGTH, normalize_email
from .consent import Consent
from .intake import ContactImport, JoinSubmission
from .membership import MembershipApplication, MembershipStatusChange
from .merges import OrganizationDistinct, OrganizationMerge
from .people import Affiliation, Organization, Person, PersonEmail
from .profile import CoalitionProfile, CoalitionProfileText
from .statements import Signature, Statement, StatementText, StatementVersion
from .workgroups import Workgroup, WorkgroupMembership, WorkgroupText

__all__ = [
    "LANGUAGE_TAG_LENGTH",
    "Affiliation",
    "CoalitionProfile",
    "CoalitionProfileText",
    "Consent",
    "ContactImport",
    "JoinSubmission",
    "MembershipApplication",
    "MembershipStatusChange",
    "Organization",
    "OrganizationDistinct",
    "OrganizationMerge",
    "Person",
    "PersonEmail",
    "Signature",
    "Statement",
    "StatementText",
    "StatementVersion",
    "Workgroup",
    "WorkgroupMembership",
    "WorkgroupText",
    "normalize_email",
]
