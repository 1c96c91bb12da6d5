"""The policy module: the legislature, bills, and what the coalition does about them."""

from alianza.policy.models.actions import (
    ActionCampaign,
    ActionCampaignText,
    ActionLetter,
    ActionSubmission,
    ZipDistrict,
)
from alianza.policy.models.agenda import (
    Agenda,
    AgendaItem,
    AgendaItemStatusChange,
    AgendaItemText,
    AgendaLevel,
    AgendaStatus,
    AgendaText,
    CitationLevel,
    EvidenceCitation,
)
from alianza.policy.models.bills import (
    Bill,
    BillAction,
    BillChange,
    BillConflict,
    BillStatus,
    BillText,
    BillVersion,
    BillVote,
    BudgetItem,
    Hearing,
    IssueArea,
    Sponsorship,
)
from alianza.policy.models.legislature import (
    CALIFORNIA,
    Chamber,
    Committee,
    CommitteeMembership,
    District,
    LegislativeSession,
    Legislator,
    LegislatorRole,
    Office,
    OfficeContact,
)
from alianza.policy.models.meetings import (
    FollowUpReminder,
    Meeting,
    MeetingAsk,
    MeetingAttachment,
    MeetingAttendee,
    MeetingFollowUp,
)
from alianza.policy.models.positions import (
    AlertPreference,
    AlertSent,
    BillPosition,
    Frequency,
    Stance,
)

__all__ = [
    "Agenda", "AgendaItem", "AgendaItemStatusChange", "AgendaItemText", "AgendaLevel",
    "AgendaStatus", "AgendaText", "CitationLevel", "EvidenceCitation",
    "ActionCampaign", "ActionCampaignText", "ActionLetter", "ActionSubmission", "ZipDistrict",
    "CALIFORNIA", "Bill", "BillAction", "BillChange", "BillConflict", "BillStatus", "BillText",
    "BillVersion", "BillVote",
    "BudgetItem", "Chamber", "Committee", "CommitteeMembership", "District", "Hearing",
    "IssueArea", "LegislativeSession", "Legislator", "LegislatorRole", "Office",
    "OfficeContact", "Sponsorship",
    # Advocacy meetings
    "FollowUpReminder", "Meeting", "MeetingAsk", "MeetingAttachment", "MeetingAttendee",
    "MeetingFollowUp",
    "AlertPreference", "AlertSent", "BillPosition", "Frequency", "Stance",
]
