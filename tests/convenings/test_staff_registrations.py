"""The registrations page: filters, search, and the counts organizers plan with."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Organization
from tests.convenings.staff_factories import coalition_staff_client, make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    return coalition_staff_client(django_user_model)


@pytest.fixture
def event():
    event = make_event()
    grade = event.questions.create(position=1, kind="choice", label="Grade you teach",
                                   label_es="Grado que enseña", choices="Elementary\nHigh",
                                   choices_es="Primaria\nPreparatoria")
    network = Organization.objects.create(name="Bilingual Families Network")
    register(event, "Ana Ruiz", organization=network, language="es",
             needs_interpretation=True, answers={str(grade.pk): "High"})
    register(event, "Rosa Castillo", organization_name="bilingual families network",
             language="es", needs_interpretation=True, accessibility_needs="Wheelchair",
             answers={str(grade.pk): "High"})
    register(event, "Tomás Vega", organization_name="Central Valley Educators", language="en",
             answers={str(grade.pk): "Elementary"})
    register(event, "Waiting Person", status="waitlisted", position=1,
             organization_name="Central Valley Educators")
    register(event, "Gone Away", status="cancelled")
    return event


def test_filters_by_status_and_searches_by_name_email_or_organization(coordinator, event):
    url = reverse("events-staff-registrations", args=[event.pk])
    names = lambda response: [r.name for r in response.context["page"].object_list]  # noqa: E731
    assert names(coordinator.get(url, {"status": "waitlisted"})) == ["Waiting Person"]
    assert names(coordinator.get(url, {"q": "central valley"})) == ["Tomás Vega",
                                                                   "Waiting Person"]
    assert names(coordinator.get(url, {"q": "rosa.castillo@"})) == ["Rosa Castillo"]
    assert names(coordinator.get(url, {"status": "confirmed", "q": "valley"})) == [
        "Tomás Vega"]
    assert len(names(coordinator.get(url, {"status": "nonsense"}))) == 5


def test_breakdowns_count_who_is_coming(coordinator, event):
    response = coordinator.get(reverse("events-staff-registrations", args=[event.pk]))
    counts = response.context["breakdowns"]
    assert counts.total == 3
    # The typed name and the linked record are one organization.
    assert counts.by_organization == [("Bilingual Families Network", 2),
                                      ("Central Valley Educators", 1)]
    assert counts.by_language == [("Español", 2), ("English", 1)]
    assert counts.interpretation == 2
    assert counts.accessibility == ["Wheelchair"]
    assert counts.questions[0].counts == [("Elementary", 1), ("High", 2)]


def test_answer_counts_are_shown_in_spanish_to_a_spanish_reader(coordinator, event):
    url = reverse("events-staff-registrations", args=[event.pk]).replace("/en/", "/es/")
    response = coordinator.get(url)
    question = response.context["breakdowns"].questions[0]
    assert question.label == "Grado que enseña"
    assert question.counts == [("Primaria", 1), ("Preparatoria", 2)]
    assert "Quién viene" in response.content.decode()
