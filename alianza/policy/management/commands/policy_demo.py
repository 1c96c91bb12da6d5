"""Load the policy demo: the real California legislators (Open States, CC0), the seed
bills, the 2023-24 agenda, the coalition's positions, a May 2024 delegation visit and a
live action alert. Safe to run twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alianza.policy.demo.actions import demo_actions
from alianza.policy.demo.agenda import demo_agenda
from alianza.policy.demo.bills import demo_bills
from alianza.policy.demo.legislators import demo_legislators
from alianza.policy.demo.meetings import demo_meetings
from alianza.policy.demo.positions import demo_positions

# In this order: each part finds what the earlier ones made.
PARTS = (demo_legislators, demo_bills, demo_agenda, demo_positions, demo_meetings,
         demo_actions)


class Command(BaseCommand):
    help = "Create the policy module's demo data."

    def handle(self, *args, **options) -> None:
        for part in PARTS:
            part()
        from alianza.policy.models import ActionCampaign, Agenda, Bill, Legislator, Meeting

        self.stdout.write(
            f"Policy demo: {Legislator.objects.count()} legislators, "
            f"{Bill.objects.filter(is_tracked=True).count()} tracked bills, "
            f"{Agenda.objects.count()} agenda, {Meeting.objects.count()} meetings, "
            f"{ActionCampaign.objects.count()} action alert.")
