"""Demo action alert: letters to one's legislators about AB 2268 (2023-24), in English and
Spanish, with a handful of letters from made-up supporters at example.org.

Nothing is claimed about what AB 2268 does: if the bill is not on file it is added with a
title saying its summary is still to be written by staff. Letters go to whoever holds the
seats in the legislature data already loaded; without legislators there are no letters.
Safe to run twice: what exists (by slug, by address) is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.policy.models import (
    CALIFORNIA,
    ActionCampaign,
    ActionLetter,
    ActionSubmission,
    Bill,
    Chamber,
    LegislativeSession,
    LegislatorRole,
)
from alianza.policy.selectors.actions import seat_holder
from alianza.policy.services.actions import campaign_create, letter_subject, letter_suggested

SLUG = "ab-2268-letters"
TEXTS = {
    "en": {
        "title": "Write to your legislators about AB 2268",
        "call_to_action": (
            "The coalition is asking parents, students and educators to write to their "
            "Assembly member and Senator about AB 2268. It takes two minutes: find your "
            "districts, read the letter, make it your own, and send it."),
        "letter_subject": "{bill}: a letter from a constituent in {district}",
        "letter_template": (
            "I am writing to you as a constituent in {district} about {bill}.\n\n"
            "In {city}, families like mine count on our public schools to serve English "
            "learners well. I ask you to give {bill} your careful attention and to stand with "
            "English learners and their families when it comes before you.\n\n"
            "Thank you for your service.\n\n{supporter_name}"),
    },
    "es": {
        "title": "Escriba a sus representantes sobre AB 2268",
        "call_to_action": (
            "La coalición invita a madres, padres, estudiantes y docentes a escribirle a su "
            "asambleísta y a su senador o senadora sobre AB 2268. Toma dos minutos: busque sus "
            "distritos, lea la carta, hágala suya y envíela."),
        "letter_subject": "{bill}: carta desde el {district}",
        "letter_template": (
            "Le escribo como residente del {district} sobre {bill}.\n\n"
            "En {city}, familias como la mía contamos con que nuestras escuelas públicas "
            "atiendan bien a los estudiantes de inglés. Le pido que preste atención a {bill} "
            "y que apoye a los estudiantes de inglés y a sus familias cuando llegue ante "
            "usted.\n\n"
            "Gracias por su servicio.\n\n{supporter_name}"),
    },
}
# (name, address, language, city, ZIP code) of made-up supporters.
SUPPORTERS = [
    ("Guadalupe Hernández", "lupita.demo@example.org", "es", "Los Angeles", "90033"),
    ("Marcus Lee", "marcus.demo@example.org", "en", "Sacramento", "95814"),
    ("Rosa Castillo", "rosa.demo@example.org", "es", "Fresno", "93701"),
    ("Ana Ruiz", "ana.demo@example.org", "en", "Oakland", "94601"),
    ("Tomás Vega", "tomas.demo@example.org", "es", "Salinas", "93901"),
]


def _bill() -> Bill:
    session, _created = LegislativeSession.objects.get_or_create(
        jurisdiction=CALIFORNIA, identifier="20232024",
        defaults={"name": "2023-2024 Regular Session",
                  "start_date": datetime.date(2022, 12, 5),
                  "end_date": datetime.date(2024, 11, 30)})
    bill, _created = Bill.objects.get_or_create(
        session=session, identifier="AB 2268",
        defaults={"title": "AB 2268 (2023-2024): summary to be written by staff"})
    return bill


def _held_districts(chamber: str, count: int) -> list[int]:
    """Districts whose seat someone holds today, lowest numbers first."""
    today = timezone.localdate()
    numbers = (LegislatorRole.objects.filter(chamber=chamber, district__isnull=False,
                                             end_date__isnull=True)
               .exclude(start_date__gt=today)
               .order_by("district__number").values_list("district__number", flat=True))
    return list(dict.fromkeys(numbers))[:count]


@transaction.atomic
def demo_actions() -> None:
    bill = _bill()
    campaign = ActionCampaign.objects.filter(slug=SLUG).first()
    if campaign is None:
        campaign = campaign_create(
            slug=SLUG, bill=bill, budget_item=None, targets=ActionCampaign.Targets.BOTH,
            # Printed, not emailed: a demo site must never write to real offices.
            delivery=ActionCampaign.Delivery.PRINT, is_live=True, show_count=True, texts=TEXTS)
    if campaign.letters.exists():
        return
    assembly = _held_districts(Chamber.LOWER, len(SUPPORTERS))
    senate = _held_districts(Chamber.UPPER, len(SUPPORTERS))
    now = timezone.now()
    for index, (name, email, language, city, zip_code) in enumerate(SUPPORTERS):
        seats = [seat_holder(chamber, numbers[index]) for chamber, numbers in
                 ((Chamber.LOWER, assembly), (Chamber.UPPER, senate)) if index < len(numbers)]
        seats = [seat for seat in seats if not seat.is_vacant]
        if not seats:
            continue
        person, _created = Person.objects.get_or_create(
            email=email, defaults={"name": name, "preferred_language": language,
                                   "email_confirmed_at": now})
        when = now - datetime.timedelta(days=len(SUPPORTERS) - index)
        submission = ActionSubmission.objects.create(
            campaign=campaign, supporter=person, email=email, name=name, city=city,
            zip_code=zip_code, language=language, emailed_at=when, confirmed_at=when)
        for seat in seats:
            ActionLetter.objects.create(
                campaign=campaign, submission=submission, supporter=person,
                legislator=seat.legislator, office=seat.office, chamber=seat.chamber,
                district=seat.district, language=seat.letter_language,
                supporter_language=language,
                subject=letter_subject(campaign=campaign, seat=seat, supporter_name=name,
                                       city=city),
                body=letter_suggested(campaign=campaign, seat=seat, supporter_name=name,
                                      city=city, language=language),
                # Waiting to be printed for the delegation's visit.
                status=ActionLetter.Status.QUEUED, confirmed_at=when,
            )
