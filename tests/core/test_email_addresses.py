"""One rule for email addresses everywhere: internationalised domains become punycode;
non-ASCII local parts and IP literals are refused at entry, in the reader's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from alianza.coalition.imports.fields import ERROR_MESSAGES, clean_person
from alianza.coalition.models import Person
from alianza.core.email_address import email_address_normalize
from alianza.outreach.models import MailingList, Subscription
from alianza.outreach.services.validation import address_problem

pytestmark = pytest.mark.django_db

NON_ASCII_EN = "accented or non-Latin letters before the “@”"
NON_ASCII_ES = "letras acentuadas o no latinas antes de la «@»"
IP_EN = "not a numeric IP address"
IP_ES = "no una dirección IP numérica"


@pytest.mark.parametrize(("typed", "stored"), [
    ("Ana@Example.org", "ana@example.org"),
    ("  bo@example.org ", "bo@example.org"),
    ("maria@educación.example", "maria@xn--educacin-13a.example"),
    ("li@例え.jp", "li@xn--r8jz45g.jp"),
])
def test_ascii_local_parts_are_accepted_and_unicode_domains_become_punycode(typed, stored):
    assert email_address_normalize(typed) == stored


@pytest.mark.parametrize(("typed", "code"), [
    ("josé@example.org", "non_ascii_local"),
    ("用户@例子.广告", "non_ascii_local"),
    ("user@[192.0.2.1]", "ip_literal"),
    ("user@[IPv6:2001:db8::1]", "ip_literal"),
    ("user@192.0.2.1", "ip_literal"),
    ('"a b"@example.org', "invalid"),
    ("a@b@example.org", "invalid"),
    ("ana@example.org>\r\nBcc: x@evil.example", "invalid"),
    ("x" * 65 + "@example.org", "too_long"),
    ("ana@", "invalid"),
])
def test_addresses_that_cannot_be_delivered_everywhere_are_refused(typed, code):
    with pytest.raises(ValidationError) as refused:
        email_address_normalize(typed)
    assert refused.value.code == code


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(("language", "non_ascii", "ip"), [
    ("en", NON_ASCII_EN, IP_EN), ("es", NON_ASCII_ES, IP_ES)])
def test_the_join_form_refuses_them_in_the_readers_language(
    client, statement, language, non_ascii, ip
):
    data = {"actions": ["sign_individual"], "name": "José Pérez"}
    for address, message in (("josé@example.org", non_ascii), ("jose@[192.0.2.1]", ip)):
        response = client.post(url("coalition-join", language), {**data, "email": address})

        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(("language", "non_ascii"), [("en", NON_ASCII_EN), ("es", NON_ASCII_ES)])
def test_the_workgroup_sign_up_form_refuses_them(client, workgroup, language, non_ascii):
    response = client.post(url("coalition-workgroup-signup", language, slug=workgroup.slug),
                           {"name": "José", "email": "josé@example.org"})

    assert response.status_code == 400
    assert non_ascii in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(("language", "non_ascii", "ip"), [
    ("en", NON_ASCII_EN, IP_EN), ("es", NON_ASCII_ES, IP_ES)])
def test_the_list_sign_up_form_refuses_them(client, language, non_ascii, ip):
    updates = MailingList.objects.create(slug="updates")
    data = {"name": "José", "consent": "on", "lists": [updates.pk]}
    for address, message in (("josé@example.org", non_ascii), ("jose@[192.0.2.1]", ip)):
        response = client.post(f"/{language}/lists/", {**data, "email": address})

        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_unicode_domain_signs_up_as_its_punycode_address(client, settings):
    updates = MailingList.objects.create(slug="updates")
    client.post("/es/lists/", {"name": "María", "consent": "on", "lists": [updates.pk],
                               "email": "Maria@Educación.example"})

    assert Person.objects.get().email == "maria@xn--educacin-13a.example"


def test_staff_test_sends_and_reply_to_addresses_use_the_same_rule():
    with translation.override("es"):
        assert IP_ES in address_problem("user@[192.0.2.1]")
        assert NON_ASCII_ES in address_problem("josé@example.org")
    assert address_problem("maria@educación.example") is None


def test_import_rows_with_such_addresses_are_reported_not_imported():
    mapping = {"name": 0, "email": 1}
    headers = ["name", "email"]

    refused, errors = clean_person(2, ["José", "josé@example.org"], mapping, headers)
    accepted, no_errors = clean_person(3, ["María", "maria@educación.example"], mapping, headers)
    literal, literal_errors = clean_person(4, ["Ip", "ip@[192.0.2.1]"], mapping, headers)

    assert refused is None and errors[0]["code"] == "email_non_ascii_local"
    assert literal is None and literal_errors[0]["code"] == "email_ip_literal"
    assert no_errors == [] and accepted.email == "maria@xn--educacin-13a.example"
    with translation.override("es"):
        assert "letras acentuadas" in str(ERROR_MESSAGES["email_non_ascii_local"])


def test_staff_admin_forms_use_the_same_rule(rf, staff_user):
    from django.contrib import admin

    from alianza.coalition.models import CoalitionProfile
    from alianza.outreach.models import Suppression

    request = rf.get("/")
    request.user = staff_user
    for model in (Person, CoalitionProfile, Suppression):
        form_class = admin.site._registry[model].get_form(request)
        field = next(name for name in ("email", "contact_email", "address")
                     if name in form_class.base_fields)
        with translation.override("es"):
            form = form_class({field: "josé@example.org"})
            form.is_valid()
            assert NON_ASCII_ES in form.errors[field][0], model
