"""The bill tracker's part of a person's data, for export and erasure (core.privacy): how
often they chose to hear about tracked bills, and which alerts were sent to them."""

from __future__ import annotations

from typing import Any

from alianza.policy.models import AlertPreference, AlertSent


def bill_alerts_export(person) -> dict[str, Any]:
    preference = AlertPreference.objects.filter(person=person).first()
    return {
        "alert_frequency": preference.frequency if preference else None,
        "alerts_sent": [
            {"bill": row.change.bill.identifier, "session": row.change.bill.session.identifier,
             "change": row.change.description, "frequency": row.frequency,
             "sent_at": row.sent_at.isoformat()}
            for row in AlertSent.objects.filter(person=person).select_related(
                "change__bill__session").order_by("sent_at", "pk")
        ],
    }


def bill_alerts_erase(person) -> dict[str, int]:
    """The choice and the record of alerts go; an erased person is no longer a follower."""
    return {
        "alert_preferences_removed": AlertPreference.objects.filter(person=person).delete()[0],
        "alerts_sent_removed": AlertSent.objects.filter(person=person).delete()[0],
    }
