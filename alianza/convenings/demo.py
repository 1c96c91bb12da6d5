"""Demo events: a convening with Spanish interpretation, a nearly full webinar, a community
meeting held in Spanish, and last winter's convening with its recording and slides.

Registrants are made-up people at example.org. Safe to run twice: an event that exists
(by slug) is left as it is, and registrations are looked up by address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from alianza.coalition.models import Organization
from alianza.convenings.models import Event, EventText, Question, Registration

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
FIRST = ["Ana", "Tomás", "Rosa", "Luis", "María", "Jesús", "Lucía", "Marco", "Elena", "David",
         "Sofía", "Hugo", "Carmen", "Pedro", "Julia", "Andrés", "Teresa", "Diego", "Paula",
         "Samuel"]
LAST = ["Ruiz", "Vega", "Castillo", "Nguyen", "Flores", "Chen", "Campos", "Díaz", "Herrera",
        "Moreno"]
ORGANIZATIONS = ["Familias Unidas por la Educación", "Central Valley Educators",
                 "Bilingual Families Network", "Oakland Unified School District",
                 "Parent Organization Network", ""]
# Library resources made by the library's demo; attached when present.
PAST_RESOURCES = ["convening-2024-recording", "convening-2024-slides"]


@dataclass
class DemoEvent:
    slug: str
    kind: str
    starts: datetime.datetime
    hours: float
    texts: dict[str, tuple[str, str, str]]  # language: (title, summary, description)
    venue_name: str = ""
    address: str = ""
    online_url: str = ""
    capacity: int | None = None
    languages: str = "en,es"
    interpretation: str = ""
    confirmed: int = 0
    waitlisted: int = 0
    attended: int = 0
    accessibility: dict[str, str] = field(default_factory=dict)


def _upcoming(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LOS_ANGELES)


def demo_events() -> list[DemoEvent]:
    return [
        DemoEvent(
            "spring-convening", "convening", _upcoming(24, 9), 7, {
                "en": ("Spring Convening: English learners at the center",
                       "A day of panels and workshops for families, teachers and district "
                       "leaders, with Spanish interpretation.",
                       "Morning panel on the state budget for English learners; afternoon "
                       "workshops on biliteracy pathways and family engagement."),
                "es": ("Encuentro de primavera: los estudiantes de inglés al centro",
                       "Un día de paneles y talleres para familias, docentes y líderes de "
                       "distritos, con interpretación al español.",
                       "Panel por la mañana sobre el presupuesto estatal para estudiantes de "
                       "inglés; talleres por la tarde sobre biliteracidad y participación "
                       "familiar."),
            },
            venue_name="Sacramento Convention Center", address="1400 J St\nSacramento, CA 95814",
            capacity=150, interpretation="es", confirmed=26,
            accessibility={"en": "Step-free access, live captions, a quiet room.",
                           "es": "Acceso sin escalones, subtítulos en vivo, una sala tranquila."},
        ),
        DemoEvent(
            "funding-webinar", "webinar", _upcoming(9, 16), 1, {
                "en": ("Webinar: what the new budget means for English learners",
                       "One hour on the funding formula and what to ask your district.", ""),
                "es": ("Seminario web: qué significa el nuevo presupuesto para los "
                       "estudiantes de inglés",
                       "Una hora sobre la fórmula de financiamiento y qué preguntar a su "
                       "distrito.", ""),
            },
            online_url="https://meet.example.org/alianza-funding", capacity=40,
            confirmed=38, waitlisted=2,
        ),
        DemoEvent(
            "reunion-comunitaria-fresno", "community", _upcoming(16, 18), 2, {
                "es": ("Reunión comunitaria en Fresno: la voz de las familias",
                       "Una conversación en español sobre lo que las familias necesitan de "
                       "sus escuelas.", "Habrá cuidado infantil y cena ligera."),
                "en": ("Fresno community meeting: families' voices",
                       "A conversation held in Spanish about what families need from their "
                       "schools.", "Childcare and a light dinner are provided."),
            },
            venue_name="Fresno Community Hall", address="2000 Tulare St\nFresno, CA 93721",
            capacity=60, languages="es", interpretation="en", confirmed=12,
        ),
        DemoEvent(
            "winter-convening-2024", "convening",
            datetime.datetime(2024, 2, 9, 9, 0, tzinfo=LOS_ANGELES), 7, {
                "en": ("Winter Convening 2024",
                       "Our winter convening: the recording and slides are below.", ""),
                "es": ("Encuentro de invierno 2024",
                       "Nuestro encuentro de invierno: la grabación y las diapositivas "
                       "están abajo.", ""),
            },
            venue_name="Los Angeles Trade-Technical College", address="400 W Washington Blvd\n"
            "Los Angeles, CA 90015", capacity=120, interpretation="es", confirmed=30,
            attended=24,
        ),
    ]


def _people(count: int, start: int) -> list[tuple[str, str, str]]:
    found = []
    for index in range(start, start + count):
        first = FIRST[index % len(FIRST)]
        last = LAST[(index * 3 + index // len(FIRST)) % len(LAST)]
        organization = ORGANIZATIONS[index % len(ORGANIZATIONS)]
        found.append((f"{first} {last}", f"demo.registrant{index}@example.org", organization))
    return found


@transaction.atomic
def events_demo_load() -> dict[str, int]:
    """Create the demo events that are missing; returns how many of each thing were made."""
    made = {"events": 0, "registrations": 0, "resources": 0}
    hosts = list(Organization.objects.filter(coalition_role="lead")[:2])
    for index, demo in enumerate(demo_events()):
        event, created = Event.objects.get_or_create(slug=demo.slug, defaults={
            "kind": demo.kind, "starts_at": demo.starts,
            "ends_at": demo.starts + datetime.timedelta(hours=demo.hours),
            "venue_name": demo.venue_name, "address": demo.address,
            "online_url": demo.online_url, "capacity": demo.capacity,
            "languages_offered": demo.languages, "interpretation": demo.interpretation,
            "is_published": True,
        })
        if created:
            made["events"] += 1
            event.hosts.set(hosts)
            for language, (title, summary, description) in demo.texts.items():
                EventText.objects.create(event=event, language=language, title=title,
                                         summary=summary, description=description,
                                         accessibility=demo.accessibility.get(language, ""))
            if demo.kind == "convening":
                Question.objects.create(
                    event=event, position=1, kind=Question.Kind.CHOICE, required=True,
                    label="Which workshop will you join?", label_es="¿A qué taller irá?",
                    choices="Biliteracy pathways\nFamily engagement\nNewcomer students",
                    choices_es="Trayectorias de biliteracidad\nParticipación familiar\n"
                               "Estudiantes recién llegados")
        made["registrations"] += _registrations(event, demo, start=index * 7)
        if event.ends_at < timezone.now():
            made["resources"] += _resources(event)
    return made


def _registrations(event: Event, demo: DemoEvent, *, start: int) -> int:
    question = event.questions.filter(kind=Question.Kind.CHOICE).first()
    choices = question.choice_list("en") if question else []
    existing = set(event.registrations.values_list("email", flat=True))
    rows = []
    people = _people(demo.confirmed + demo.waitlisted, start)
    for number, (name, email, organization) in enumerate(people):
        if email in existing:
            continue
        waiting = number >= demo.confirmed
        language = "es" if number % 3 != 1 or demo.languages == "es" else "en"
        confirmed_at = event.created_at if not waiting else None
        rows.append(Registration(
            event=event, name=name, email=email, organization_name=organization,
            language=language, needs_interpretation=bool(demo.interpretation) and number % 4 == 0,
            accessibility_needs="Wheelchair seating" if number % 11 == 5 else "",
            status=Registration.Status.WAITLISTED if waiting else Registration.Status.CONFIRMED,
            waitlist_position=number - demo.confirmed + 1 if waiting else None,
            answers={str(question.pk): choices[number % len(choices)]} if question else {},
            confirmed_at=confirmed_at,
            attended_at=event.starts_at + datetime.timedelta(minutes=5 + number)
            if number < demo.attended else None,
        ))
    Registration.objects.bulk_create(rows)
    return len(rows)


def _resources(event: Event) -> int:
    try:
        from alianza.library.models import Resource
    except ImportError:  # the library app is optional for this demo
        return 0
    found = list(Resource.objects.filter(slug__in=PAST_RESOURCES))
    missing = [r for r in found if not event.resources.filter(pk=r.pk).exists()]
    event.resources.add(*missing)
    return len(missing)
