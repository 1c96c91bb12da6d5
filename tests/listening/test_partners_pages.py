"""The partners page: who may see it, the live counts, adding partners, codes that change."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Organization
from alianza.core import roles
from alianza.listening.models import Partner
from alianza.listening.services.partners import partner_code_regenerate, partner_create

from .factories import needs_survey
from .partners_helpers import client_for, listening_client, responses_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return needs_survey()


def _url(survey, tail: str = "") -> str:
    return f"/en/staff/surveys/{survey.pk}/partners/{tail}"


def test_outreach_and_analysts_see_nothing_of_the_partners(survey):
    partner = partner_create(survey=survey, name="Familias Unidas")
    for index, role in enumerate((roles.OUTREACH, roles.DATA_ANALYST)):
        client = client_for(f"user{index}", role)
        for tail in ("", "counts/", f"{partner.pk}/qr-en.svg", "paper-en.pdf", "paper-entry/"):
            assert client.get(_url(survey, tail)).status_code == 403, (role, tail)
        assert client.post(_url(survey, "add/"), {"name": "Intruders"}).status_code == 403
    assert Partner.objects.count() == 1


def test_a_listening_staff_member_sees_each_partner_with_its_links(survey):
    partner = partner_create(survey=survey, name="Familias Unidas")
    page = listening_client().get(_url(survey))
    assert page.status_code == 200
    html = page.content.decode()
    assert partner.code in html
    assert f"/en/surveys/needs-2026/p/{partner.code}/" in html
    assert f"/es/surveys/needs-2026/p/{partner.code}/" in html
    assert "private" in page["Cache-Control"]


def test_only_submitted_responses_count_as_collected_per_partner(survey):
    first = partner_create(survey=survey, name="Familias Unidas")
    second = partner_create(survey=survey, name="Padres en Acción")
    responses_add(survey, partner=first, submitted=3, in_progress=2)
    responses_add(survey, partner=second, submitted=1)
    responses_add(survey, submitted=4, in_progress=1)
    fragment = listening_client().get(_url(survey, "counts/"))
    html = fragment.content.decode()
    assert "<html" not in html  # the small fragment htmx polls, not the page
    assert 'hx-trigger="every 15s"' in html
    assert f'data-partner="{first.code}">3<' in html
    assert f'data-partner="{second.code}">1<' in html
    assert 'data-partner="">4<' in html
    assert "data-total>8<" in html
    assert ">3<" in html  # in progress: 2 + 1


def test_the_counts_move_when_a_response_arrives(survey):
    partner = partner_create(survey=survey, name="Familias Unidas")
    client = listening_client()

    def figures() -> str:
        return client.get(_url(survey, "counts/")).content.decode()

    assert f'data-partner="{partner.code}">0<' in figures()
    responses_add(survey, partner=partner, submitted=1)
    assert f'data-partner="{partner.code}">1<' in figures()


def test_a_partner_is_added_by_name_with_a_fresh_code(survey):
    client = listening_client()
    response = client.post(_url(survey, "add/"), {"name": "  Familias   Unidas "})
    assert response.status_code == 302
    partner = Partner.objects.get(survey=survey)
    assert partner.name == "Familias Unidas"
    assert len(partner.code) == 8 and partner.is_active


def test_a_partner_added_from_an_organization_takes_its_name(survey):
    organization = Organization.objects.create(name="Californians Together")
    listening_client().post(_url(survey, "add/"), {"organization": organization.pk})
    partner = Partner.objects.get(survey=survey)
    assert (partner.name, partner.organization) == ("Californians Together", organization)


def test_a_partner_with_neither_name_nor_organization_is_refused_in_spanish(survey):
    response = listening_client().post(f"/es/staff/surveys/{survey.pk}/partners/add/",
                                       {"name": "  "})
    assert response.status_code == 400
    assert ("Dé un nombre a la organización aliada o elija una organización."
            in response.content.decode())
    assert not Partner.objects.exists()


def test_codes_are_unique_per_survey_even_when_the_draw_collides(survey, monkeypatch):
    taken = partner_create(survey=survey, name="First")
    draws = iter([taken.code, taken.code, "ZZZZ2345"])
    monkeypatch.setattr("alianza.listening.services.partners.new_partner_code",
                        lambda: next(draws))
    second = partner_create(survey=survey, name="Second")
    assert second.code == "ZZZZ2345"


def test_a_new_code_needs_a_confirmation_and_the_old_code_stops_existing(survey):
    partner = partner_create(survey=survey, name="Familias Unidas")
    responses_add(survey, partner=partner, submitted=2)
    old = partner.code
    client = listening_client()
    confirm = client.get(_url(survey, f"{partner.pk}/new-code/"))
    assert old in confirm.content.decode()
    partner.refresh_from_db()
    assert partner.code == old  # looking at the confirmation changes nothing
    client.post(_url(survey, f"{partner.pk}/new-code/"), {"confirm": old})
    partner.refresh_from_db()
    assert partner.code != old
    assert not Partner.objects.filter(code=old).exists()
    assert partner.responses.count() == 2  # what it collected stays with it


def test_a_stale_confirmation_does_not_change_the_code_again(survey):
    partner = partner_create(survey=survey, name="Familias Unidas")
    old = partner.code
    partner_code_regenerate(partner=partner)  # another tab did it first
    current = partner.code
    listening_client().post(_url(survey, f"{partner.pk}/new-code/"), {"confirm": old})
    partner.refresh_from_db()
    assert partner.code == current


def test_a_partner_can_stop_collecting_and_start_again(survey):
    partner = partner_create(survey=survey, name="Familias Unidas")
    client = listening_client()
    client.post(_url(survey, f"{partner.pk}/collecting/"), {"active": "0"})
    partner.refresh_from_db()
    assert not partner.is_active
    assert "Not collecting" in client.get(_url(survey)).content.decode()
    client.post(_url(survey, f"{partner.pk}/collecting/"), {"active": "1"})
    partner.refresh_from_db()
    assert partner.is_active


def test_a_partner_of_another_survey_is_not_reachable_here(survey):
    other = needs_survey("other-survey")
    stranger = partner_create(survey=other, name="Elsewhere")
    client = listening_client()
    assert client.post(_url(survey, f"{stranger.pk}/collecting/"),
                       {"active": "0"}).status_code == 404
    assert client.get(_url(survey, f"{stranger.pk}/edit/")).status_code == 404


def test_editing_a_partner_links_an_organization(survey):
    partner = partner_create(survey=survey, name="Familias")
    organization = Organization.objects.create(name="Familias Unidas del Valle")
    listening_client().post(_url(survey, f"{partner.pk}/edit/"),
                            {"name": "Familias del Valle", "organization": organization.pk})
    partner.refresh_from_db()
    assert (partner.name, partner.organization) == ("Familias del Valle", organization)


def test_member_organizations_are_added_at_once_and_only_once(survey):
    members = [Organization.objects.create(name=name, membership_status="member")
               for name in ("Abriendo Puertas", "Parent Institute")]
    outsider = Organization.objects.create(name="Not a member")
    client = listening_client()
    page = client.get(_url(survey)).content.decode()
    assert f'name="organizations" value="{members[0].pk}"' in page
    assert f'name="organizations" value="{outsider.pk}"' not in page
    client.post(_url(survey, "add-members/"),
                {"organizations": [member.pk for member in members]})
    client.post(_url(survey, "add-members/"), {"organizations": [members[0].pk]})
    assert sorted(Partner.objects.values_list("name", flat=True)) == [
        "Abriendo Puertas", "Parent Institute"]
    assert len(set(Partner.objects.values_list("code", flat=True))) == 2
