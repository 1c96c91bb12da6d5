"""The bill tracker's demo: positions on the agenda's bills, one change of position, a
letter, alert choices for the demo policy staff; twice changes nothing."""

from __future__ import annotations

import pytest

from alianza.policy.demo.positions import demo_positions
from alianza.policy.models import AlertPreference, Bill, BillPosition, BillText

pytestmark = pytest.mark.django_db


def _state():
    return (Bill.objects.count(), BillPosition.objects.count(), BillText.objects.count(),
            AlertPreference.objects.count())


def test_the_demo_positions_load_and_twice_changes_nothing(client):
    demo_positions()
    first = _state()
    demo_positions()
    assert _state() == first
    current = {b.identifier: b.positions.first().position for b in Bill.objects.all()}
    assert current == {"AB 1947": "support", "AB 2071": "support_if_amended",
                       "AB 2074": "watch", "AB 2268": "support"}
    history = [p.position for p in Bill.objects.get(identifier="AB 2071").positions.all()]
    assert history == ["support_if_amended", "watch"]
    frequencies = dict(AlertPreference.objects.values_list("user__username", "frequency"))
    assert frequencies == {"policy": "immediate", "policy-analyst": "daily"}
    page = client.get("/es/policy/bills/20232024/ab-1947/").content.decode()
    assert "Carta de apoyo: AB 1947" in page
    assert "Resumen pendiente" in page


def test_the_demo_keeps_positions_already_set_on_a_bill():
    from tests.policy import factories_d as f

    bill = f.bill_create("AB 1947", summary_en="Written by staff already.")
    BillPosition.objects.create(bill=bill, position="oppose")
    demo_positions()
    assert [p.position for p in bill.positions.all()] == ["oppose"]
    assert bill.texts.get(language="en").summary == "Written by staff already."
