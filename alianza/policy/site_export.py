"""Bills, positions, legislators, meetings, campaigns and the agenda in the site export."""

from __future__ import annotations

from alianza.core.site_export import file_names, site_export_register, site_export_register_models


def register() -> None:
    from alianza.policy import models as m

    site_export_register_models(
        m.LegislativeSession, m.District, m.Legislator, m.LegislatorRole, m.Office,
        m.OfficeContact, m.Committee, m.CommitteeMembership, m.IssueArea, m.BudgetItem,
        m.BudgetItem.issue_areas.through, m.Bill, m.Bill.issue_areas.through, m.BillText,
        m.Sponsorship, m.BillAction, m.BillVersion, m.BillVote, m.Hearing, m.BillChange,
        m.BillPosition, m.BillPosition.letters.through, m.ActionCampaign,
        m.ActionCampaignText, m.ZipDistrict, m.ActionSubmission, m.ActionLetter, m.Agenda,
        m.AgendaText, m.AgendaItem, m.AgendaItem.issue_areas.through,
        m.AgendaItem.bills.through, m.AgendaItem.budget_items.through, m.AgendaItemText,
        m.AgendaItemStatusChange, m.EvidenceCitation, m.Meeting, m.Meeting.bills.through,
        m.Meeting.budget_items.through, m.MeetingAttendee, m.MeetingAsk, m.MeetingFollowUp,
        order=400,
    )
    site_export_register(model=m.MeetingAttachment, order=460,
                         files=file_names(m.MeetingAttachment, "file"))
