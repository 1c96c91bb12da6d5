"""Staff see language names ("Spanish", "Español"), never tags ("es"), on the pages that
list people's or texts' languages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import Person
from alianza.core.templatetags.alianza_languages import join_language_labels
from alianza.outreach.models import Delivery, Mailing
from tests.convenings.factories import event_create
from tests.policy.f_factories import campaign

pytestmark = pytest.mark.django_db


def _get(client, name: str, language: str, pk: int) -> str:
    with translation.override(language):
        response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_mailing_report_names_each_recipients_language(staff_client):
    mailing = Mailing.objects.create(name="March update", status=Mailing.Status.SENT)
    person = Person.objects.create(name="Rosa Díaz", email="rosa@example.org")
    Delivery.objects.create(mailing=mailing, person=person, address=person.email, language="es",
                            status=Delivery.Status.SENT)

    assert "<td>Spanish</td>" in _get(staff_client, "outreach-staff-mailing-report", "en",
                                      mailing.pk)
    assert "<td>Español</td>" in _get(staff_client, "outreach-staff-mailing-report", "es",
                                      mailing.pk)


def test_an_events_staff_page_names_its_languages_and_interpretation(staff_client):
    event = event_create(languages_offered="en,es", interpretation="es")

    page = _get(staff_client, "events-staff-detail", "en", event.pk)

    assert "English, Spanish" in page
    assert "interpretation into Spanish" in page
    assert "en,es" not in page


def test_an_action_alerts_texts_are_headed_by_their_language(staff_client):
    alert = campaign()

    page = _get(staff_client, "policy-staff-campaign", "es", alert.pk)

    assert "(Inglés)</h3>" in page
    assert "(en)</h3>" not in page


def test_several_tags_are_joined_as_names_and_odd_entries_are_skipped_or_kept():
    with translation.override("en"):
        assert join_language_labels("en, es,") == "English, Spanish"
        assert join_language_labels(["es", "zz"]) == "Spanish, zz"
        assert join_language_labels("") == ""
