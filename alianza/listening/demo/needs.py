"""The demo needs assessment, after the seed: 20 grassroots partners heard from families
and students across more than 20 districts, who ranked their top concerns.

Responses are generated from a fixed seed and recorded through ``response_record``, the
same checked path a respondent's submission takes. The ranking follows a Plackett–Luce
draw: mental health clearly ahead, equitable learning environments and digital access
close behind each other.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alianza.coalition.places import districts
from alianza.listening.models import (
    Answer,
    Partner,
    QuestionType,
    Response,
    Survey,
    Theme,
)
from alianza.listening.services.responses import response_record, version_questions
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    survey_text_save,
    version_draft_for,
    version_publish,
)

SLUG = "family-needs-2026"
SEED = 20260601

CONCERNS = [  # (value, en, es, weight in the draw)
    ("mental_health", "Mental health support and positive relationships",
     "Apoyo a la salud mental y relaciones positivas", 9.0),
    ("learning_env", "Equitable learning environments at home and at school",
     "Entornos de aprendizaje equitativos en casa y en la escuela", 5.6),
    ("digital", "Reliable internet and devices for every student",
     "Internet y dispositivos confiables para cada estudiante", 5.3),
    ("uncertainty", "Uncertainty about graduation, college and financial aid",
     "Incertidumbre sobre la graduación, la universidad y la ayuda financiera", 3.6),
    ("safety_net", "Schools as a safety net for families' basic needs",
     "La escuela como red de apoyo para las necesidades básicas de las familias", 3.0),
    ("language_access", "Interpretation and information in our language",
     "Interpretación e información en nuestro idioma", 2.7),
    ("leadership", "Students, parents and educators as leaders in decisions",
     "Estudiantes, familias y personal educativo al frente de las decisiones", 2.0),
    ("el_support", "Support for English learners in class",
     "Apoyo en clase para estudiantes de inglés", 1.8),
]

EXTRA_PARTNERS = ["Padres Unidos del Valle", "Fresno Barrios Unidos", "Kern Youth Voices",
                  "Comité de Familias de Tulare", "San Diego Organizing Project",
                  "Inland Empire Familias", "Oakland Parent Power", "Sacramento Youth Table",
                  "Santa Clara Familias Aprendiendo", "Riverside Parent Circle",
                  "Boyle Heights Madres en Acción", "Long Beach Youth for Justice",
                  "Coachella Valley Familias", "Salinas Parent Network",
                  "Stockton Students United", "Pomona Familias Líderes",
                  "Bakersfield Community Voices", "Merced Padres Activos",
                  "Santa Ana Youth Leaders", "Oxnard Mixteco Families Network"]
# Counties the partners work in (Los Angeles twice: most of the coalition is there).
COUNTIES = ["19", "19", "10", "15", "54", "37", "33", "36", "01", "34", "43"]

COMMENTS = {
    "en": [
        ("My son needs someone to talk to at school. The counselor has 600 students.",
         "mental_health"),
        ("We share one phone for three kids' homework. The hotspot never works.", "digital"),
        ("Nobody explained reclassification to us in Spanish or in English.", "language"),
        ("My daughter is a senior and we don't know how to apply for financial aid.", None),
        ("Teachers are doing their best but the classes are too big.", None),
        ("Please keep the school meals going in the summer.", "basic_needs"),
        ("The internet at home drops every afternoon.", "digital"),
        ("Students need a safe adult at school who speaks their language.", "mental_health"),
    ],
    "es": [
        ("Mi hija se siente sola y ansiosa desde que volvió a la escuela.", "mental_health"),
        ("No tenemos computadora en casa, solo un celular para todos.", "digital"),
        ("Las juntas de la escuela son solo en inglés y no entiendo.", "language"),
        ("Quisiera saber cómo ayudar a mi hijo a ir a la universidad.", None),
        ("Necesitamos ayuda con comida y renta, la escuela nos ha apoyado.", "basic_needs"),
        ("El maestro de mi hijo no tiene tiempo para los estudiantes de inglés.", None),
        ("Queremos participar en las decisiones de la escuela.", None),
        ("Mi hijo necesita un consejero que hable español.", "mental_health"),
    ],
}
THEMES = {
    "mental_health": {"en": "Mental health", "es": "Salud mental"},
    "digital": {"en": "Internet and devices", "es": "Internet y dispositivos"},
    "language": {"en": "Language access", "es": "Acceso lingüístico"},
    "basic_needs": {"en": "Basic needs", "es": "Necesidades básicas"},
}
OTHER_LANGUAGES = {"en": ["Mixteco", "Punjabi", "Arabic"], "es": ["Mixteco", "Triqui", "Zapoteco"]}


def _build_survey(created_by=None) -> Survey:
    survey = survey_create(slug=SLUG, languages=["en", "es"], created_by=created_by)
    survey_text_save(
        survey=survey, language="en", title="Family and student needs assessment 2026",
        intro="Tell us what you and your family need most from your schools. It takes about "
              "five minutes and you may skip any question.",
        thanks="Thank you! Your answers will shape the coalition's recommendations.")
    survey_text_save(
        survey=survey, language="es",
        title="Evaluación de necesidades de familias y estudiantes 2026",
        intro="Díganos qué necesitan usted y su familia de sus escuelas. Toma unos cinco "
              "minutos y puede omitir cualquier pregunta.",
        thanks="¡Gracias! Sus respuestas darán forma a las recomendaciones de la coalición.")
    version = version_draft_for(survey=survey)
    about = section_add(version=version, name="about",
                        title={"en": "About you", "es": "Sobre usted"})
    question_add(section=about, name="role", type=QuestionType.SINGLE, required=True,
                 label={"en": "Who is answering?", "es": "¿Quién responde?"},
                 options=[("parent", {"en": "A parent or caregiver",
                                      "es": "Madre, padre o persona cuidadora"}),
                          ("student", {"en": "A student", "es": "Estudiante"}),
                          ("educator", {"en": "An educator", "es": "Personal educativo"}),
                          ("community", {"en": "A community member",
                                         "es": "Integrante de la comunidad"})])
    question_add(section=about, name="county", type=QuestionType.COUNTY,
                 label={"en": "Which county do you live in?", "es": "¿En qué condado vive?"})
    question_add(section=about, name="district", type=QuestionType.DISTRICT,
                 label={"en": "Which school district?", "es": "¿Qué distrito escolar?"})
    question_add(section=about, name="home_languages", type=QuestionType.MULTIPLE,
                 allows_other=True,
                 label={"en": "Which languages are spoken at home?",
                        "es": "¿Qué idiomas se hablan en casa?"},
                 options=[("english", {"en": "English", "es": "Inglés"}),
                          ("spanish", {"en": "Spanish", "es": "Español"}),
                          ("vietnamese", {"en": "Vietnamese", "es": "Vietnamita"}),
                          ("tagalog", {"en": "Tagalog", "es": "Tagalo"})])
    school = section_add(version=version, name="school",
                         title={"en": "School", "es": "La escuela"},
                         condition={"any": [{"q": "role", "op": "eq", "v": "parent"},
                                            {"q": "role", "op": "eq", "v": "student"}]})
    question_add(section=school, name="grade_band", type=QuestionType.SINGLE,
                 label={"en": "Which grades?", "es": "¿Qué grados?"},
                 options=[("elementary", {"en": "Elementary (TK–5)", "es": "Primaria (TK–5)"}),
                          ("middle", {"en": "Middle (6–8)", "es": "Escuela intermedia (6–8)"}),
                          ("high", {"en": "High school (9–12)",
                                    "es": "Preparatoria (9–12)"})])
    question_add(section=school, name="senior_worry", type=QuestionType.SINGLE,
                 condition={"q": "grade_band", "op": "eq", "v": "high"},
                 label={"en": "Are you worried about graduation, college or financial aid?",
                        "es": "¿Le preocupa la graduación, la universidad o la ayuda "
                              "financiera?"},
                 options=[("yes", {"en": "Yes", "es": "Sí"}), ("no", {"en": "No", "es": "No"})])
    concerns = section_add(version=version, name="concerns",
                           title={"en": "Your concerns", "es": "Sus preocupaciones"})
    question_add(section=concerns, name="top_concerns", type=QuestionType.RANKING,
                 required=True, max_ranked=5,
                 label={"en": "Rank your five biggest concerns, most important first",
                        "es": "Ordene sus cinco mayores preocupaciones, la más importante "
                              "primero"},
                 options=[(value, {"en": en, "es": es}) for value, en, es, _w in CONCERNS])
    question_add(section=concerns, name="wellbeing_support", type=QuestionType.RATING,
                 scale_min=1, scale_max=5,
                 scale_min_label={"en": "Not at all", "es": "Nada"},
                 scale_max_label={"en": "Very well", "es": "Muy bien"},
                 label={"en": "How well does your school support students' mental health?",
                        "es": "¿Qué tan bien apoya su escuela la salud mental de los "
                              "estudiantes?"})
    question_add(section=concerns, name="internet", type=QuestionType.RATING,
                 scale_min=1, scale_max=5,
                 label={"en": "How reliable is your internet for schoolwork?",
                        "es": "¿Qué tan confiable es su internet para las tareas?"})
    question_add(section=concerns, name="supports", type=QuestionType.MULTIPLE,
                 allows_other=True,
                 label={"en": "Which supports would help most?",
                        "es": "¿Qué apoyos ayudarían más?"},
                 options=[("tutoring", {"en": "Tutoring", "es": "Tutoría"}),
                          ("counseling", {"en": "Counseling", "es": "Consejería"}),
                          ("meals", {"en": "School meals", "es": "Comidas escolares"}),
                          ("devices", {"en": "A device and internet",
                                       "es": "Un dispositivo e internet"}),
                          ("interpretation", {"en": "Interpretation at meetings",
                                              "es": "Interpretación en las juntas"})])
    comments = section_add(version=version, name="comments",
                           title={"en": "In your words", "es": "En sus palabras"})
    question_add(section=comments, name="comment", type=QuestionType.LONG_TEXT,
                 label={"en": "Anything else the coalition should know?",
                        "es": "¿Algo más que la coalición deba saber?"})
    version_publish(version=version)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.refresh_from_db()
    return survey


def _partners(survey: Survey) -> list[tuple[Partner, str]]:
    """20 partners: the coalition's organizations from the demo (if loaded), then local
    grassroots groups."""
    from alianza.coalition.models import Organization

    organizations = list(Organization.objects.order_by("pk")[:20])
    names = [(org.name, org) for org in organizations]
    names += [(name, None) for name in EXTRA_PARTNERS][:max(0, 20 - len(names))]
    partners = []
    for index, (name, organization) in enumerate(names):
        partner = Partner.objects.create(survey=survey, name=name, organization=organization)
        partners.append((partner, COUNTIES[index % len(COUNTIES)]))
    return partners


def _ranking(rng: random.Random, role: str) -> list[str]:
    """Top five by successive weighted draws; students weigh graduation worries more."""
    pool = {value: weight for value, _en, _es, weight in CONCERNS}
    if role == "student":
        pool["uncertainty"] *= 1.8
    chosen = []
    for _place in range(rng.choice([3, 4, 5, 5, 5])):
        values, weights = zip(*pool.items(), strict=True)
        pick = rng.choices(values, weights=weights)[0]
        chosen.append(pick)
        del pool[pick]
    return chosen


def _answers(rng: random.Random, county: str, county_districts: dict[str, list[str]],
             language: str) -> tuple[str, dict, str | None]:
    role = rng.choices(["parent", "student", "educator", "community"],
                       weights=[55, 25, 12, 8])[0]
    answers: dict = {"role": role, "top_concerns": _ranking(rng, role)}
    if rng.random() < 0.92:
        answers["county"] = county
        if county_districts.get(county) and rng.random() < 0.85:
            answers["district"] = rng.choice(county_districts[county])
    homes = ["spanish"] if language == "es" else rng.choice(
        [["english"], ["english", "spanish"], ["vietnamese", "english"], ["tagalog"]])
    if rng.random() < 0.05:
        homes = [*homes, "other"]
        answers["home_languages__other"] = rng.choice(OTHER_LANGUAGES[language])
    answers["home_languages"] = homes
    if role in ("parent", "student"):
        band = rng.choices(["elementary", "middle", "high"],
                           weights=[4, 3, 3] if role == "parent" else [0, 3, 7])[0]
        answers["grade_band"] = band
        if band == "high":
            answers["senior_worry"] = "yes" if rng.random() < 0.72 else "no"
    answers["wellbeing_support"] = rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 4, 2, 1])[0]
    if rng.random() < 0.9:
        answers["internet"] = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 3, 3, 2])[0]
    supports = [value for value, chance in (("tutoring", .45), ("counseling", .5),
                                            ("meals", .3), ("devices", .35),
                                            ("interpretation", .4 if language == "es" else .1))
                if rng.random() < chance]
    if supports:
        answers["supports"] = supports
    theme = None
    if rng.random() < 0.3:
        text, theme = rng.choice(COMMENTS[language])
        answers["comment"] = text
    return role, answers, theme


def demo_needs(*, responses: int = 640, created_by=None) -> Survey | None:
    """Create the needs assessment and ``responses`` answers; None if it already exists."""
    if Survey.objects.filter(slug=SLUG).exists():
        return None
    rng = random.Random(SEED)
    with transaction.atomic():
        survey = _build_survey(created_by)
        partners = _partners(survey)
        themes = {key: Theme.objects.create(survey=survey, key=key, label=label)
                  for key, label in THEMES.items()}
        county_districts: dict[str, list[str]] = {}
        for district in districts().values():
            if "Unified" in district.name or "Elementary" in district.name:
                county_districts.setdefault(district.county_code, []).append(district.code)
        county_districts = {code: sorted(codes)[:4] for code, codes in county_districts.items()}
        version = survey.current_version
        questions = version_questions(version)
        start = timezone.now() - timedelta(days=45)
        # Some partners reach many more people than others, as in the seed.
        reach = [1 / (rank + 1) ** 0.7 for rank in range(len(partners))]
        tagged: list[tuple[int, str]] = []
        dates = []
        for index in range(responses):
            partner, county = rng.choices(partners, weights=reach)[0]
            language = "es" if rng.random() < 0.58 else "en"
            role, answers, theme = _answers(rng, county, county_districts, language)
            response = response_record(version=version, answers=answers, language=language,
                                       partner=partner, respondent_type=role,
                                       questions=questions,
                                       channel=Response.Channel.PAPER if index % 9 == 0
                                       else Response.Channel.WEB)
            dates.append((response.pk, start + timedelta(minutes=rng.randrange(45 * 24 * 60))))
            if theme:
                tagged.append((response.pk, theme))
        for pk, when in dates:
            Response.objects.filter(pk=pk).update(submitted_at=when, started_at=when)
        # Staff have tagged most of the comments so far; a few wait for them.
        for pk, theme in tagged[: int(len(tagged) * 0.8)]:
            answer = Answer.objects.get(response_id=pk, question__name="comment")
            answer.themes.add(themes[theme])
    return survey

