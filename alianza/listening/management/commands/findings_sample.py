"""A needs assessment with about 200 responses, for looking at the findings pages.

Not the module's demo (``listening_demo``): a quick, repeatable set of answers with a few
small groups, "other" answers and open comments in two languages.
"""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from alianza.listening.models import Partner, QuestionType, Response, Survey
from alianza.listening.services.responses import response_record, version_questions
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    survey_text_save,
    version_draft_for,
    version_publish,
)
from alianza.listening.services.themes import answer_theme_set, theme_create

SLUG = "findings-sample"
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
COMMENTS = {
    "en": ["We need interpreters at every meeting.", "More tutoring after school, please.",
           "My son waited a year for a counselor.", "Letters home only come in English."],
    "es": ["Necesitamos intérpretes en cada reunión.", "Más tutoría después de clases.",
           "Las cartas llegan solo en inglés.", "Quiero saber cómo reclasifican a mi hija."],
}


def _survey() -> Survey:
    survey = survey_create(slug=SLUG, languages=["en", "es"])
    survey_text_save(survey=survey, language="en", title="Family needs assessment 2026")
    survey_text_save(survey=survey, language="es", title="Evaluación de necesidades 2026")
    version = version_draft_for(survey=survey)
    about = section_add(version=version, name="about",
                        title={"en": "About you", "es": "Sobre usted"})
    question_add(section=about, name="role", type=QuestionType.SINGLE, required=True,
                 label={"en": "Who are you?", "es": "¿Quién es usted?"},
                 options=[("parent", {"en": "A parent", "es": "Madre o padre"}),
                          ("student", {"en": "A student", "es": "Estudiante"}),
                          ("educator", {"en": "An educator", "es": "Educador(a)"})],
                 allows_other=True)
    question_add(section=about, name="county", type=QuestionType.COUNTY,
                 label={"en": "Your county", "es": "Su condado"})
    concerns = section_add(version=version, name="concerns",
                           title={"en": "Concerns", "es": "Preocupaciones"})
    question_add(section=concerns, name="top_concerns", type=QuestionType.RANKING,
                 label={"en": "Rank your top three concerns",
                        "es": "Ordene sus tres principales preocupaciones"},
                 options=CONCERNS, max_ranked=3, required=True)
    question_add(section=concerns, name="help", type=QuestionType.MULTIPLE,
                 label={"en": "Where do you get help?", "es": "¿Dónde recibe ayuda?"},
                 options=[("school", {"en": "At school", "es": "En la escuela"}),
                          ("church", {"en": "Church or community group",
                                      "es": "Iglesia o grupo comunitario"}),
                          ("family", {"en": "Family", "es": "Familia"}),
                          ("none", {"en": "Nowhere", "es": "En ningún lugar"})])
    question_add(section=concerns, name="satisfaction", type=QuestionType.RATING,
                 label={"en": "How well does school listen to you?",
                        "es": "¿Qué tanto le escucha la escuela?"}, scale_min=1, scale_max=5)
    question_add(section=concerns, name="comment", type=QuestionType.LONG_TEXT,
                 label={"en": "Anything else?", "es": "¿Algo más?"})
    version_publish(version=version)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.refresh_from_db()
    return survey


class Command(BaseCommand):
    help = "Create (again) a needs assessment with about 200 responses for the findings pages."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--responses", type=int, default=200)

    @transaction.atomic
    def handle(self, *args, responses: int, **options) -> None:
        Response.objects.filter(survey__slug=SLUG).delete()
        Survey.objects.filter(slug=SLUG).delete()
        survey = _survey()
        rng = random.Random(2026)
        partners = [Partner.objects.create(survey=survey, name=name) for name in
                    ("Escuela Lincoln", "Parent Institute", "Biblioteca del Valle")]
        version = survey.current_version
        questions = version_questions(version)
        weights = [5, 4, 2, 1.5, 1]
        for index in range(responses):
            language = "es" if rng.random() < 0.6 else "en"
            role = rng.choices(["parent", "student", "educator", "other"], [70, 20, 6, 4])[0]
            concerns = []
            pool = [c for c, _l in CONCERNS]
            pool_weights = list(weights)
            for _rank in range(3):
                pick = rng.choices(range(len(pool)), pool_weights)[0]
                concerns.append(pool.pop(pick))
                pool_weights.pop(pick)
            answers = {
                "role": role, "county": rng.choices(["19", "37", "10", "07"], [60, 25, 10, 5])[0],
                "top_concerns": concerns, "satisfaction": rng.choice([1, 2, 2, 3, 3, 4, 5]),
                "help": rng.sample(["school", "church", "family"], rng.randint(1, 2)),
            }
            if role == "other":
                answers["role__other"] = rng.choice(["Abuela", "Tutor legal", "Grandfather"])
            if rng.random() < 0.4:
                answers["comment"] = rng.choice(COMMENTS[language])
            response_record(version=version, answers=answers, language=language,
                            respondent_type="" if role == "other" else role,
                            partner=partners[0] if index % 10 < 6 else
                            partners[1] if index % 10 < 9 else partners[2] if index < 40 else None,
                            questions=questions)
        interpreters = theme_create(survey=survey, label={"en": "Interpreters",
                                                          "es": "Intérpretes"})
        theme_create(survey=survey, label={"en": "Tutoring", "es": "Tutoría"})
        for answer in survey.responses.first().answers.exclude(text="")[:1]:
            answer_theme_set(answer=answer, theme=interpreters, tagged=True)
        self.stdout.write(f"Survey {survey.pk} ({SLUG}) with {responses} responses.")
