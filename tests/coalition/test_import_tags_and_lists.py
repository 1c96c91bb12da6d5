"""An import tags everyone it brings and adds to mailing lists only those who consented."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation

from alianza.coalition.models import Consent, ContactImport, Person
from alianza.outreach.models import MailingList, MailingListText, Subscription, Tag
from alianza.outreach.selectors_consent import consent_gate
from alianza.outreach.services.subscriptions import subscription_unsubscribe
from tests.coalition.import_helpers import (
    check,
    csv_file,
    import_file,
    messages_of,
    page,
    upload,
)

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["Name", "Email", "Email consent", "Consent date", "Consent source",
          "Consent wording", "Tags", "Shirt size"]
ROWS = [
    HEADER,
    ["María López", "maria@example.org", "sí", "2023-05-02", "Fall convening sign-in sheet",
     "Yes, send me the coalition's news", "Parents; LAUSD", "M"],
    ["Tuan Nguyen", "tuan@example.org", "no", "", "", "", "Teachers", ""],
    ["Ana Ruiz", "ana@example.org", "", "", "", "", "", "L"],
    ["Grace Kim", "grace@example.org", "TRUE", "", "", "", "", ""],
]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def updates(db) -> MailingList:
    mailing_list = MailingList.objects.create(slug="updates")
    MailingListText.objects.create(mailing_list=mailing_list, language="en",
                                   name="General updates")
    MailingListText.objects.create(mailing_list=mailing_list, language="es",
                                   name="Noticias generales")
    return mailing_list


def state(person: Person) -> dict:
    return {s.mailing_list.slug: s.status for s in person.subscriptions.all()}


def test_the_mapping_page_offers_a_tag_and_the_mailing_lists(staff_client, updates):
    upload(staff_client, csv_file(ROWS))
    html = page(staff_client, ContactImport.objects.get())

    assert "Tag everyone this file brings in" in html
    assert "General updates" in html
    assert "Consent wording to record" in html


def test_everyone_imported_gets_the_chosen_tag_and_their_own_tags(staff_client, updates):
    import_file(staff_client, csv_file(ROWS), tag="Fall convening 2024")

    tagged = Tag.objects.get(name="Fall convening 2024")
    assert tagged.people.count() == 4
    maria = Person.objects.get(email="maria@example.org")
    assert {t.name for t in maria.outreach_tags.all()} == {"Fall convening 2024", "Parents",
                                                           "LAUSD"}
    assert Tag.objects.get(slug="teachers").people.get().email == "tuan@example.org"


def test_only_rows_whose_consent_says_yes_join_the_chosen_lists(staff_client, updates):
    contact_import = import_file(staff_client, csv_file(ROWS), lists=["updates"])

    people = {p.email: p for p in Person.objects.all()}
    assert state(people["maria@example.org"]) == {"updates": "confirmed"}
    assert state(people["grace@example.org"]) == {"updates": "confirmed"}
    assert state(people["tuan@example.org"]) == {}  # said no
    assert state(people["ana@example.org"]) == {}  # said nothing
    assert contact_import.outcome["subscribed"] == 2
    gate = consent_gate(list_slugs=["updates"])
    assert gate.basis(people["maria@example.org"].pk, via_list=True, via_other=False)
    assert gate.basis(people["tuan@example.org"].pk, via_list=True, via_other=True) is None
    assert gate.basis(people["ana@example.org"].pk, via_list=True, via_other=True) is None


def test_the_source_wording_and_date_of_each_rows_consent_are_recorded(staff_client, updates):
    import_file(staff_client, csv_file(ROWS), lists=["updates"],
                wording="Imported from the 2024 sign-in sheets")

    maria = Person.objects.get(email="maria@example.org")
    subscription = maria.subscriptions.get()
    assert subscription.source == "Fall convening sign-in sheet"
    assert subscription.wording == "Yes, send me the coalition's news"
    assert subscription.confirmed_at == datetime(2023, 5, 2, tzinfo=UTC)
    assert subscription.welcome_steps_sent > 0  # welcomed long ago, not again
    consents = {c.scope: c for c in Consent.objects.filter(person=maria)}
    assert set(consents) == {"updates", "list:updates"}
    assert all(c.granted and c.created_at == datetime(2023, 5, 2, tzinfo=UTC)
               and c.wording == "Yes, send me the coalition's news" for c in consents.values())
    grace = Consent.objects.get(person__email="grace@example.org", scope="updates")
    assert grace.wording == "Imported from the 2024 sign-in sheets"
    assert grace.source == "import:spreadsheet"
    assert not Consent.objects.filter(person__email__in=["tuan@example.org",
                                                         "ana@example.org"]).exists()


def test_columns_mapped_to_nothing_are_kept_on_the_person(staff_client, updates):
    import_file(staff_client, csv_file(ROWS))

    assert Person.objects.get(email="maria@example.org").import_extra == {"Shirt size": "M"}
    assert Person.objects.get(email="grace@example.org").import_extra == {}


@pytest.mark.parametrize("columns,cells", [
    (["Email consent", "Unsubscribed"], ["yes", "yes"]),
    (["Email consent", "Subscription status"], ["yes", "unsubscribed"]),
    (["Email consent", "Subscription status"], ["no", "subscribed"]),
    (["Unsubscribed", "Subscription status"], ["yes", "subscribed"]),
])
def test_a_row_whose_consent_columns_disagree_is_refused_whole(staff_client, updates,
                                                               columns, cells):
    rows = [["Name", "Email", "Tags", *columns],
            ["Pat Doe", "pat@example.org", "Parents", *cells],
            ["Sam Roe", "sam@example.org", "", *["" for _ in cells]]]
    contact_import = import_file(staff_client, csv_file(rows), lists=["updates"],
                                 tag="Spring")

    assert not Person.objects.filter(email="pat@example.org").exists()
    assert not Consent.objects.exists() and not Subscription.objects.exists()
    assert Tag.objects.get(slug="spring").people.get().email == "sam@example.org"
    [message] = messages_of(contact_import)
    assert "consent columns of this row disagree" in message
    assert f"{columns[0]}: {cells[0]}" in message


def test_the_conflict_is_explained_in_the_staff_language(staff_client, updates):
    rows = [["Nombre", "Correo", "Email consent", "Unsubscribed"],
            ["Pat Doe", "pat@example.org", "sí", "sí"]]
    contact_import = import_file(staff_client, csv_file(rows), lists=["updates"])

    with translation.override("es"):
        [message] = messages_of(contact_import)
    assert "no coinciden" in message


def test_a_person_who_unsubscribed_stays_unsubscribed_and_the_row_says_so(staff_client,
                                                                         updates):
    grace = Person.objects.create(name="Grace Kim", email="grace@example.org")
    Consent.objects.create(person=grace, kind=Consent.Kind.EMAIL, scope="all", granted=False,
                           wording="Unsubscribe from everything", language="en",
                           source="unsubscribe-page")
    maria = Person.objects.create(name="María López", email="maria@example.org")
    Subscription.objects.create(person=maria, mailing_list=updates, source="site",
                                language="es", status=Subscription.Status.CONFIRMED,
                                confirmed_at=timezone.now())
    subscription_unsubscribe(person=maria, lists=[updates], source="unsubscribe-link",
                             wording="Unsubscribe")

    contact_import = import_file(staff_client, csv_file(ROWS), lists=["updates"])

    assert state(Person.objects.get(pk=grace.pk)) == {}
    assert state(Person.objects.get(pk=maria.pk)) == {"updates": "unsubscribed"}
    assert not Consent.objects.filter(person=grace, granted=True).exists()
    assert not Consent.objects.filter(person=maria, granted=True).exclude(
        scope="list:updates").exists()
    messages = messages_of(contact_import)
    assert len([m for m in messages if "had unsubscribed from email before" in m]) == 2
    assert contact_import.outcome["kept_unsubscribed"] == 2
    html = page(staff_client, contact_import)
    assert "kept unsubscribed" in html


def test_importing_the_same_file_twice_changes_nothing_the_second_time(staff_client,
                                                                       updates):
    import_file(staff_client, csv_file(ROWS), lists=["updates"], tag="Fall")
    before = (Consent.objects.count(), Subscription.objects.count(),
              Tag.people.through.objects.count())

    second = import_file(staff_client, csv_file(ROWS), lists=["updates"], tag="Fall")

    assert (Consent.objects.count(), Subscription.objects.count(),
            Tag.people.through.objects.count()) == before
    assert second.created_count == 0 and second.updated_count == 0
    assert second.unchanged_count == 4
    assert second.outcome == {}


def test_the_dry_run_counts_tags_and_subscriptions_and_saves_none(staff_client, updates):
    upload(staff_client, csv_file(ROWS))
    contact_import = ContactImport.objects.get()

    check(staff_client, contact_import, tag="Fall", lists=["updates"])

    assert contact_import.preview["outcome"] == {"consented": 2, "subscribed": 2,
                                                 "tagged": 7}
    assert not Person.objects.exists() and not Tag.objects.exists()
    html = page(staff_client, contact_import)
    assert "added to mailing lists" in html
    assert "Tagged “Fall”" in html


def test_a_consent_date_that_cannot_be_read_refuses_the_row(staff_client, updates):
    rows = [["Name", "Email", "Email consent", "Consent date"],
            ["Pat Doe", "pat@example.org", "yes", "the 5th of May"],
            ["Sam Roe", "sam@example.org", "yes", "2099-01-01"],
            ["Lee Poe", "lee@example.org", "maybe", ""]]
    contact_import = import_file(staff_client, csv_file(rows), lists=["updates"])

    assert not Person.objects.exists()
    messages = messages_of(contact_import)
    assert "“the 5th of May” is not a date we can read. Write it as 2024-03-15." in messages
    assert "“2099-01-01” is in the future." in messages
    assert "“maybe” is neither yes nor no." in messages


def test_a_merge_keeps_the_imported_columns_of_both_people(db):
    from alianza.core.people import person_merge_parts

    survivor = Person.objects.create(name="Ana", email="ana@example.org",
                                     import_extra={"Shirt size": "M"})
    duplicate = Person.objects.create(name="Ana R.", email="ana.r@example.org",
                                      import_extra={"Shirt size": "L", "zip_code": "93706"})

    counts = person_merge_parts()["coalition-imported-data"](survivor, duplicate)

    survivor.refresh_from_db()
    assert survivor.import_extra == {"Shirt size": "M", "zip_code": "93706"}
    assert counts == {"imported columns": 1}
