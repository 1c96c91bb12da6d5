"""What an import sets off: readers see the new facts at once, though the import's bulk
writes send no signals, and people following a tracked bill hear of its new action
without waiting for the daily tick."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.core.models import OutboundEmail
from alianza.policy.models import AlertPreference, Bill
from alianza.policy.services.bill_import import bills_import
from tests.policy import factories_d as f
from tests.policy.bills_b import PAGE_1, page_with, write

pytestmark = pytest.mark.django_db(transaction=True)


def bill_url(bill: Bill) -> str:
    with translation.override("en"):
        return reverse("policy-bill", args=[bill.session.identifier,
                                            "-".join(bill.identifier.lower().split())])


def test_a_cached_bill_page_shows_what_a_later_import_brought(client, tmp_path):
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9103")
    Bill.objects.filter(pk=bill.pk).update(is_tracked=True)
    assert "Hearing postponed by committee" not in client.get(bill_url(bill)).content.decode()
    # A write that sends no signal is not seen: the page comes from the cache.
    Bill.objects.filter(pk=bill.pk).update(title="A title nobody announced")
    assert "A title nobody announced" not in client.get(bill_url(bill)).content.decode()

    changed = page_with("AB 9103", add_action={
        "description": "Hearing postponed by committee", "date": "2024-05-02",
        "classification": []})
    bills_import(paths=[write(tmp_path / "page.json", changed)])

    assert "Hearing postponed by committee" in client.get(bill_url(bill)).content.decode()


def test_people_who_want_news_at_once_hear_of_an_imported_action_without_the_tick(tmp_path):
    bills_import(paths=[PAGE_1])
    Bill.objects.filter(identifier="AB 9103").update(is_tracked=True)
    staff = f.policy_staff("ana")
    AlertPreference.objects.create(user=staff, frequency="immediate")

    changed = page_with("AB 9103", add_action={
        "description": "Set for hearing in Com. on ED.", "date": datetime.date.today().isoformat(),
        "classification": []})
    bills_import(paths=[write(tmp_path / "page.json", changed)])

    [email] = OutboundEmail.objects.filter(to="ana@example.org")
    assert "Set for hearing in Com. on ED." in email.body_text
