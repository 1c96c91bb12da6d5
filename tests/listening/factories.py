"""Surveys for tests: a small needs assessment and a frame test, both published."""

from __future__ import annotations

from alianza.listening.models import Frame, QuestionType, Survey
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    survey_text_save,
    version_draft_for,
    version_publish,
)

CONCERNS = [
    ("translation", {"en": "Translation at school meetings",
                     "es": "Traducción en reuniones escolares"}),
    ("tutoring", {"en": "Tutoring in English", "es": "Tutoría en inglés"}),
    ("bilingual", {"en": "Bilingual programs", "es": "Programas bilingües"}),
    ("counselors", {"en": "Counselors who speak my language",
                    "es": "Consejeros que hablen mi idioma"}),
    ("reclass", {"en": "Information on reclassification",
                 "es": "Información sobre la reclasificación"}),
]


def needs_survey(slug: str = "needs-2026", *, publish: bool = True) -> Survey:
    """Four sections: who you are, your child's school (parents only), concerns, comments."""
    survey = survey_create(slug=slug, languages=["en", "es"])
    survey_text_save(survey=survey, language="en", title="Family needs assessment",
                     intro="Tell us what matters.", thanks="Thank you!")
    survey_text_save(survey=survey, language="es", title="Evaluación de necesidades",
                     intro="Díganos qué importa.", thanks="¡Gracias!")
    version = version_draft_for(survey=survey)
    about = section_add(version=version, name="about",
                        title={"en": "About you", "es": "Sobre usted"})
    question_add(section=about, name="role", type=QuestionType.SINGLE, required=True,
                 label={"en": "Who are you?", "es": "¿Quién es usted?"},
                 options=[("parent", {"en": "A parent", "es": "Madre o padre"}),
                          ("student", {"en": "A student", "es": "Estudiante"})],
                 allows_other=True)
    question_add(section=about, name="county", type=QuestionType.COUNTY,
                 label={"en": "Your county", "es": "Su condado"})
    school = section_add(version=version, name="school",
                         title={"en": "Your child's school", "es": "La escuela de su hijo"},
                         condition={"q": "role", "op": "eq", "v": "parent"})
    question_add(section=school, name="child_grade", type=QuestionType.NUMBER,
                 label={"en": "Your child's grade", "es": "Grado de su hijo"},
                 scale_min=0, scale_max=12, required=True)
    concerns = section_add(version=version, name="concerns",
                           title={"en": "Concerns", "es": "Preocupaciones"})
    question_add(section=concerns, name="top_concerns", type=QuestionType.RANKING,
                 label={"en": "Rank your top three concerns",
                        "es": "Ordene sus tres principales preocupaciones"},
                 options=CONCERNS, max_ranked=3, required=True)
    question_add(section=concerns, name="satisfaction", type=QuestionType.RATING,
                 label={"en": "How well does school listen to you?",
                        "es": "¿Qué tanto le escucha la escuela?"},
                 scale_min=1, scale_max=5)
    comments = section_add(version=version, name="comments",
                           title={"en": "Anything else", "es": "Algo más"})
    question_add(section=comments, name="comment", type=QuestionType.LONG_TEXT,
                 label={"en": "Anything else?", "es": "¿Algo más?"}, max_length=5000)
    if publish:
        version_publish(version=version)
        Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
        survey.refresh_from_db()
    return survey


def frame_survey(slug: str = "frames-2026", *, frames: int = 2) -> Survey:
    """A control and ``frames - 1`` frames, each followed by two outcome questions."""
    survey = survey_create(slug=slug, kind=Survey.Kind.FRAMES, languages=["en", "es"])
    survey_text_save(survey=survey, language="en", title="Which message works?")
    survey_text_save(survey=survey, language="es", title="¿Qué mensaje funciona?")
    for position in range(frames):
        Frame.objects.create(
            survey=survey, position=position, key="control" if position == 0 else f"f{position}",
            is_control=position == 0,
            title={"en": f"Frame {position}", "es": f"Marco {position}"},
            text={"en": f"Message {position}.", "es": f"Mensaje {position}."})
    version = version_draft_for(survey=survey)
    about = section_add(version=version, name="about",
                        title={"en": "About you", "es": "Sobre usted"})
    question_add(section=about, name="role", type=QuestionType.SINGLE,
                 label={"en": "Who are you?", "es": "¿Quién es usted?"},
                 options=[("parent", {"en": "A parent", "es": "Madre o padre"}),
                          ("educator", {"en": "An educator", "es": "Educador(a)"})])
    message = section_add(version=version, name="message", shows_frame=True,
                          title={"en": "Please read", "es": "Por favor lea"})
    question_add(section=message, name="agree", type=QuestionType.RATING, is_outcome=True,
                 required=True, scale_min=1, scale_max=5,
                 label={"en": "I agree with this message",
                        "es": "Estoy de acuerdo con este mensaje"})
    question_add(section=message, name="act", type=QuestionType.SINGLE, is_outcome=True,
                 required=True,
                 label={"en": "Would you act?", "es": "¿Actuaría?"},
                 options=[("yes", {"en": "Yes", "es": "Sí"}), ("no", {"en": "No", "es": "No"})])
    version_publish(version=version)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.refresh_from_db()
    return survey
