"""The public event pages: list, event page, past convenings, home page, sitemap."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Organization
from alianza.convenings.models import Event
from tests.convenings import factories

pytestmark = pytest.mark.django_db


def test_the_list_shows_upcoming_events_in_the_readers_language(client):
    factories.event_create(slug="spring")
    factories.event_create(slug="english-only", title="Policy Webinar", title_es=None,
                           kind=Event.Kind.WEBINAR, venue_name="", address="",
                           online_url="https://meet.example.org/x")
    factories.event_create(slug="draft", is_published=False, title="Draft")
    factories.event_create(slug="gone", starts_in=timedelta(days=-5), title="Old")

    page = client.get("/es/events/").content.decode()

    assert "Convocatoria de primavera" in page
    assert '<span lang="en">Policy Webinar</span>' in page
    assert "Este evento aún no está descrito en su idioma; se muestra en inglés." in page
    assert "En línea" in page and "Interpretación al español disponible" in page
    assert "Draft" not in page and "Old" not in page
    assert "meet.example.org" not in page
    assert "/es/events/past/" in page


def test_times_are_shown_in_the_events_own_time_zone(client):
    event = factories.event_create(time_zone="America/New_York")
    local = event.starts_at.astimezone(event.tz)

    page = client.get("/en/events/").content.decode()

    assert f'datetime="{local.isoformat()}"' in page
    assert ">EST<" in page or ">EDT<" in page


def test_the_list_says_how_many_seats_are_left_or_that_the_waitlist_is_open(client):
    roomy = factories.event_create(slug="roomy", capacity=10, title="Roomy")
    factories.fill(roomy, 3)
    full = factories.event_create(slug="full", capacity=2, title="Full")
    factories.fill(full, 2)
    factories.event_create(slug="closed", title="Closed",
                           registration_deadline=timezone.now() - timedelta(hours=1))

    page = client.get("/en/events/").content.decode()

    assert "7 seats left" in page and "Waitlist open" in page and "Registration closed" in page


def test_the_event_page_describes_it_for_search_engines_and_link_previews(client):
    event = factories.event_create(online_url="https://meet.example.org/secret")
    event.hosts.add(Organization.objects.create(name="Familias Unidas"))

    page = client.get(f"/en/events/{event.slug}/").content.decode()

    data = json.loads(re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert data["@type"] == "Event" and data["name"] == "Spring Convening"
    assert data["startDate"] == event.starts_at.astimezone(event.tz).isoformat()
    assert data["startDate"][-6:] in ("-08:00", "-07:00")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert {loc["@type"] for loc in data["location"]} == {"Place", "VirtualLocation"}
    assert data["inLanguage"] == ["en", "es"]
    assert "Familias Unidas" in [o["name"] for o in data["organizer"]]
    assert '<meta property="og:title" content="Spring Convening">' in page
    assert "secret" not in page
    assert "The venue is wheelchair accessible." in page
    assert "Free childcare for ages 3 to 12." in page


def test_json_ld_cannot_break_out_of_its_script(client):
    event = factories.event_create(title="</script><script>alert(1)</script>")

    page = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "</script><script>alert(1)" not in page


def test_the_event_page_form_asks_the_events_questions_in_spanish(client):
    event = factories.event_create()
    factories.question_create(event, kind="yes_no")

    page = client.get(f"/es/events/{event.slug}/").content.decode()

    assert "¿Qué taller le interesa más?" in page
    assert "Envíenme noticias de la coalición por correo electrónico" in page
    assert "Necesito interpretación" in page


def test_the_street_address_is_given_where_the_page_says_where(client):
    event = factories.event_create()

    page = client.get(f"/es/events/{event.slug}/").content.decode()

    facts = page[page.index('<dl class="event-facts">'):page.index("</dl>")]
    assert "1400 J St<br>Sacramento, CA 95814" in facts


def test_a_past_event_is_called_past_rather_than_closed(client):
    event = factories.event_create(starts_in=-timedelta(days=3))

    page = client.get(f"/es/events/{event.slug}/").content.decode()

    assert "Evento pasado" in page and "Inscripción cerrada" not in page
    assert "Este evento ya terminó" in page and "message-warning" not in page


def test_past_convenings_list_their_recordings_and_slides(client):
    from alianza.library.models import Resource, ResourceText

    event = factories.event_create(starts_in=timedelta(days=-30))
    resource = Resource.objects.create(slug="slides", published_on=timezone.localdate(),
                                       is_published=True)
    ResourceText.objects.create(resource=resource, language="en", title="Convening slides",
                                link_url="https://example.org/slides.pdf")
    hidden = Resource.objects.create(slug="draft", published_on=timezone.localdate())
    ResourceText.objects.create(resource=hidden, language="en", title="Draft notes")
    event.resources.add(resource, hidden)

    page = client.get("/en/events/past/").content.decode()

    assert "Spring Convening" in page and "Convening slides" in page
    assert "Draft notes" not in page


def test_a_past_event_page_links_its_recordings_and_says_which_are_in_english_only(client):
    from alianza.library.models import Resource, ResourceText

    event = factories.event_create(slug="winter", starts_in=timedelta(days=-30))
    slides = Resource.objects.create(slug="winter-slides", kind="slides", is_published=True,
                                     published_on=timezone.localdate())
    ResourceText.objects.create(resource=slides, language="en", title="Convening slides")
    recording = Resource.objects.create(slug="winter-recording", kind="recording",
                                        is_published=True, published_on=timezone.localdate())
    ResourceText.objects.create(resource=recording, language="en", title="Panel recording")
    ResourceText.objects.create(resource=recording, language="es", title="Grabación del panel")
    event.resources.add(slides, recording)

    event_page = client.get("/es/events/winter/").content.decode()
    past_page = client.get("/es/events/past/").content.decode()

    assert "<h2>Grabaciones, diapositivas y notas</h2>" in event_page
    assert "Inscríbase en este evento" not in event_page  # it is over: "Este evento ya terminó."
    for page in (event_page, past_page):
        assert '<a href="/es/library/r/winter-slides/" lang="en">Convening slides</a>' in page
        assert '<a href="/es/library/r/winter-recording/">Grabación del panel</a>' in page
        assert page.count("Solo en inglés") == 1


def test_the_home_page_shows_upcoming_events(client):
    factories.event_create()

    page = client.get("/es/").content.decode()

    assert "Próximos eventos" in page and "Convocatoria de primavera" in page


def test_the_sitemap_lists_published_events_in_both_languages(client):
    event = factories.event_create()
    factories.event_create(slug="draft", is_published=False)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"/en/events/{event.slug}/" in sitemap and f"/es/events/{event.slug}/" in sitemap
    assert "/events/draft/" not in sitemap


def test_an_event_cannot_take_the_address_of_another_page():
    from django.core.exceptions import ValidationError

    event = factories.event_create(slug="past-2025")
    event.slug = "past"

    with pytest.raises(ValidationError):
        event.full_clean()
