"""The public action alert page: finding one's districts, the letter, and bad input."""

from __future__ import annotations

import re

import pytest

from alianza.core.models import OutboundEmail
from alianza.policy.models import ActionCampaign, ActionLetter, ActionSubmission, Chamber
from tests.policy import f_factories as f

pytestmark = pytest.mark.django_db

PAGE = "/{lang}/policy/act/ab-2268/"
SUPPORTER = {"name": "Guadalupe Hernández", "email": "lupita@example.org",
             "city": "Boyle Heights", "zip_code": ""}


@pytest.fixture
def seats():
    return f.legislature()


@pytest.fixture
def campaign(seats):
    return f.campaign()


def step1(client, lang: str = "en", slug: str = "ab-2268", **data):
    fields = {**SUPPORTER, "step": "districts", **data}
    return client.post(f"/{lang}/policy/act/{slug}/", fields)


def step2(client, lang: str = "en", slug: str = "ab-2268", **data):
    fields = {**SUPPORTER, "step": "letter", "assembly_district": "52",
              "senate_district": "24", **data}
    return client.post(f"/{lang}/policy/act/{slug}/", fields)


def text(response) -> str:
    return response.content.decode()


# Finding the districts ----------------------------------------------------------------------


def test_districts_chosen_from_the_lists_show_the_assembly_member_and_senator(client,
                                                                               campaign):
    response = step1(client, assembly_district="52", senate_district="24")
    assert response.status_code == 200
    page = text(response)
    assert "Step 2 of 2" in page
    assert "Assemblymember Rosa Martínez" in page and "Assembly District 52" in page
    assert "Senator Helen Park" in page and "Senate District 24" in page
    assert 'name="body_lower"' in page and 'name="body_upper"' in page


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_the_lists_offer_every_district_of_each_chamber(client, campaign):
    page = text(client.get(PAGE.format(lang="en")))
    assert options(page, "assembly_district") == [str(n) for n in range(1, 81)]
    assert options(page, "senate_district") == [str(n) for n in range(1, 41)]


def test_a_zip_code_in_one_district_per_chamber_goes_straight_to_the_letter(client, campaign):
    f.zips(("90033", Chamber.LOWER, 52), ("90033", Chamber.UPPER, 24))
    response = step1(client, zip_code="90033")
    assert response.status_code == 200
    assert "Assemblymember Rosa Martínez" in text(response)
    assert "Senator Helen Park" in text(response)


def test_a_zip_code_crossing_district_lines_lets_the_supporter_choose(client, campaign):
    f.zips(("90033", Chamber.LOWER, 52), ("90033", Chamber.LOWER, 53),
           ("90033", Chamber.UPPER, 24))
    response = step1(client, zip_code="90033")
    page = text(response)
    assert response.status_code == 200 and "Step 1 of 2" in page
    assert "ZIP code 90033 crosses district lines" in page
    # Only the Assembly districts the ZIP code touches, as a short choice.
    assert 'type="radio" name="assembly_district" value="52"' in page
    assert 'type="radio" name="assembly_district" value="53"' in page
    assert 'value="54"' not in page
    assert "Assembly District 53" in page
    # The Senate district the ZIP code gives is shown as chosen.
    assert options(page, "senate_district") == [str(n) for n in range(1, 41)]
    assert '<option value="24" selected>24</option>' in page

    response = step1(client, zip_code="90033", assembly_district="53")
    assert "Assemblymember Daniel Okafor" in text(response)
    assert "Senator Helen Park" in text(response)


def test_a_zip_code_matching_nothing_says_so_and_offers_the_lists(client, campaign):
    f.zips(("90033", Chamber.LOWER, 52))
    response = step1(client, "es", zip_code="95814")
    page = text(response)
    assert response.status_code == 400
    assert ("No encontramos el código postal 95814 en nuestra lista de distritos de la "
            "Asamblea") in page
    assert '<option value="80">80</option>' in page  # the whole list to choose from
    assert 'value="Guadalupe Hernández"' in page  # nothing typed is lost


def test_a_malformed_zip_code_is_refused_in_the_supporters_language(client, campaign):
    response = step1(client, "es", zip_code="9003a")
    assert response.status_code == 400
    assert "Escriba un código postal de cinco dígitos" in text(response)


def test_a_zip_code_outside_california_is_refused(client, campaign):
    response = step1(client, zip_code="10001")
    assert response.status_code == 400
    assert "10001 is not a California ZIP code" in text(response)


def test_a_missing_district_is_refused(client, campaign):
    response = step1(client, assembly_district="52")
    assert response.status_code == 400
    assert "Choose your Senate district from the list, or enter your ZIP code." in text(response)
    assert not ActionSubmission.objects.exists()


def test_an_assembly_only_campaign_asks_only_for_the_assembly_district(client, seats):
    f.campaign(slug="assembly-only", targets=ActionCampaign.Targets.LOWER)
    page = text(client.get("/en/policy/act/assembly-only/"))
    assert 'name="assembly_district"' in page and 'name="senate_district"' not in page
    response = step1(client, slug="assembly-only", assembly_district="53")
    assert "Daniel Okafor" in text(response) and "Helen Park" not in text(response)


# The letter ----------------------------------------------------------------------


def test_the_letter_is_filled_in_in_the_supporters_language(client, campaign):
    response = step1(client, "es", assembly_district="52", senate_district="24")
    page = text(response)
    assert "Estimado/a Rosa Martínez:" in page
    assert "Vivo en Boyle Heights, en el Distrito 52 de la Asamblea." in page
    assert "Vivo en Boyle Heights, en el Distrito 24 del Senado." in page
    assert "Le pido que apoye AB 2268." in page
    assert "Guadalupe Hernández" in page
    english = text(step1(client, "en", assembly_district="52", senate_district="24"))
    assert "I live in Boyle Heights, in Assembly District 52." in english


def test_a_letter_without_a_city_still_reads_well(client, campaign):
    page = text(step1(client, "es", city="", assembly_district="52", senate_district="24"))
    assert "Vivo en mi comunidad, en el Distrito 52 de la Asamblea." in page


def test_a_vacant_seat_is_named_and_gets_no_letter(client, campaign):
    response = step1(client, assembly_district="52", senate_district="26")
    page = text(response)
    assert "The Senate District 26 seat is vacant right now" in page
    assert "Former Senator" not in page
    assert 'name="body_lower"' in page and 'name="body_upper"' not in page
    response = step2(client, senate_district="26", body_lower="Please act.")
    assert response.status_code == 302
    assert list(ActionLetter.objects.values_list("chamber", flat=True)) == [Chamber.LOWER]


def test_when_every_seat_is_vacant_there_is_nothing_to_send(client, seats):
    f.campaign(slug="senate-only", targets=ActionCampaign.Targets.UPPER)
    page = text(step1(client, slug="senate-only", senate_district="26"))
    assert "there is no one to write to" in page
    assert "Send my letter" not in page


def test_the_edited_letter_is_kept_verbatim(client, campaign):
    words = ("  Mi hija aprendió inglés en Roosevelt High.\n\n"
             "¡Por favor, voten sí!  \n— Lupita 🌻\n")
    response = step2(client, "es", body_lower=words, body_upper="Otra carta.")
    assert response.status_code == 302
    letter = ActionLetter.objects.get(chamber=Chamber.LOWER)
    assert letter.body == words
    assert ActionLetter.objects.get(chamber=Chamber.UPPER).body == "Otra carta."
    assert letter.supporter_language == "es"
    assert letter.status == ActionLetter.Status.UNCONFIRMED


def test_browser_line_endings_are_kept_as_plain_newlines(client, campaign):
    step2(client, body_lower="First line.\r\nSecond line.", body_upper="Hi.")
    assert ActionLetter.objects.get(chamber=Chamber.LOWER).body == "First line.\nSecond line."


def test_an_empty_letter_is_refused_and_nothing_is_stored(client, campaign):
    response = step2(client, "es", body_lower="   \n ", body_upper="Una carta.")
    page = text(response)
    assert response.status_code == 400
    assert "Su carta está vacía" in page
    assert "Una carta." in page  # the other letter, as typed
    assert not ActionSubmission.objects.exists() and not OutboundEmail.objects.exists()


def test_going_back_keeps_what_was_typed(client, campaign):
    response = step2(client, back="1")
    page = text(response)
    assert response.status_code == 200 and "Step 1 of 2" in page
    assert 'value="Guadalupe Hernández"' in page and 'value="lupita@example.org"' in page
    assert '<option value="52" selected>52</option>' in page


def test_a_letter_with_its_districts_lost_goes_back_to_step_one(client, campaign):
    response = step2(client, assembly_district="", body_lower="Hi.", body_upper="Hi.")
    assert response.status_code == 400
    assert "Step 1 of 2" in text(response)
    assert not ActionSubmission.objects.exists()


def test_a_district_out_of_range_is_refused(client, campaign):
    response = step1(client, assembly_district="81", senate_district="24")
    assert response.status_code == 400
    assert not ActionSubmission.objects.exists()


def test_sending_shows_the_same_check_your_email_page(client, campaign):
    response = step2(client, body_lower="Hi.", body_upper="Hi.")
    assert response["Location"] == "/en/policy/act/ab-2268/sent/"
    page = text(client.get(response["Location"]))
    assert "Check your email" in page and "lupita@example.org" in page


def test_a_form_filled_by_a_bot_stores_nothing(client, campaign):
    response = step2(client, body_lower="Hi.", body_upper="Hi.", website_url="http://spam")
    assert response.status_code == 302
    assert not ActionSubmission.objects.exists() and not OutboundEmail.objects.exists()


# Bad addresses and closed campaigns ------------------------------------------------


def test_an_unknown_campaign_is_not_found(client, campaign):
    assert client.get("/en/policy/act/no-such-action/").status_code == 404
    assert step2(client, slug="no-such-action").status_code == 404


def test_a_closed_campaign_says_so_and_takes_no_letters(client, seats):
    f.campaign(is_live=False)
    page = client.get("/es/policy/act/ab-2268/")
    assert page.status_code == 200
    assert "Esta alerta de acción está cerrada" in text(page)
    assert 'name="email"' not in text(page)
    response = step2(client, "es", body_lower="Hi.", body_upper="Hi.")
    assert response.status_code == 400
    assert not ActionSubmission.objects.exists() and not OutboundEmail.objects.exists()


# The public count ----------------------------------------------------------------------


def test_the_public_count_counts_confirmed_supporters_only_when_chosen(client, campaign):
    step2(client, body_lower="Hi.", body_upper="Hi.")
    assert "have written" not in text(client.get(PAGE.format(lang="en")))  # not before one
    ActionLetter.objects.update(status=ActionLetter.Status.SENT)
    assert "1</strong> person has written" in text(client.get(PAGE.format(lang="en")))
    campaign.show_count = False
    campaign.save()
    assert "has written" not in text(client.get(PAGE.format(lang="en")))
