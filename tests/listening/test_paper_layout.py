"""Skip logic said in words on paper, in the language of the form."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.listening.models import QuestionType
from alianza.listening.paper.layout import paper_layout
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    version_draft_for,
    version_publish,
)

from .factories import needs_survey

pytestmark = pytest.mark.django_db


def test_choices_that_skip_a_section_say_where_to_go_next():
    survey = needs_survey()
    sections = paper_layout(survey.current_version, "en")
    role = sections[0].questions[0]
    assert {choice.value: choice.skip_to for choice in role.choices} == {
        "parent": None, "student": 3, "other": 3}
    assert sections[1].only_if == "you answered “A parent” to question 1"


def test_combined_conditions_read_as_a_sentence_in_spanish():
    survey = survey_create(slug="combined", languages=["en", "es"])
    version = version_draft_for(survey=survey)
    about = section_add(version=version, name="about")
    question_add(section=about, name="langs", type=QuestionType.MULTIPLE,
                 label={"en": "Languages at home", "es": "Idiomas en casa"},
                 options=[("es", {"en": "Spanish", "es": "Español"}),
                          ("vi", {"en": "Vietnamese", "es": "Vietnamita"})])
    question_add(section=about, name="kids", type=QuestionType.NUMBER,
                 label={"en": "Children", "es": "Hijos"})
    question_add(section=about, name="why", type=QuestionType.SHORT_TEXT,
                 label={"en": "Why?", "es": "¿Por qué?"},
                 condition={"all": [{"q": "langs", "op": "selected", "v": "vi"},
                                    {"not": {"q": "kids", "op": "lt", "v": 2}}]})
    version_publish(version=version)
    with translation.override("es"):
        why = paper_layout(version, "es")[0].questions[2]
    assert why.only_if == ("marcó «Vietnamita» en la pregunta 1 y no es cierto que su "
                           "respuesta a la pregunta 2 es menor que 2")
    assert why.number == 3
