"""Staff pages for action alerts: campaigns, counts, letters, printing and the ZIP file."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.core.roles import OUTREACH, POLICY
from alianza.policy.models import (
    ActionCampaign,
    ActionLetter,
    ActionSubmission,
    Chamber,
    Office,
    ZipDistrict,
)
from alianza.policy.selectors.actions import seat_holder
from tests.policy import f_factories as f

pytestmark = pytest.mark.django_db

STAFF = "/en/policy/staff/campaigns/"


def member_of(django_user_model, role: str) -> Client:
    user = django_user_model.objects.create_user(role.lower().replace(" ", ""),
                                                 f"{role[:3]}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def policy(django_user_model) -> Client:
    return member_of(django_user_model, POLICY)


@pytest.fixture
def seats():
    return f.legislature()


@pytest.fixture
def campaign(seats):
    return f.campaign()


def letter(campaign, chamber: str, number: int, *, name: str, body: str,
           status: str = ActionLetter.Status.SENT, language: str = "es") -> ActionLetter:
    seat = seat_holder(chamber, number)
    email = f"{name.split()[0].lower()}@example.org"
    person = Person.objects.create(name=name, email=email)
    submission = ActionSubmission.objects.create(
        campaign=campaign, supporter=person, email=email, name=name, city="Salinas",
        zip_code="93901", language=language, emailed_at=timezone.now(),
        confirmed_at=None if status == ActionLetter.Status.UNCONFIRMED else timezone.now())
    return ActionLetter.objects.create(
        campaign=campaign, submission=submission, supporter=person, legislator=seat.legislator,
        office=seat.office, chamber=chamber, district=seat.district,
        language=seat.letter_language, supporter_language=language, subject="AB 2268",
        body=body, status=status, confirmed_at=timezone.now())


def form_data(**changes) -> dict:
    data = {"slug": "ab-2268-letters", "bill": "", "budget_item": "", "targets": "both",
            "delivery": "email", "is_live": "on"}
    for language, texts in f.TEXTS.items():
        for field, value in texts.items():
            data[f"{field}_{language}"] = value
    data.update(changes)
    return data


# Campaigns ----------------------------------------------------------------------


def test_policy_staff_create_an_action_alert_with_texts_in_both_languages(policy, seats):
    bill = f.bill()
    assert "AB 2268 (20232024)" in policy.get(STAFF + "new/").content.decode()
    response = policy.post(STAFF + "new/", form_data(bill=str(bill.pk)))
    campaign = ActionCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{STAFF}{campaign.pk}/"
    assert campaign.bill == bill and campaign.is_live and not campaign.show_count
    assert campaign.texts.get(language="es").title == f.TEXTS["es"]["title"]


def test_only_tracked_bills_are_offered(policy, seats):
    bill = f.bill()
    bill.is_tracked = False
    bill.save()
    assert "AB 2268" not in policy.get(STAFF + "new/").content.decode()
    assert policy.post(STAFF + "new/", form_data(bill=str(bill.pk))).status_code == 400


def test_an_unknown_placeholder_is_refused_and_named(policy, seats):
    bill = f.bill()
    response = policy.post(STAFF + "new/", form_data(
        bill=str(bill.pk), letter_template_es="Hola {legislador}, soy {supporter_name}."))
    assert response.status_code == 400
    assert "Unknown placeholder {legislador}" in response.content.decode()
    assert not ActionCampaign.objects.exists()


def test_an_action_must_be_about_a_bill_or_a_budget_item(policy, seats):
    response = policy.post(STAFF + "new/", form_data())
    assert response.status_code == 400
    assert "Choose the bill or the budget item" in response.content.decode()


def test_a_language_is_filled_in_wholly_or_not_at_all(policy, seats):
    bill = f.bill()
    response = policy.post(STAFF + "new/", form_data(bill=str(bill.pk), letter_template_es=""))
    assert response.status_code == 400
    assert "Fill in every text of this language" in response.content.decode()
    # Left wholly blank, Spanish readers get the English texts.
    blank = {f"{field}_es": "" for field in f.TEXTS["es"]}
    assert policy.post(STAFF + "new/", form_data(bill=str(bill.pk), **blank)).status_code == 302
    assert list(ActionCampaign.objects.get().texts.values_list("language", flat=True)) == ["en"]


def test_editing_an_action_keeps_its_letters_and_can_close_it(policy, campaign):
    letter(campaign, Chamber.LOWER, 52, name="Ana Ruiz", body="Hola.")
    data = form_data(slug="ab-2268", bill=str(campaign.bill_id), title_en="New title")
    del data["is_live"]
    assert policy.post(f"{STAFF}{campaign.pk}/edit/", data).status_code == 302
    campaign.refresh_from_db()
    assert not campaign.is_live and campaign.letters.count() == 1
    assert campaign.texts.get(language="en").title == "New title"


def test_a_slug_in_use_is_refused(policy, campaign):
    response = policy.post(STAFF + "new/", form_data(slug="ab-2268", bill=str(campaign.bill_id)))
    assert response.status_code == 400
    assert "Another action alert uses this short name." in response.content.decode()


# Counts and letters ----------------------------------------------------------------------


def test_counts_per_legislator_and_district_include_only_confirmed_letters(policy, campaign):
    letter(campaign, Chamber.LOWER, 52, name="Ana Ruiz", body="Uno.")
    letter(campaign, Chamber.LOWER, 52, name="Rosa Castillo", body="Dos.",
           status=ActionLetter.Status.QUEUED)
    letter(campaign, Chamber.UPPER, 24, name="Tomás Vega", body="Tres.")
    letter(campaign, Chamber.LOWER, 53, name="Luis Flores", body="Cuatro.",
           status=ActionLetter.Status.UNCONFIRMED)
    response = policy.get(f"{STAFF}{campaign.pk}/")
    per_legislator = {(row["legislator__name"], row["total"], row["sent"], row["queued"])
                      for row in response.context["per_legislator"]}
    assert per_legislator == {("Rosa Martínez", 2, 1, 1), ("Helen Park", 1, 1, 0)}
    per_district = [(row["district_label"], row["total"])
                    for row in response.context["per_district"]]
    assert per_district == [("Assembly District 52", 2), ("Senate District 24", 1)]
    assert response.context["waiting"] == 1
    listing = policy.get(STAFF).content.decode()
    assert "Write to your legislators about AB 2268" in listing


def test_the_letters_are_shown_as_written_and_cannot_be_edited(policy, campaign):
    letter(campaign, Chamber.LOWER, 52, name="Ana Ruiz",
           body="Mi hija <b>aprendió</b> inglés.\n\nGracias.")
    page = policy.get(f"{STAFF}{campaign.pk}/letters/")
    text = page.content.decode()
    assert "Mi hija &lt;b&gt;aprendió&lt;/b&gt; inglés.\n\nGracias." in text
    assert "ana@example.org" in text
    assert "<textarea" not in text
    queued = policy.get(f"{STAFF}{campaign.pk}/letters/?status=queued").content.decode()
    assert "Mi hija" not in queued
    assert policy.post(f"{STAFF}{campaign.pk}/letters/").status_code == 405


# Printing ----------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_the_letters_to_an_office_print_as_one_pdf_with_a_page_each(policy, campaign):
    letter(campaign, Chamber.LOWER, 52, name="Ana Ruiz", body="Mi hija aprendió inglés.")
    letter(campaign, Chamber.LOWER, 52, name="Rosa Castillo", body="Apoyen AB 2268, por favor.")
    letter(campaign, Chamber.UPPER, 24, name="Tomás Vega", body="Para el senado.")
    office = Office.objects.get(legislator__name="Rosa Martínez", kind=Office.Kind.CAPITOL)
    response = policy.get(f"{STAFF}{campaign.pk}/print/{office.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "2 letters from constituents about AB 2268." in text
    assert "Dear Assemblymember Rosa Martínez," in text
    assert "A constituent in Assembly District 52 writes:" in text
    assert "Mi hija aprendió inglés." in text and "Apoyen AB 2268, por favor." in text
    assert "Para el senado." not in text  # another office's letter


def test_an_office_reading_spanish_gets_its_letters_printed_in_spanish(policy, campaign):
    letter(campaign, Chamber.LOWER, 53, name="Ana Ruiz", body="My son is learning English.",
           language="en")
    office = Office.objects.get(legislator__name="Daniel Okafor", kind=Office.Kind.CAPITOL)
    text = " ".join(pdf_text(policy.get(f"{STAFF}{campaign.pk}/print/{office.pk}/").content)
                    .split())
    assert "Apreciable asambleísta Daniel Okafor:" in text
    assert "Una persona que vive en el Distrito 53 de la Asamblea escribe:" in text
    assert "My son is learning English." in text


def test_an_office_with_no_letters_has_nothing_to_print(policy, campaign):
    office = Office.objects.filter(legislator__name="Helen Park").first()
    assert policy.get(f"{STAFF}{campaign.pk}/print/{office.pk}/").status_code == 404


def test_marking_an_office_printed_delivers_the_letters_not_emailed(policy, campaign):
    queued = letter(campaign, Chamber.LOWER, 52, name="Ana Ruiz", body="Uno.",
                    status=ActionLetter.Status.QUEUED)
    sent = letter(campaign, Chamber.LOWER, 52, name="Rosa Castillo", body="Dos.")
    office = queued.office
    response = policy.post(f"{STAFF}{campaign.pk}/print/{office.pk}/printed/")
    assert response.status_code == 302
    queued.refresh_from_db()
    sent.refresh_from_db()
    assert queued.status == "printed" and queued.printed_at is not None
    assert sent.status == "sent" and sent.printed_at is not None


# The ZIP code file ----------------------------------------------------------------------


def test_staff_import_a_zip_code_file_from_the_page(policy):
    upload = SimpleUploadedFile("zips.csv", b"zip,chamber,district\n90033,Assembly,52\n",
                                content_type="text/csv")
    response = policy.post(STAFF + "zip-codes/", {"file": upload})
    assert response.status_code == 302
    assert ZipDistrict.objects.filter(zip_code="90033", district_number=52).exists()
    assert "1 ZIP code is on file" in policy.get(STAFF + "zip-codes/").content.decode()


def test_a_bad_zip_code_file_shows_each_bad_line_and_changes_nothing(policy):
    upload = SimpleUploadedFile("zips.csv", b"zip,chamber,district\n90033,Assembly,52\n"
                                            b"9003,Assembly,99\n", content_type="text/csv")
    response = policy.post(STAFF + "zip-codes/", {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Line 3: “9003” is not a ZIP code" in text
    assert "Line 3: “99” is not an Assembly district" in text
    assert not ZipDistrict.objects.exists()


# Who may ----------------------------------------------------------------------


def test_only_the_policy_role_opens_the_action_alert_pages(django_user_model, campaign):
    letter(campaign, Chamber.LOWER, 52, name="Ana Ruiz", body="Uno.")
    office = Office.objects.get(legislator__name="Rosa Martínez", kind=Office.Kind.CAPITOL)
    pages = [STAFF, STAFF + "new/", f"{STAFF}{campaign.pk}/", f"{STAFF}{campaign.pk}/edit/",
             f"{STAFF}{campaign.pk}/letters/", f"{STAFF}{campaign.pk}/print/{office.pk}/",
             STAFF + "zip-codes/"]
    outreach = member_of(django_user_model, OUTREACH)
    policy = member_of(django_user_model, POLICY)
    anonymous = Client()
    for page in pages:
        assert outreach.get(page).status_code == 403, page
        assert anonymous.get(page).status_code == 302, page
        assert policy.get(page).status_code == 200, page
    assert outreach.post(f"{STAFF}{campaign.pk}/print/{office.pk}/printed/").status_code == 403
    assert not ActionLetter.objects.filter(printed_at__isnull=False).exists()
