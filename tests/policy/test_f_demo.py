"""The demo action alert."""

from __future__ import annotations

import pytest

from alianza.policy.demo.actions import SLUG, demo_actions
from alianza.policy.models import ActionCampaign, ActionLetter, Bill, LegislativeSession
from tests.policy import f_factories as f

pytestmark = pytest.mark.django_db


def test_the_demo_makes_one_live_bilingual_action_about_ab_2268_with_letters():
    f.legislature()
    demo_actions()
    campaign = ActionCampaign.objects.get(slug=SLUG)
    assert campaign.is_live and campaign.bill.identifier == "AB 2268"
    assert campaign.bill.session.identifier == "20232024"
    assert "summary to be written by staff" in campaign.bill.title
    assert set(campaign.texts.values_list("language", flat=True)) == {"en", "es"}
    letters = list(campaign.letters.select_related("legislator"))
    # The made-up supporters write to whoever holds the seats: two Assembly members and a
    # senator (the other Senate seat is vacant).
    assert len(letters) == 3
    assert {letter.status for letter in letters} == {ActionLetter.Status.QUEUED}
    assert all(letter.body.strip() for letter in letters)
    spanish = next(letter for letter in letters if letter.supporter_language == "es")
    assert "Le escribo como residente del Distrito" in spanish.body


def test_running_the_demo_twice_adds_nothing(client):
    f.legislature()
    demo_actions()
    demo_actions()
    assert ActionCampaign.objects.count() == 1 and ActionLetter.objects.count() == 3
    assert LegislativeSession.objects.count() == 1 and Bill.objects.count() == 1
    page = client.get(f"/es/policy/act/{SLUG}/")
    assert "Escriba a sus representantes sobre AB 2268" in page.content.decode()


def test_the_demo_keeps_a_bill_already_on_file_as_it_is():
    bill = f.bill()
    demo_actions()
    bill.refresh_from_db()
    assert bill.title == "To be written by staff"
    assert ActionCampaign.objects.get().bill == bill


def test_without_legislators_the_demo_action_has_no_letters():
    demo_actions()
    assert ActionCampaign.objects.get().is_live
    assert not ActionLetter.objects.exists()
