"""Outreach's part of a contact import: tags, mailing lists and blocked addresses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from alianza.coalition.models import Consent, Person
from alianza.core.import_hooks import (
    CONSENT_CLEANED,
    CONSENT_YES,
    ImportBatch,
    ImportedRow,
    import_hooks,
)
from alianza.outreach.imports import outreach_import_apply, tag_slug
from alianza.outreach.models import Subscription, Suppression, Tag


def batch(rows, *, write=True, **options) -> ImportBatch:
    return ImportBatch(rows=rows, options=options, write=write, import_id=1,
                       file_name="people.csv", column="Email")


def row(person: Person | None, number=2, **values) -> ImportedRow:
    return ImportedRow(row=number, person_id=person.pk if person else None,
                       email=person.email if person else "new@example.org",
                       language="es", **values)


def test_outreach_registers_its_part_of_the_import():
    assert "outreach" in [hook.key for hook in import_hooks()]


def test_a_tag_without_latin_letters_still_gets_a_stable_slug():
    assert tag_slug("Educación bilingüe") == "educacion-bilingue"
    assert tag_slug("家长") == tag_slug("家长") != tag_slug("教师")
    assert tag_slug("家长").startswith("tag-")


@pytest.mark.django_db
def test_someone_who_left_a_list_stays_off_it_and_the_row_says_so(updates):
    person = Person.objects.create(name="Ana", email="ana@example.org")
    Subscription.objects.create(person=person, mailing_list=updates, source="site",
                                language="es", status=Subscription.Status.UNSUBSCRIBED,
                                unsubscribed_at=timezone.now())

    result = outreach_import_apply(batch([row(person, consent=CONSENT_YES)],
                                         lists=["updates"]))

    assert person.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED
    assert not Consent.objects.exists()
    assert result.counts == {"list_kept_unsubscribed": 1}
    assert result.notes[0]["code"] == "list_kept_unsubscribed"
    assert result.notes[0]["params"] == {"list": "General updates"}


@pytest.mark.django_db
def test_a_pending_request_becomes_confirmed_when_the_file_shows_consent(updates):
    person = Person.objects.create(name="Bo", email="bo@example.org")
    Subscription.objects.create(person=person, mailing_list=updates, source="site",
                                language="en", status=Subscription.Status.PENDING,
                                expires_at=timezone.now() + timezone.timedelta(days=3))
    given = datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)

    outreach_import_apply(batch([row(person, consent=CONSENT_YES, consent_at=given,
                                     source="paper form", wording="Send me news")],
                                lists=["updates"]))

    subscription = person.subscriptions.get()
    assert (subscription.status, subscription.confirmed_at, subscription.expires_at) == (
        Subscription.Status.CONFIRMED, given, None)
    consent = Consent.objects.get()
    assert (consent.scope, consent.granted, consent.source, consent.wording,
            consent.created_at) == ("list:updates", True, "paper form", "Send me news", given)


@pytest.mark.django_db
def test_the_dry_run_counts_and_writes_nothing(updates):
    person = Person.objects.create(name="Cy", email="cy@example.org")

    result = outreach_import_apply(batch(
        [row(person, consent=CONSENT_YES, tags=("Parents",)),
         row(None, number=3, consent=CONSENT_CLEANED)],
        write=False, lists=["updates"], tag="Spring"))

    assert result.counts == {"tagged": 3, "subscribed": 1, "suppressed": 1}
    assert not Tag.objects.exists() and not Subscription.objects.exists()
    assert not Suppression.objects.exists()


@pytest.mark.django_db
def test_an_address_already_blocked_is_not_blocked_twice(updates):
    Suppression.objects.create(address="new@example.org", reason="hard-bounce")

    result = outreach_import_apply(batch([row(None, consent=CONSENT_CLEANED)]))

    assert result.counts == {}
    assert Suppression.objects.count() == 1
