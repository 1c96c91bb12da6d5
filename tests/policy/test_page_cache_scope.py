"""The cached public policy pages are dropped by changes they show, and kept through the
ones they don't (a supporter's alert choice, staff's import conflicts)."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Person
from alianza.core.page_cache import generation
from alianza.policy.models import AlertPreference
from tests.policy import factories_d as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bill_change_drops_the_cached_pages_and_an_alert_choice_keeps_them():
    bill = f.bill_create("AB 1947")
    before = generation("policy")
    rosa = Person.objects.create(name="Rosa", email="rosa@example.org")
    AlertPreference.objects.create(person=rosa, frequency="immediate")
    assert generation("policy") == before

    bill.title = "English learners: reclassification"
    bill.save()
    assert generation("policy") != before
