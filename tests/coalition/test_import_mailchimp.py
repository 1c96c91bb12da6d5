"""Importing Mailchimp audience exports: subscribed, unsubscribed and cleaned files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from alianza.coalition.models import Consent, ContactImport, Person
from alianza.outreach.models import MailingList, Subscription, Suppression, Tag
from alianza.outreach.selectors_consent import consent_gate
from tests.coalition.import_helpers import data_file, import_file, upload

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIBED = "mailchimp_subscribed_members.csv"
UNSUBSCRIBED = "mailchimp_unsubscribed_members.csv"
CLEANED = "mailchimp_cleaned_members.csv"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def updates(db) -> MailingList:
    return MailingList.objects.create(slug="updates")


@pytest.mark.parametrize("name,status", [(SUBSCRIBED, "subscribed"),
                                         (UNSUBSCRIBED, "unsubscribed"), (CLEANED, "cleaned")])
def test_each_mailchimp_file_is_recognised_with_its_status(staff_client, name, status):
    upload(staff_client, data_file(name))

    contact_import = ContactImport.objects.get()
    assert contact_import.preset == ContactImport.Preset.MAILCHIMP
    assert contact_import.options["coalition"]["status"] == status
    columns = contact_import.columns
    mapped = {key: columns[index] for key, index in contact_import.mapping.items()}
    assert mapped["email"] == "Email Address"
    assert mapped["consent_date"] == "OPTIN_TIME"
    assert mapped["consent_confirmed"] == "CONFIRM_TIME"
    assert mapped["tags"] == "TAGS"
    assert mapped["preferred_language"] == "LANGUAGE"


def test_subscribed_members_become_confirmed_subscribers_dated_when_they_confirmed(
        staff_client, updates):
    contact_import = import_file(staff_client, data_file(SUBSCRIBED), lists=["updates"])

    rosa = Person.objects.get(email="rosa.mendez@example.org")
    assert (rosa.name, rosa.preferred_language, rosa.phone) == (
        "Rosa Méndez", "es", "(714) 555-0190")
    subscription = rosa.subscriptions.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at == datetime(2020, 2, 10, 17, 5, 1, tzinfo=UTC)
    assert subscription.wording == (
        "Imported from Mailchimp audience export “mailchimp_subscribed_members.csv”.")
    assert subscription.source == "import:mailchimp"
    assert {t.name for t in rosa.outreach_tags.all()} == {"Parent leaders", "Santa Ana"}
    assert rosa.import_extra["MEMBER_RATING"] == "4"
    assert rosa.import_extra["NOTES"] == "Met at the Santa Ana convening"
    assert rosa.import_extra["OPTIN_IP"] == "203.0.113.7"
    # No confirmation time: the opt-in time is when consent was given.
    lucia = Person.objects.get(email="lucia.flores@example.org").subscriptions.get()
    assert lucia.confirmed_at == datetime(2022, 4, 4, 4, 4, 4, tzinfo=UTC)
    assert contact_import.outcome["subscribed"] == 3
    gate = consent_gate(list_slugs=["updates"])
    assert gate.basis(rosa.pk, via_list=True, via_other=False).scope == "list:updates"


def test_unsubscribed_members_are_recorded_and_never_mailed(staff_client, updates):
    jorge = Person.objects.create(name="Jorge Díaz", email="jorge.diaz@example.org")
    Subscription.objects.create(person=jorge, mailing_list=updates, source="site",
                                language="es", status=Subscription.Status.CONFIRMED,
                                confirmed_at=timezone.now())

    contact_import = import_file(staff_client, data_file(UNSUBSCRIBED), lists=["updates"])

    assert jorge.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED
    assert set(Consent.objects.filter(person=jorge).values_list("scope", "granted")) == {
        ("updates", False), ("list:updates", False)}
    gate = consent_gate(list_slugs=["updates"])
    assert gate.basis(jorge.pk, via_list=True, via_other=True) is None
    assert jorge.__class__.objects.get(pk=jorge.pk).import_extra["UNSUB_CAMPAIGN_TITLE"] == (
        "Spring newsletter")
    assert contact_import.outcome == {"withdrawn": 1, "list_unsubscribed": 1, "tagged": 1}


def test_a_later_subscribed_file_does_not_resubscribe_someone_who_left(staff_client,
                                                                        updates):
    import_file(staff_client, data_file(UNSUBSCRIBED), lists=["updates"])
    rows = data_file(SUBSCRIBED).read().decode().replace("rosa.mendez@", "jorge.diaz@")
    from django.core.files.uploadedfile import SimpleUploadedFile

    second = import_file(staff_client, SimpleUploadedFile(SUBSCRIBED, rows.encode()),
                         lists=["updates"])

    jorge = Person.objects.get(email="jorge.diaz@example.org")
    assert not jorge.subscriptions.exists()
    assert not Consent.objects.filter(person=jorge, granted=True).exists()
    assert second.outcome["kept_unsubscribed"] == 1


def test_cleaned_members_are_blocked_and_put_on_no_list(staff_client, updates):
    contact_import = import_file(staff_client, data_file(CLEANED), lists=["updates"])

    suppression = Suppression.objects.get()
    assert suppression.address == "old.address@example.net"
    assert suppression.reason == Suppression.Reason.IMPORTED
    assert "mailchimp_cleaned_members.csv" in suppression.detail
    assert not Subscription.objects.exists() and not Consent.objects.exists()
    assert Person.objects.get().import_extra["CLEAN_CAMPAIGN_TITLE"] == "Summer update"
    assert contact_import.outcome == {"suppressed": 1}


def test_importing_the_three_files_twice_gives_the_same_result(staff_client, updates):
    def counts():
        return [model.objects.count() for model in (
            Person, Consent, Subscription, Suppression, Tag, Tag.people.through)]

    for name in (SUBSCRIBED, UNSUBSCRIBED, CLEANED):
        import_file(staff_client, data_file(name), lists=["updates"], tag="Mailchimp")
    first = counts()
    for name in (SUBSCRIBED, UNSUBSCRIBED, CLEANED):
        again = import_file(staff_client, data_file(name), lists=["updates"], tag="Mailchimp")
        assert again.outcome == {} and again.created_count == again.updated_count == 0

    assert counts() == first


def test_a_mailchimp_file_chosen_as_a_plain_spreadsheet_imports_no_consent(staff_client,
                                                                          updates):
    import_file(staff_client, data_file(SUBSCRIBED), preset="spreadsheet", lists=["updates"])

    assert Person.objects.count() == 3
    assert not Subscription.objects.exists() and not Consent.objects.exists()
