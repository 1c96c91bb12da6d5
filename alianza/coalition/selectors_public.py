"""Reads for the public pages' extras: progress towards a goal, share links, the member
directory's cards and workgroups' next meetings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from alianza.coalition.models import (
    JoinConfirmation,
    JoinSubmission,
    Organization,
    OrganizationText,
    Statement,
    Workgroup,
    WorkgroupMeeting,
    WorkgroupRosterChange,
)
from alianza.coalition.selectors import StatementView
from alianza.coalition.services import tokens
from alianza.core.i18n import pick_text

# --- Signature goal and sharing -------------------------------------------------------


@dataclass
class Progress:
    total: int
    goal: int

    @property
    def reached(self) -> bool:
        return self.total >= self.goal


def statement_progress(statement: StatementView, counts: dict[str, int] | None
                       ) -> Progress | None:
    """Confirmed signatures against the statement's goal, when it has one."""
    if not statement.goal or counts is None:
        return None
    return Progress(total=counts["total"], goal=statement.goal)


@dataclass
class ShareLinks:
    url: str
    message: str
    email: str
    whatsapp: str
    x: str
    facebook: str


def share_message_default(title: str) -> str:
    return _("I signed “%(title)s”. Add your name too:") % {"title": title}


def statement_share_links(statement: StatementView) -> ShareLinks:
    """Links that open a message ready to send, in the reader's language."""
    url = settings.SITE_URL + reverse("coalition-statement", kwargs={"slug": statement.slug})
    message = " ".join((statement.share_message or share_message_default(statement.title))
                       .split())
    full = f"{message} {url}"
    return ShareLinks(
        url=url, message=message,
        email="mailto:?" + urlencode({"subject": statement.title, "body": full},
                                     quote_via=quote),
        whatsapp="https://wa.me/?" + urlencode({"text": full}, quote_via=quote),
        x="https://twitter.com/intent/tweet?" + urlencode({"text": message, "url": url},
                                                          quote_via=quote),
        facebook="https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url},
                                                                           quote_via=quote),
    )


def statement_of_receipt(receipt: str) -> Statement | None:
    """The statement a join-form submission was about, from its thank-you page's receipt."""
    submission_id = tokens.read_receipt_token(receipt)
    if not submission_id:
        return None
    submission = JoinSubmission.objects.filter(pk=submission_id).only("payload").first()
    return _statement_of_payload(submission.payload if submission else None)


def statement_of_confirmation(token: str) -> Statement | None:
    """The statement a confirmation link's submission was about."""
    data = tokens.read_confirm_token(token)
    if not data or "j" not in data:
        return None
    confirmation = (JoinConfirmation.objects.filter(pk=data["j"], email=data["e"])
                    .only("statement_id").first())
    if confirmation is None or confirmation.statement_id is None:
        return None
    return Statement.objects.filter(pk=confirmation.statement_id).first()


def _statement_of_payload(payload: object) -> Statement | None:
    statement_id = payload.get("statement_id") if isinstance(payload, dict) else None
    if not isinstance(statement_id, int):
        return None
    return Statement.objects.filter(pk=statement_id).first()


# --- Member directory -----------------------------------------------------------------


@dataclass
class Language:
    tag: str
    name: str  # in the language itself: "Español", "Tiếng Việt"


@dataclass
class MemberCard:
    organization: Organization
    description: str
    description_language: str  # set when the text is not in the reader's language
    website_host: str
    languages: list[Language] = field(default_factory=list)


# Languages many California families speak that Django's own table lacks.
OWN_NAMES = {
    "tl": "Tagalog", "fil": "Filipino", "hmn": "Hmoob", "sm": "Gagana Sāmoa",
    "to": "Lea faka-Tonga", "ps": "پښتو", "mix": "Tu'un savi", "zap": "Diidxazá",
    "yua": "Maaya t'aan", "quc": "K'iche'", "mam": "Mam", "chk": "Chuuk", "mh": "Kajin M̧ajeļ",
    "sw": "Kiswahili", "so": "Soomaali", "ti": "ትግርኛ", "am": "አማርኛ", "prs": "دری",
}


def language_own_name(tag: str) -> str:
    """A language's name in that language, capitalised as a label ("es" → "Español")."""
    primary = tag.split("-")[0].lower()
    if tag.lower() in OWN_NAMES:
        return OWN_NAMES[tag.lower()]
    try:
        info = get_language_info(tag.lower())
    except KeyError:
        try:
            info = get_language_info(primary)
        except KeyError:
            return tag
    name = info["name_local"]
    return name[:1].upper() + name[1:]


def website_host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def member_cards(organizations: Iterable[Organization], language: str | None = None
                 ) -> list[MemberCard]:
    """Cards for one page of the directory; texts are fetched once for the whole page."""
    organizations = list(organizations)
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    texts: dict[int, list] = {}
    for text in OrganizationText.objects.filter(organization__in=organizations):
        texts.setdefault(text.organization_id, []).append(text)
    cards = []
    for organization in organizations:
        text = pick_text(texts.get(organization.pk, []), language)
        if text is not None:
            description = text.description
            other = text.language.lower().split("-")[0] != language.split("-")[0]
            description_language = text.language if other else ""
        else:  # written before descriptions were kept per language; its language unknown
            description, description_language = organization.description, ""
        cards.append(MemberCard(
            organization=organization, description=description,
            description_language=description_language,
            website_host=website_host(organization.website) if organization.website else "",
            languages=[Language(tag=tag, name=language_own_name(tag))
                       for tag in dict.fromkeys(t.strip() for t in
                                                organization.languages_served.split(","))
                       if tag],
        ))
    return cards


def member_regions() -> list[str]:
    return list(
        Organization.objects.filter(membership_status=Organization.Membership.MEMBER)
        .exclude(region="").order_by("region").values_list("region", flat=True).distinct()
    )


# --- Workgroup meetings and roster history --------------------------------------------


@dataclass
class MeetingView:
    """A workgroup's next meeting, and the meetings before it that were cancelled."""

    meeting: WorkgroupMeeting | None
    agenda: str
    agenda_language: str  # set when the agenda is not in the reader's language
    cancelled: list[WorkgroupMeeting] = field(default_factory=list)


def next_meetings(workgroup_ids: Iterable[int], language: str | None = None
                  ) -> dict[int, MeetingView]:
    """Each workgroup's next meeting still to come, by workgroup id, with any cancelled
    meeting still to come before it (shown as cancelled, so nobody turns up for nothing)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    upcoming = (WorkgroupMeeting.objects.filter(workgroup_id__in=list(workgroup_ids),
                                                starts_at__gte=timezone.now())
                .prefetch_related("texts").order_by("starts_at", "pk"))
    found: dict[int, MeetingView] = {}
    for meeting in upcoming:
        view = found.setdefault(meeting.workgroup_id, MeetingView(None, "", ""))
        if view.meeting is not None:
            continue
        if meeting.cancelled_at is not None:
            view.cancelled.append(meeting)
            continue
        text = pick_text(meeting.texts.all(), language)
        other = bool(text) and text.language.split("-")[0] != language.split("-")[0]
        view.meeting = meeting
        view.agenda = text.agenda if text else ""
        view.agenda_language = text.language if other else ""
    return found


def roster_changes(*, workgroup: Workgroup, limit: int = 20) -> list[WorkgroupRosterChange]:
    return list(workgroup.roster_changes.select_related("changed_by")[:limit])
