"""Reads for the public event pages, the calendar feeds and the emails."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alianza.convenings.models import Event, EventText, Registration
from alianza.core.i18n import pick_text

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def events_published() -> QuerySet[Event]:
    return Event.objects.filter(is_published=True).prefetch_related(
        "texts", Prefetch("hosts"))


def events_upcoming(*, now: datetime | None = None, limit: int | None = None
                    ) -> QuerySet[Event]:
    """Published events not yet over, soonest first, with the number of seats taken."""
    now = now or timezone.now()
    events = events_published().filter(ends_at__gte=now).annotate(
        confirmed_count=Count("registrations",
                              filter=Q(registrations__status=Registration.Status.CONFIRMED)),
    ).order_by("starts_at", "pk")
    return events[:limit] if limit else events


def events_past(*, now: datetime | None = None) -> QuerySet[Event]:
    now = now or timezone.now()
    return events_published().filter(ends_at__lt=now).prefetch_related(
        "resources__texts").order_by("-starts_at", "-pk")


def event_public_get(slug: str) -> Event | None:
    """A published event by its slug (cancelled ones too: their page says so)."""
    return events_published().filter(slug=slug).prefetch_related("resources__texts").first()


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def waitlist_rank(registration: Registration) -> int | None:
    """Where a waitlisted person stands now: 1 is next in line."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED,
        waitlist_position__lte=registration.waitlist_position,
    ).count()


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return Registration.objects.select_related("event").filter(token=token).first()


def language_label(code: str) -> str:
    labels = {code: str(name) for code, name in settings.LANGUAGES}
    return labels.get(code, code)


@dataclass
class EventView:
    """An event as one reader sees it: its text in their language (or another, noted),
    its times in the event's own time zone, and where registration stands."""

    event: Event
    text: EventText | None
    language: str
    text_is_fallback: bool
    starts: datetime
    ends: datetime
    seats_left: int | None
    state: str  # open / waitlist / closed / not_open / past / cancelled
    hosts: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.text.title if self.text else self.event.slug

    @property
    def text_language_name(self) -> str:
        name = language_label(self.text.language) if self.text else ""
        # Spanish writes language names in lower case within a sentence.
        return name.lower() if self.language.startswith("es") else name

    @property
    def languages(self) -> list[str]:
        return [language_label(code) for code in self.event.language_codes]

    @property
    def offers_spanish_interpretation(self) -> bool:
        return "es" in self.event.interpretation_codes

    @property
    def place(self) -> str:
        return self.event.venue_name or (self.event.address.splitlines()[0]
                                         if self.event.address else "")

    @property
    def is_online(self) -> bool:
        return bool(self.event.online_url) or self.event.is_online_only

    @property
    def same_day(self) -> bool:
        return self.starts.date() == self.ends.date()

    @property
    def zone_name(self) -> str:
        return self.starts.tzname() or self.event.time_zone

    @property
    def url(self) -> str:
        return reverse("events-event", kwargs={"slug": self.event.slug})


def registration_state(event: Event, *, confirmed: int, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if event.is_cancelled:
        return "cancelled"
    if event.ends_at <= now:
        return "past"
    if event.starts_at <= now or (event.registration_deadline
                                  and event.registration_deadline < now):
        return "closed"
    if event.registration_opens_at and event.registration_opens_at > now:
        return "not_open"
    if event.capacity is not None and confirmed >= event.capacity:
        return "waitlist"
    return "open"


def event_for_reader(event: Event, *, language: str | None = None,
                     now: datetime | None = None) -> EventView:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    text = pick_text(event.texts.all(), language)
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = confirmed_count(event)
    seats_left = None if event.capacity is None else max(event.capacity - confirmed, 0)
    tz = event.tz
    return EventView(
        event=event, text=text, language=language,
        text_is_fallback=bool(text) and text.language.split("-")[0] != language.split("-")[0],
        starts=event.starts_at.astimezone(tz), ends=event.ends_at.astimezone(tz),
        seats_left=seats_left, state=registration_state(event, confirmed=confirmed, now=now),
        hosts=list(event.hosts.all()),
    )


def state_message(state: str) -> str:
    """Why registration is not possible, in the reader's language."""
    return {
        "cancelled": _("This event has been cancelled."),
        "past": _("This event is over."),
        "closed": _("Registration for this event is closed."),
        "not_open": _("Registration for this event is not open yet."),
    }.get(state, "")


@dataclass
class ResourceLink:
    title: str
    kind: str
    url: str
    language: str = ""  # of the title shown; not the reader's when there is no other


def event_resources(event: Event, language: str) -> list[ResourceLink]:
    """The event's published recordings, slides and notes, each linked where it lives."""
    links = []
    for resource in event.resources.all():
        if not resource.is_published:
            continue
        text = pick_text(resource.texts.all(), language)
        url = ""
        try:
            url = resource.get_absolute_url()
        except NoReverseMatch:  # the library's pages are not wired in yet
            if text is not None:
                url = text.link_url or (text.file.url if text.file else "")
        links.append(ResourceLink(title=text.title if text else resource.slug,
                                  kind=resource.get_kind_display(), url=url,
                                  language=text.language if text else ""))
    return links
