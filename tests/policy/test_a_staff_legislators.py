"""Staff add, edit and deactivate an office's staff contacts and set its letter language."""

from __future__ import annotations

import pytest

from alianza.policy.models import OfficeContact
from tests.policy import a_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return make.legislator()


@pytest.fixture
def policy(django_user_model):
    return make.client_for(make.staff_user(django_user_model))


def test_staff_add_a_scheduler_to_the_capitol_office(policy, member):
    capitol = member.offices.get(kind="capitol")

    response = policy.post(f"/en/policy/staff/legislators/{member.pk}/contacts/", {
        "name": "Jordan Lee", "role": "Scheduler", "office": capitol.pk,
        "email": "jordan.lee@asm.ca.gov", "phone": "916-319-2066"})

    assert response.status_code == 302
    contact = OfficeContact.objects.get()
    assert (contact.name, contact.office, contact.is_active) == ("Jordan Lee", capitol, True)
    assert contact.added_by.username == "paula"
    page = policy.get(f"/en/policy/staff/legislators/{member.pk}/").content.decode()
    assert "Jordan Lee" in page and "Scheduler" in page


def test_a_contact_without_a_name_is_refused_in_spanish_and_nothing_is_stored(policy, member):
    response = policy.post(f"/es/policy/staff/legislators/{member.pk}/contacts/", {
        "name": "", "role": "Consultora de educación", "email": "ana@asm.ca.gov"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Este campo es obligatorio." in page
    assert 'value="ana@asm.ca.gov"' in page  # what was typed is kept
    assert not OfficeContact.objects.exists()


def test_an_office_of_another_legislator_cannot_be_chosen(policy, member):
    other = make.legislator("Aisha Wahab", chamber="upper", number=10)

    response = policy.post(f"/en/policy/staff/legislators/{member.pk}/contacts/", {
        "name": "Jordan Lee", "office": other.offices.first().pk})

    assert response.status_code == 400
    assert not OfficeContact.objects.exists()


def test_staff_edit_then_deactivate_and_reactivate_a_contact(policy, member):
    contact = OfficeContact.objects.create(legislator=member, name="Jordan Lee",
                                           role="Scheduler")

    policy.post(f"/en/policy/staff/legislators/contacts/{contact.pk}/",
                {"name": "Jordan Lee", "role": "Education consultant"})
    policy.post(f"/en/policy/staff/legislators/contacts/{contact.pk}/active/", {"active": "0"})

    contact.refresh_from_db()
    assert contact.role == "Education consultant"
    assert not contact.is_active
    page = policy.get(f"/en/policy/staff/legislators/{member.pk}/").content.decode()
    assert "No longer there" in page and "Mark as active again" in page

    policy.post(f"/en/policy/staff/legislators/contacts/{contact.pk}/active/", {"active": "1"})
    contact.refresh_from_db()
    assert contact.is_active


def test_the_letter_language_of_an_office_is_set_on_the_staff_page(policy, member):
    capitol = member.offices.get(kind="capitol")

    response = policy.post(f"/en/policy/staff/legislators/offices/{capitol.pk}/language/",
                           {f"office-{capitol.pk}-letter_language": "es"}, follow=True)

    capitol.refresh_from_db()
    assert capitol.letter_language == "es"
    assert "Letters to this office will be in Spanish." in response.content.decode()


def test_an_unknown_letter_language_changes_nothing(policy, member):
    capitol = member.offices.get(kind="capitol")

    policy.post(f"/en/policy/staff/legislators/offices/{capitol.pk}/language/",
                {f"office-{capitol.pk}-letter_language": "fr"})

    capitol.refresh_from_db()
    assert capitol.letter_language == "en"


def test_staff_contacts_never_appear_on_the_public_page(client, member):
    OfficeContact.objects.create(legislator=member, name="Jordan Lee", role="Scheduler")

    page = client.get(f"/en/policy/legislators/{member.pk}/").content.decode()

    assert "Jordan Lee" not in page


def test_only_policy_staff_manage_contacts(client, django_user_model, member):
    coordinator = make.client_for(make.coalition_staff(django_user_model))
    url = f"/en/policy/staff/legislators/{member.pk}/contacts/"

    assert coordinator.post(url, {"name": "Jordan Lee"}).status_code == 403
    assert coordinator.get(f"/en/policy/staff/legislators/{member.pk}/").status_code == 403
    assert client.get(f"/en/policy/staff/legislators/{member.pk}/").status_code == 302
    assert not OfficeContact.objects.exists()


def test_the_staff_list_finds_a_member_and_links_to_their_staff_page(policy, member):
    make.legislator("Aisha Wahab", chamber="upper", number=10)

    page = policy.get("/es/policy/staff/legislators/", {"q": "murat"}).content.decode()

    assert f"/es/policy/staff/legislators/{member.pk}/" in page
    assert "Distrito 66 de la Asamblea" in page
    assert "Aisha Wahab" not in page
