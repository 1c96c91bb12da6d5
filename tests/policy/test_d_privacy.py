"""A person's bill-alert choice and the alerts sent to them are part of their data: in the
download, and gone when they are erased."""

from __future__ import annotations

import datetime

import pytest

from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.policy.models import AlertPreference, AlertSent, BillChange
from tests.policy import factories_d as f

pytestmark = pytest.mark.django_db


def test_alert_choices_and_alerts_sent_are_exported_and_erased(workgroup, staff_user):
    rosa = f.member_create(workgroup, "rosa@example.org")
    AlertPreference.objects.create(person=rosa, frequency="immediate")
    bill = f.bill_create("AB 1947", workgroup=workgroup)
    change = BillChange.objects.create(bill=bill, kind="action", description="Referred.",
                                       occurred_on=datetime.date(2024, 5, 1))
    AlertSent.objects.create(change=change, address_key="k" * 64, person=rosa,
                             frequency="immediate")

    data = person_data_export(person=rosa, actor=staff_user, reason="Her request")
    assert data["policy-bill-alerts"]["alert_frequency"] == "immediate"
    assert data["policy-bill-alerts"]["alerts_sent"][0]["bill"] == "AB 1947"

    person_erase(person=rosa, actor=staff_user, reason="Her request",
                 confirmation="rosa@example.org")
    assert not AlertPreference.objects.exists() and not AlertSent.objects.exists()
    assert BillChange.objects.filter(pk=change.pk).exists()
