"""Reads for action alerts: a campaign as a reader sees it, ZIP codes to districts, who
holds a seat today, and the counts staff and the public page show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from alianza.core.i18n import pick_text
from alianza.policy.models import (
    ActionCampaign,
    ActionCampaignText,
    ActionLetter,
    Chamber,
    District,
    Legislator,
    LegislatorRole,
    Office,
    ZipDistrict,
)

# A letter counts once the supporter confirmed it, whatever happened to it since.
CONFIRMED = [ActionLetter.Status.QUEUED, ActionLetter.Status.SENT, ActionLetter.Status.FAILED,
             ActionLetter.Status.PRINTED]
# Offices are written to in this order of preference: the Capitol office is where the
# delegation visits and where letters on a bill are read.
OFFICE_ORDER = [Office.Kind.CAPITOL, Office.Kind.PRIMARY, Office.Kind.DISTRICT]


@dataclass
class CampaignView:
    campaign: ActionCampaign
    text: ActionCampaignText | None
    title: str
    call_to_action: str
    about: str  # "AB 2268" or the budget item's name, in the reader's language

    @property
    def slug(self) -> str:
        return self.campaign.slug


def campaign_public_get(slug: str) -> ActionCampaign | None:
    return (ActionCampaign.objects.select_related("bill", "budget_item")
            .prefetch_related("texts").filter(slug=slug).first())


def campaign_about(campaign: ActionCampaign, language: str) -> str:
    if campaign.bill is not None:
        return campaign.bill.identifier
    item = campaign.budget_item
    if item is None:
        return ""
    return item.name_es if language == "es" and item.name_es else item.name


def campaign_for_reader(campaign: ActionCampaign, language: str) -> CampaignView:
    text = pick_text(campaign.texts.all(), language)
    return CampaignView(
        campaign=campaign, text=text,
        title=text.title if text else campaign.slug,
        call_to_action=text.call_to_action if text else "",
        about=campaign_about(campaign, language),
    )


def campaign_text(campaign: ActionCampaign, language: str) -> ActionCampaignText | None:
    return pick_text(campaign.texts.all(), language)


def zip_districts(zip_code: str) -> dict[str, list[int]]:
    """{chamber: district numbers} for a ZIP code; empty when the file does not have it."""
    found: dict[str, list[int]] = {}
    for chamber, number in (ZipDistrict.objects.filter(zip_code=zip_code)
                            .order_by("chamber", "district_number")
                            .values_list("chamber", "district_number")):
        found.setdefault(chamber, []).append(number)
    return found


@dataclass
class Seat:
    """Who a letter for one district goes to; ``legislator`` is None for a vacant seat."""

    chamber: str
    number: int
    district: District | None
    legislator: Legislator | None
    office: Office | None
    email: str
    letter_language: str

    @property
    def is_vacant(self) -> bool:
        return self.legislator is None


def seat_holder(chamber: str, number: int, *, on: datetime.date | None = None) -> Seat:
    """The legislator holding ``chamber``'s seat ``number`` on ``on`` (today by default)."""
    on = on or timezone.localdate()
    district = District.objects.filter(chamber=chamber, number=number).first()
    role = None
    if district is not None:
        role = (LegislatorRole.objects.select_related("legislator")
                .filter(district=district, chamber=chamber)
                .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
                .order_by("-start_date").first())
    if role is None:
        return Seat(chamber, number, district, None, None, "", "en")
    legislator = role.legislator
    office = office_for_letters(legislator)
    return Seat(chamber, number, district, legislator, office,
                email=(office.email if office and office.email else legislator.email),
                letter_language=office.letter_language if office else "en")


def office_for_letters(legislator: Legislator) -> Office | None:
    """The office a letter is addressed to: the preferred one with an email address if any
    has one, else the preferred one."""
    offices = sorted(legislator.offices.all(), key=lambda o: (
        OFFICE_ORDER.index(o.kind) if o.kind in OFFICE_ORDER else len(OFFICE_ORDER), o.pk))
    with_email = [office for office in offices if office.email]
    return (with_email or offices or [None])[0]


def campaign_supporter_count(campaign: ActionCampaign) -> int:
    """How many people have written, for the public counter."""
    return (ActionLetter.objects.filter(campaign=campaign, status__in=CONFIRMED)
            .values("supporter_id").distinct().count())


# Staff ----------------------------------------------------------------------------------


def campaigns_for_staff() -> QuerySet[ActionCampaign]:
    return (ActionCampaign.objects.select_related("bill", "budget_item")
            .prefetch_related("texts")
            .annotate(letter_count=Count("letters", filter=Q(letters__status__in=CONFIRMED)),
                      waiting_count=Count("letters", filter=Q(
                          letters__status=ActionLetter.Status.UNCONFIRMED))))


def _status_counts(rows: QuerySet, keys: list[str]) -> list[dict]:
    """Rows of ``keys`` with the number of confirmed letters in each status."""
    return list(rows.filter(status__in=CONFIRMED).values(*keys).annotate(
        total=Count("pk"),
        queued=Count("pk", filter=Q(status=ActionLetter.Status.QUEUED)),
        sent=Count("pk", filter=Q(status=ActionLetter.Status.SENT)),
        failed=Count("pk", filter=Q(status=ActionLetter.Status.FAILED)),
        printed=Count("pk", filter=Q(status=ActionLetter.Status.PRINTED)),
    ).order_by(*keys))


def counts_per_legislator(campaign: ActionCampaign) -> list[dict]:
    rows = _status_counts(ActionLetter.objects.filter(campaign=campaign),
                          ["chamber", "district__number", "legislator_id", "legislator__name",
                           "office_id"])
    return sorted(rows, key=lambda r: (r["chamber"] != Chamber.LOWER, r["district__number"]))


def counts_per_district(campaign: ActionCampaign) -> list[dict]:
    rows = _status_counts(ActionLetter.objects.filter(campaign=campaign),
                          ["chamber", "district__number"])
    return sorted(rows, key=lambda r: (r["chamber"] != Chamber.LOWER, r["district__number"]))


def letters_for_staff(campaign: ActionCampaign, *, status: str = "",
                      office_id: int | None = None) -> QuerySet[ActionLetter]:
    letters = (ActionLetter.objects.filter(campaign=campaign)
               .select_related("legislator", "office", "district", "submission", "outbound")
               .order_by("-created_at"))
    if status:
        letters = letters.filter(status=status)
    if office_id:
        letters = letters.filter(office_id=office_id)
    return letters


def letters_to_print(campaign: ActionCampaign, office: Office) -> QuerySet[ActionLetter]:
    """Every confirmed letter to ``office``, oldest first, as the delegation hands them in."""
    return (ActionLetter.objects.filter(campaign=campaign, office=office, status__in=CONFIRMED)
            .select_related("legislator", "district", "submission").order_by("created_at"))
