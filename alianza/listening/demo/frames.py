"""The demo's finished frame test: a plain control message and two frames about English
learners' education, each followed by the same two outcomes.

The generated answers carry one real effect — the "Opportunity" frame raises agreement and
willingness to act among parents and caregivers — and nothing else, so the results page has
one clear finding for one audience and honest "no clear difference" everywhere else.
"""

from __future__ import annotations

import random

from django.db import transaction

from alianza.listening.frames.assign import frame_assign
from alianza.listening.models import Frame, QuestionType, Survey
from alianza.listening.services.responses import response_record, version_questions
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    survey_text_save,
    version_draft_for,
    version_publish,
)

SLUG = "message-test-2026"
SEED = 20260915
FRAME_SEED = 4_206_091_520  # fixed, so the demo's assignment is the same on every machine

FRAMES = [
    ("control", True,
     {"en": "About English learners", "es": "Sobre los estudiantes de inglés"},
     {"en": "One in five California students is learning English. Schools offer English "
            "language development classes.",
      "es": "Uno de cada cinco estudiantes de California está aprendiendo inglés. Las "
            "escuelas ofrecen clases de desarrollo del idioma inglés."}),
    ("opportunity", False, {"en": "Opportunity", "es": "Oportunidad"},
     {"en": "Speaking two languages opens doors. When schools build on the languages "
            "children bring from home, every student gets a head start for college and "
            "careers.",
      "es": "Hablar dos idiomas abre puertas. Cuando las escuelas aprovechan los idiomas que "
            "niñas y niños traen de casa, cada estudiante tiene ventaja para la universidad y el "
            "trabajo."}),
    ("fairness", False, {"en": "Fairness", "es": "Equidad"},
     {"en": "Every child deserves a fair chance. English learners are too often left "
            "behind by schools that lack the teachers and funding they need.",
      "es": "Cada estudiante merece una oportunidad justa. Con demasiada frecuencia, los "
            "estudiantes de inglés se quedan atrás en escuelas sin el personal docente ni los "
            "fondos que necesitan."}),
]


def _build_survey(created_by=None) -> Survey:
    survey = survey_create(slug=SLUG, kind=Survey.Kind.FRAMES, languages=["en", "es"],
                           created_by=created_by)
    Survey.objects.filter(pk=survey.pk).update(frame_seed=FRAME_SEED)
    survey.frame_seed = FRAME_SEED
    survey_text_save(survey=survey, language="en", title="Which message moves people?",
                     intro="Read a short message and tell us what you think.")
    survey_text_save(survey=survey, language="es", title="¿Qué mensaje convence?",
                     intro="Lea un mensaje corto y díganos qué piensa.")
    for position, (key, is_control, title, text) in enumerate(FRAMES):
        Frame.objects.create(survey=survey, position=position, key=key, is_control=is_control,
                             title=title, text=text)
    version = version_draft_for(survey=survey)
    about = section_add(version=version, name="about",
                        title={"en": "About you", "es": "Sobre usted"})
    question_add(section=about, name="role", type=QuestionType.SINGLE,
                 label={"en": "Who is answering?", "es": "¿Quién responde?"},
                 options=[("parent", {"en": "A parent or caregiver",
                                      "es": "Madre, padre o persona cuidadora"}),
                          ("educator", {"en": "An educator", "es": "Personal educativo"}),
                          ("student", {"en": "A student", "es": "Estudiante"}),
                          ("community", {"en": "A community member",
                                         "es": "Integrante de la comunidad"}),
                          ("organization", {"en": "An organization",
                                            "es": "Una organización"})])
    message = section_add(version=version, name="message", shows_frame=True,
                          title={"en": "Please read this message",
                                 "es": "Por favor lea este mensaje"})
    question_add(section=message, name="agree", type=QuestionType.RATING, is_outcome=True,
                 required=True, scale_min=1, scale_max=5,
                 scale_min_label={"en": "Strongly disagree", "es": "Muy en desacuerdo"},
                 scale_max_label={"en": "Strongly agree", "es": "Muy de acuerdo"},
                 label={"en": "I agree with this message",
                        "es": "Estoy de acuerdo con este mensaje"})
    question_add(section=message, name="act", type=QuestionType.SINGLE, is_outcome=True,
                 required=True,
                 label={"en": "Would you ask your school board to act on this?",
                        "es": "¿Le pediría a su consejo escolar que actúe al respecto?"},
                 options=[("yes", {"en": "Yes", "es": "Sí"}), ("no", {"en": "No", "es": "No"})])
    question_add(section=message, name="why", type=QuestionType.SHORT_TEXT, max_length=500,
                 label={"en": "Why?", "es": "¿Por qué?"})
    version_publish(version=version)
    # Finished: no one new is assigned.
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()
    return survey


def _agreement(rng: random.Random, frame: str, role: str) -> int:
    base = rng.gauss(3.2, 1.0)
    if frame == "opportunity" and role == "parent":
        base += 0.8
    return max(1, min(5, round(base)))


def demo_frames(*, responses: int = 600, created_by=None) -> Survey | None:
    """Create the frame test and ``responses`` answers; None if it already exists."""
    if Survey.objects.filter(slug=SLUG).exists():
        return None
    rng = random.Random(SEED)
    with transaction.atomic():
        survey = _build_survey(created_by)
        Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
        version = survey.current_version
        questions = version_questions(version)
        for _index in range(responses):
            # A few organizations answered too: too few to show them apart.
            role = rng.choices(["parent", "educator", "student", "community",
                                "organization"], weights=[50, 24, 14, 10, 2])[0]
            language = "es" if rng.random() < 0.5 else "en"
            frame, slot = frame_assign(survey=survey)
            agree = _agreement(rng, frame.key, role)
            lift = 0.15 if frame.key == "opportunity" and role == "parent" else 0.0
            act = rng.random() < 0.35 + 0.08 * (agree - 3) + lift
            answers = {"role": role, "agree": agree, "act": "yes" if act else "no"}
            if rng.random() < 0.1:
                answers["why"] = rng.choice(
                    {"en": ["My kids are bilingual and proud of it.",
                            "Schools need more funding.", "It sounds like a good idea."],
                     "es": ["Mis hijos son bilingües y orgullosos.",
                            "Las escuelas necesitan más fondos.", "Me parece buena idea."],
                     }[language])
            response_record(version=version, answers=answers, language=language,
                            respondent_type=role, frame=frame, frame_slot=slot,
                            questions=questions)
        Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()
    return survey
