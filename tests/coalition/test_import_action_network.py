"""Importing an Action Network activist export: recognised, mapped, nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from alianza.coalition.models import Consent, ContactImport, Person
from alianza.outreach.models import MailingList, Subscription, Suppression, Tag
from tests.coalition.import_helpers import data_file, import_file, page, upload

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = "action_network_activists.csv"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def updates(db) -> MailingList:
    return MailingList.objects.create(slug="updates")


def test_an_action_network_export_is_recognised_by_its_columns(staff_client):
    upload(staff_client, data_file(EXPORT))

    contact_import = ContactImport.objects.get()
    assert contact_import.preset == ContactImport.Preset.ACTION_NETWORK
    columns = contact_import.columns
    assert {key: columns[index] for key, index in contact_import.mapping.items()} == {
        "first_name": "first_name", "last_name": "last_name", "email": "email",
        "phone": "can2_phone", "preferred_language": "language", "county": "can2_county",
        "subscription_status": "can2_subscription_status", "tags": "can2_user_tags",
        "consent_date": "created_date",
    }
    assert "Action Network (activists)" in page(staff_client, contact_import)


def test_activists_come_with_their_tags_statuses_and_custom_fields(staff_client, updates):
    contact_import = import_file(staff_client, data_file(EXPORT), lists=["updates"],
                                 tag="From Action Network")

    assert contact_import.created_count == 5
    maria = Person.objects.get(email="maria.lopez@example.org")
    assert (maria.name, maria.preferred_language, maria.county_code) == (
        "María López", "es", "19")
    assert {t.name for t in maria.outreach_tags.all()} == {
        "From Action Network", "Parent leaders", "LAUSD", "Convening 2024"}
    assert maria.import_extra["zip_code"] == "90011"
    assert maria.import_extra["Preferred contact time"] == "Evenings"
    assert maria.import_extra["can2_user_city"] == "Los Angeles"
    subscription = maria.subscriptions.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at == datetime(2021, 3, 4, 18, 22, 10, tzinfo=UTC)
    assert subscription.source == "import:action-network"
    assert subscription.wording == (
        "Imported from Action Network activist export “action_network_activists.csv”.")
    # Unsubscribed: recorded as such, never on a list.
    ana = Person.objects.get(email="ana.ruiz@example.org")
    assert not ana.subscriptions.exists()
    assert list(Consent.objects.filter(person=ana).values_list("scope", "granted")) == [
        ("updates", False)]
    # Bouncing: its address is blocked, and it is on no list.
    assert Suppression.objects.get().address == "luis.ortega@example.net"
    assert not Person.objects.get(email="luis.ortega@example.net").subscriptions.exists()
    assert Subscription.objects.filter(status="confirmed").count() == 3
    assert Tag.objects.get(slug="from-action-network").people.count() == 5
    assert contact_import.outcome == {
        "consented": 3, "withdrawn": 1, "subscribed": 3, "suppressed": 1, "tagged": 10}


def test_importing_the_export_twice_gives_the_same_result(staff_client, updates):
    import_file(staff_client, data_file(EXPORT), lists=["updates"], tag="AN")
    counts = [model.objects.count() for model in (Person, Consent, Subscription, Suppression,
                                                  Tag, Tag.people.through)]

    second = import_file(staff_client, data_file(EXPORT), lists=["updates"], tag="AN")

    assert [model.objects.count() for model in (Person, Consent, Subscription, Suppression,
                                                Tag, Tag.people.through)] == counts
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 5)
    assert second.outcome == {}


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_clear_message(staff_client):
    response = upload(staff_client, data_file(EXPORT).__class__(
        "activists.csv", b"%PDF-1.7\n\x00\x01\x02 binary"), preset="action_network")

    assert response.status_code == 400
    assert "This does not look like a CSV file." in response.content.decode()
    assert not ContactImport.objects.exists()


def test_an_export_without_email_addresses_cannot_be_checked(staff_client):
    rows = b"first_name,last_name,zip_code,can2_subscription_status\nAna,Ruiz,93706,subscribed\n"
    upload(staff_client, data_file(EXPORT).__class__("activists.csv", rows))
    contact_import = ContactImport.objects.get()

    html = page(staff_client, contact_import)
    from tests.coalition.import_helpers import check

    response = check(staff_client, contact_import)
    assert response.status_code == 400
    assert "Choose a column for: Email." in response.content.decode()
    assert "Action Network" in html
    assert not Person.objects.exists()


def test_custom_fields_are_shown_on_the_persons_data_page(staff_client):
    from django.urls import reverse

    import_file(staff_client, data_file(EXPORT))
    maria = Person.objects.get(email="maria.lopez@example.org")

    html = staff_client.get(reverse("coalition-person-data", args=[maria.pk])).content.decode()

    assert "Other imported data" in html
    assert "Preferred contact time" in html and "Evenings" in html
