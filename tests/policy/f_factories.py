"""A small legislature and an action alert for the action-alert tests. The legislators are
made up; their offices' addresses are at example.org."""

from __future__ import annotations

import datetime
import unicodedata
from itertools import count

from alianza.policy.models import (
    ActionCampaign,
    Bill,
    Chamber,
    District,
    LegislativeSession,
    Legislator,
    LegislatorRole,
    Office,
    ZipDistrict,
)
from alianza.policy.services.actions import campaign_create

_numbers = count(1)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

TEXTS = {
    "en": {
        "title": "Write to your legislators about AB 2268",
        "call_to_action": "Tell your legislators why English learners matter.",
        "letter_subject": "{bill}: a letter from {district}",
        "letter_template": ("Dear {legislator},\n\nI live in {city}, in {district}. "
                            "Please support {bill}.\n\n{supporter_name}"),
    },
    "es": {
        "title": "Escríbale a sus legisladores sobre AB 2268",
        "call_to_action": "Dígales a sus legisladores por qué importan los estudiantes de inglés.",
        "letter_subject": "{bill}: carta desde el {district}",
        "letter_template": ("Estimado/a {legislator}:\n\nVivo en {city}, en el {district}. "
                            "Le pido que apoye {bill}.\n\n{supporter_name}"),
    },
}


def district(chamber: str, number: int) -> District:
    prefix = "sldl" if chamber == Chamber.LOWER else "sldu"
    found, _created = District.objects.get_or_create(
        chamber=chamber, number=number,
        defaults={"division_id": f"ocd-division/country:us/state:ca/{prefix}:{number}"})
    return found


def legislator(name: str, chamber: str, number: int, *, email: str = "",
               office_email: str = "", letter_language: str = "en",
               start: datetime.date = datetime.date(2022, 12, 5),
               end: datetime.date | None = None) -> Legislator:
    person = Legislator.objects.create(
        name=name, family_name=name.split()[-1], party="Democratic",
        email=email or f"{_ascii(name.split()[-1]).lower()}@example.org",
        openstates_id=f"ocd-person/test-{next(_numbers)}")
    LegislatorRole.objects.create(legislator=person, chamber=chamber,
                                  district=district(chamber, number), start_date=start,
                                  end_date=end)
    Office.objects.create(legislator=person, kind=Office.Kind.CAPITOL,
                          address="1021 O Street, Sacramento, CA 95814", email=office_email,
                          letter_language=letter_language)
    Office.objects.create(legislator=person, kind=Office.Kind.DISTRICT,
                          address="100 Main Street, Los Angeles, CA 90033")
    return person


def legislature() -> dict[str, Legislator]:
    """Assembly District 52 and 53, Senate District 24 and 26 (26 is vacant: its senator's
    term ended)."""
    return {
        "ad52": legislator("Rosa Martínez", Chamber.LOWER, 52),
        "ad53": legislator("Daniel Okafor", Chamber.LOWER, 53,
                           office_email="capitol.okafor@example.org", letter_language="es"),
        "sd24": legislator("Helen Park", Chamber.UPPER, 24),
        "sd26": legislator("Former Senator", Chamber.UPPER, 26,
                           end=datetime.date(2020, 11, 30)),
    }


def bill() -> Bill:
    session, _created = LegislativeSession.objects.get_or_create(
        identifier="20232024", defaults={"name": "2023-2024 Regular Session"})
    found, _created = Bill.objects.get_or_create(
        session=session, identifier="AB 2268",
        defaults={"title": "To be written by staff", "is_tracked": True})
    return found


def campaign(*, slug: str = "ab-2268", targets: str = ActionCampaign.Targets.BOTH,
             delivery: str = ActionCampaign.Delivery.EMAIL, is_live: bool = True,
             show_count: bool = True, texts: dict | None = None) -> ActionCampaign:
    return campaign_create(slug=slug, bill=bill(), budget_item=None, targets=targets,
                           delivery=delivery, is_live=is_live, show_count=show_count,
                           texts=texts or TEXTS)


def zips(*rows: tuple[str, str, int]) -> None:
    ZipDistrict.objects.bulk_create(
        [ZipDistrict(zip_code=z, chamber=c, district_number=n) for z, c, n in rows])
