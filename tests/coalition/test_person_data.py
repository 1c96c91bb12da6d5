"""A person's data on request: staff download it or erase it, and both are logged."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import (
    Consent,
    Organization,
    Person,
    PersonDataLog,
    PersonDataLogImmutableError,
    Signature,
    subject_key,
)
from alianza.coalition.services.membership import membership_apply
from alianza.coalition.services.people import consent_record
from alianza.core.models import OutboundEmail
from alianza.outreach.models import (
    Delivery,
    Mailing,
    MailingEvent,
    MailingList,
    Subscription,
    Tag,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NAME = "Zyxwa Qorvath"  # unusual enough to find anywhere in the database
EMAIL = "zyxwa.qorvath@example.org"
OTHER_EMAIL = "zq-home@example.net"
PHONE = "555-0199-7731"


@pytest.fixture
def person(statement, workgroup) -> Person:
    person = Person.objects.create(name=NAME, email=EMAIL, phone=PHONE, county="Kern",
                                   preferred_language="es", email_confirmed_at=timezone.now())
    person.other_emails.create(email=OTHER_EMAIL)
    own_org = Organization.objects.create(name="Familias Unidas del Valle")
    big_org = Organization.objects.create(name="Californians Together")
    person.affiliations.create(organization=own_org, title="Directora Qorvath")
    version = statement.current_version()
    mine = Signature.objects.create(statement=statement, version=version, person=person,
                                    title="Madre Qorvath", listed=True, language="es",
                                    source="join-form", status="confirmed")
    Signature.objects.create(statement=statement, version=version, person=person,
                             organization=big_org, title="Directora Qorvath", listed=True,
                             language="es", source="join-form", status="confirmed")
    for kind, scope in ((Consent.Kind.EMAIL, "updates"),
                        (Consent.Kind.PUBLIC_LISTING, f"signature:{mine.pk}")):
        consent_record(person=person, kind=kind, scope=scope, granted=True,
                       wording="Receive email updates", language="es", source="join-form")
    membership_apply(organization=own_org, contact=person, mission_alignment="Familias.",
                     is_nonprofit=True, language="es", source="join-form", nonprofit_wording="ok")
    workgroup.memberships.create(person=person, language="es", status="confirmed",
                                 submitted_name=NAME, note="Presupuesto Qorvath")
    alerts = MailingList.objects.create(slug="alerts")
    Subscription.objects.create(person=person, mailing_list=alerts, status="confirmed",
                                source="form", language="es")
    Tag.objects.create(slug="parents", name="Parents").people.add(person)
    mailing = Mailing.objects.create(name="May news")
    delivery = Delivery.objects.create(mailing=mailing, person=person, address=EMAIL, name=NAME,
                                       language="es", status="sent")
    MailingEvent.objects.create(mailing=mailing, delivery=delivery, address=EMAIL, kind="open")
    OutboundEmail.objects.create(to=EMAIL, language="es", purpose="confirm-email",
                                 subject=f"Hola {NAME}", body_text=f"Hola {NAME}")
    return person


def privacy_user(django_user_model, *codenames: str):
    user = django_user_model.objects.create_user(f"privacy-{len(codenames)}", "p@example.org",
                                                 PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def officer(client, django_user_model):
    client.force_login(privacy_user(django_user_model, "export_person", "erase_person"))
    return client


def urls(person: Person) -> dict[str, str]:
    return {
        "search": reverse("coalition-person-data-search"),
        "page": reverse("coalition-person-data", args=[person.pk]),
        "download": reverse("coalition-person-data-download", args=[person.pk]),
        "erase": reverse("coalition-person-data-erase", args=[person.pk]),
    }


def download(client, person: Person, reason: str = "Email of 2 May"):
    return client.post(urls(person)["download"], {"export-reason": reason})


def erase(client, person: Person, confirmation: str = EMAIL, reason: str = "Email of 3 May"):
    return client.post(urls(person)["erase"],
                       {"erase-reason": reason, "erase-confirmation": confirmation})


# Who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, person):
    for url in urls(person).values():
        response = client.get(url) if "download" not in url and "erase" not in url \
            else client.post(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_the_permissions_are_refused(client, django_user_model, person):
    client.force_login(privacy_user(django_user_model))

    assert client.get(urls(person)["search"]).status_code == 403
    assert client.get(urls(person)["page"]).status_code == 403
    assert download(client, person).status_code == 403
    assert erase(client, person).status_code == 403
    assert not PersonDataLog.objects.exists()


def test_leads_and_member_contacts_are_refused(lead_client, person):
    assert download(lead_client, person).status_code == 403
    assert erase(lead_client, person).status_code == 403


def test_exporting_does_not_allow_erasing(client, django_user_model, person):
    client.force_login(privacy_user(django_user_model, "export_person"))

    page = client.get(urls(person)["page"]).content.decode()

    assert "Download data" in page and "Erase this person" not in page
    assert download(client, person).status_code == 200
    assert erase(client, person).status_code == 403
    assert Person.objects.get(pk=person.pk).name == NAME


# Download --------------------------------------------------------------------------------


def test_the_download_holds_everything_about_the_person(officer, person):
    response = download(officer, person)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["name"] == NAME and data["person"]["phone"] == PHONE
    assert data["other_emails"] == [OTHER_EMAIL]
    assert data["affiliations"][0]["title"] == "Directora Qorvath"
    assert {c["kind"] for c in data["consents"]} == {"email", "listing", "membership"}
    assert len(data["signatures"]) == 2
    assert data["membership_applications"][0]["organization"] == "Familias Unidas del Valle"
    assert data["workgroups"][0]["note"] == "Presupuesto Qorvath"
    assert data["outreach"]["subscriptions"][0]["list"] == "alerts"
    assert data["outreach"]["tags"] == ["parents"]
    assert data["outreach"]["mailings_received"][0]["mailing"] == "May news"
    assert data["emails_sent"][0]["subject"] == f"Hola {NAME}"


def test_a_download_is_logged_with_who_when_and_why(officer, person):
    download(officer, person, reason="Phone call of 2 May")

    entry = PersonDataLog.objects.get()
    assert entry.action == PersonDataLog.Action.EXPORT
    assert entry.actor_name == "privacy-2"
    assert entry.reason == "Phone call of 2 May"
    assert entry.subject_key == subject_key(EMAIL)
    assert "Phone call of 2 May" in officer.get(urls(person)["page"]).content.decode()


def test_a_download_needs_a_reason(officer, person):
    response = download(officer, person, reason="   ")

    assert response.status_code == 400
    assert "Please give the reason" in response.content.decode()
    assert not PersonDataLog.objects.exists()


# Erasure ---------------------------------------------------------------------------------


def test_erasing_needs_the_address_typed_and_a_reason(officer, person):
    wrong = erase(officer, person, confirmation="someone@example.org")
    no_reason = erase(officer, person, reason="")

    assert wrong.status_code == 400 and no_reason.status_code == 400
    assert "exactly as shown" in wrong.content.decode()
    assert Person.objects.get(pk=person.pk).name == NAME
    assert not PersonDataLog.objects.exists()


def _rows_mentioning(*markers: str) -> list[str]:
    found = []
    for model in apps.get_models():
        text_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for row in model.objects.values(*text_fields) if text_fields else []:
            for value in row.values():
                if any(marker.lower() in str(value).lower() for marker in markers):
                    found.append(f"{model._meta.label}: {value}")
    return found


def test_erasing_leaves_nothing_that_identifies_the_person(officer, person):
    response = erase(officer, person, confirmation=" Zyxwa.Qorvath@Example.org ")

    assert response.status_code == 302
    assert _rows_mentioning(NAME, "Qorvath", EMAIL, OTHER_EMAIL, PHONE) == []
    person.refresh_from_db()
    assert person.erased_at is not None and person.email.endswith("@erased.invalid")
    assert not Subscription.objects.exists()
    assert not person.outreach_tags.exists()
    assert not person.workgroup_memberships.exists()
    assert Delivery.objects.get().status == "sent"  # mailing reports still add up


def test_erasing_keeps_an_anonymous_consent_trail_with_withdrawals(officer, person):
    before = list(Consent.objects.order_by("pk").values_list("pk", flat=True))

    erase(officer, person)

    consents = Consent.objects.order_by("pk")
    assert list(consents.values_list("pk", flat=True))[:len(before)] == before
    latest = {(c.kind, c.scope): c.granted for c in consents}
    assert set(latest.values()) == {False}
    assert {c.subject_key for c in consents} == {subject_key(EMAIL)}
    assert consents.filter(source="erasure").count() == 3


def test_an_organizations_signature_and_application_stay_without_the_person(officer, person):
    erase(officer, person)

    signature = Signature.objects.get()
    assert signature.organization.name == "Californians Together"
    assert signature.title == ""
    assert person.applications.get().organization.name == "Familias Unidas del Valle"


def test_an_erasure_is_logged_and_found_again_by_the_address(officer, person):
    download(officer, person)
    erase(officer, person, reason="Letter of 3 May")

    entry = PersonDataLog.objects.get(action=PersonDataLog.Action.ERASE)
    assert entry.reason == "Letter of 3 May" and entry.actor_name == "privacy-2"
    assert set(entry.summary) >= {"signatures", "workgroups", "outreach", "consents"}
    search = officer.get(urls(person)["search"], {"email": EMAIL}).content.decode()
    assert "No one with this address is on file." in search
    assert "Letter of 3 May" in search and "Email of 2 May" in search


def test_a_person_is_erased_only_once(officer, person):
    erase(officer, person)

    again = erase(officer, person, confirmation=Person.objects.get(pk=person.pk).email)

    assert again.status_code == 302
    assert PersonDataLog.objects.filter(action="erase").count() == 1


def test_the_log_cannot_be_changed_or_deleted(officer, person):
    download(officer, person)
    entry = PersonDataLog.objects.get()

    for attempt in (entry.save, entry.delete, PersonDataLog.objects.all().delete,
                    lambda: PersonDataLog.objects.update(reason="x")):
        with pytest.raises(PersonDataLogImmutableError):
            attempt()
    assert PersonDataLog.objects.get().reason == "Email of 2 May"


def test_the_page_of_an_erased_person_says_so_in_spanish(officer, person):
    erase(officer, person)

    page = officer.get("/es" + urls(person)["page"][3:]).content.decode()

    assert "Persona borrada" in page and "Borrar a esta persona" not in page
    assert NAME not in page


def test_the_admin_links_a_person_to_their_data_page(staff_client, person):
    page = staff_client.get(reverse("admin:coalition_person_change", args=[person.pk]))

    assert urls(person)["page"] in page.content.decode()
