"""Demo library: briefs, a report, toolkits by role, a press release, a past convening's
recording and slides, two collections. PDFs are made with WeasyPrint from small documents
written here, and stored through the same checks and services as staff uploads (so their
thumbnails are queued too). Running it twice adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape

from alianza.library import services
from alianza.library.models import Audience, Collection, MediaContact, Resource, Topic

TOPICS = [
    ("long-term-english-learners", "Long-term English learners",
     "Estudiantes de inglés a largo plazo"),
    ("biliteracy", "Biliteracy", "Lectoescritura bilingüe"),
    ("funding", "Funding", "Financiamiento"),
    ("family-engagement", "Family engagement", "Participación familiar"),
    ("early-childhood", "Early childhood", "Primera infancia"),
    ("newcomers", "Newcomer students", "Estudiantes recién llegados"),
]
AUDIENCES = [
    ("teacher", "Teachers", "Docentes"),
    ("school-leader", "School leaders", "Directores escolares"),
    ("district-leader", "District leaders", "Líderes de distrito"),
    ("parent", "Parents and caregivers", "Madres, padres y cuidadores"),
    ("advocate", "Advocates", "Defensores"),
    ("policymaker", "Policymakers", "Legisladores"),
    ("researcher", "Researchers", "Investigadores"),
]


@dataclass
class Version:
    title: str
    summary: str
    body: str
    table: list[tuple[str, str]] = field(default_factory=list)
    pdf: bool = True
    link_url: str = ""


@dataclass
class Item:
    slug: str
    kind: str
    published_on: datetime.date
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    en: Version | None
    es: Version | None = None
    authors: str = "Coalition policy team"
    grade_span: str = ""


TEACHER_TABLE_EN = [("Before the lesson", "Name the language goal next to the content goal."),
                    ("During the lesson", "Plan structured talk in pairs, in either language."),
                    ("After the lesson", "Look at student writing for the language used.")]
TEACHER_TABLE_ES = [("Antes de la clase", "Nombre la meta de lenguaje junto a la de contenido."),
                    ("Durante la clase", "Planifique conversación estructurada en parejas."),
                    ("Después de la clase", "Revise la escritura de los estudiantes.")]

ITEMS = [
    Item("funding-brief-2024", "brief", datetime.date(2024, 6, 17),
         ("funding",), ("policymaker", "district-leader", "advocate"),
         Version("Following the money for English learners",
                 "Where supplemental and concentration grants go, and the questions a district "
                 "plan should answer.",
                 "State funding formulas send extra dollars for English learners, but local plans "
                 "rarely show how those dollars reach classrooms.\n\nThis brief lists the "
                 "questions families and advocates can ask when a district's accountability plan "
                 "is open for comment, and the figures a clear plan publishes.",
                 [("Grant", "What to ask"), ("Supplemental", "Which services grow with it?"),
                  ("Concentration", "Which schools receive it, and how much?")]),
         Version("Siguiendo el dinero para los estudiantes de inglés",
                 "A dónde van las subvenciones suplementarias y de concentración, y las preguntas "
                 "que debe responder un plan distrital.",
                 "Las fórmulas estatales envían fondos adicionales para los estudiantes de inglés, "
                 "pero los planes locales rara vez muestran cómo llegan esos fondos a las aulas."
                 "\n\nEste resumen reúne las preguntas que las familias pueden hacer cuando el "
                 "plan del distrito está abierto a comentarios.",
                 [("Subvención", "Qué preguntar"), ("Suplementaria", "¿Qué servicios crecen?"),
                  ("Concentración", "¿Qué escuelas la reciben y cuánto?")])),
    Item("ltel-report-2024", "report", datetime.date(2024, 3, 5),
         ("long-term-english-learners",), ("district-leader", "researcher", "school-leader"),
         Version("Still waiting: long-term English learners in secondary schools",
                 "Six years or more as English learners: who these students are, what their "
                 "schedules look like, and what helps them reclassify.",
                 "Many students who started school in California as English learners are still "
                 "classified that way in middle and high school. Their schedules often leave no "
                 "room for the courses they need to graduate ready for college.\n\nThis report "
                 "brings together public data and interviews with educators to describe "
                 "practices that make a difference: designated language development that "
                 "is not remedial, access to grade-level courses, and monitoring by name.",
                 [("Years as an English learner", "Share of secondary English learners"),
                  ("Fewer than 4", "About a third"), ("4 to 5", "About a fifth"),
                  ("6 or more", "Close to half")]),
         None, authors="Coalition research team", grade_span="middle"),
    Item("toolkit-teachers", "toolkit", datetime.date(2023, 10, 2),
         ("biliteracy",), ("teacher",),
         Version("Toolkit for teachers: language in every lesson",
                 "Short routines that put language goals beside content goals.",
                 "Every lesson is a language lesson. These routines help teachers plan for it "
                 "without adding another program.", TEACHER_TABLE_EN),
         Version("Herramientas para docentes: el lenguaje en cada clase",
                 "Rutinas breves que colocan las metas de lenguaje junto a las de contenido.",
                 "Cada clase es una clase de lenguaje. Estas rutinas ayudan a planificarlo sin "
                 "añadir otro programa.", TEACHER_TABLE_ES), grade_span="k12"),
    Item("toolkit-school-leaders", "toolkit", datetime.date(2023, 10, 2),
         ("long-term-english-learners", "biliteracy"), ("school-leader",),
         Version("Toolkit for school leaders: a master schedule that includes everyone",
                 "Building a schedule where English learners reach every course they need.",
                 "The master schedule decides who gets access to what. This toolkit walks a "
                 "leadership team through a review of its own schedule, one question at a time.",
                 [("Question", "Evidence to look at"),
                  ("Do English learners reach A–G courses?", "Enrollment by course and status"),
                  ("Is language development at a good time?", "Bell schedule")]),
         Version("Herramientas para directores: un horario que incluya a todos",
                 "Cómo armar un horario donde los estudiantes de inglés lleguen a todos los "
                 "cursos que necesitan.",
                 "El horario escolar decide quién tiene acceso a qué. Esta guía acompaña al "
                 "equipo directivo en la revisión de su propio horario.",
                 [("Pregunta", "Datos que revisar"),
                  ("¿Llegan a los cursos A–G?", "Matrícula por curso y estatus"),
                  ("¿El desarrollo del inglés está en buen horario?", "Horario de campanas")]),
         grade_span="high"),
    Item("toolkit-families", "toolkit", datetime.date(2023, 10, 2),
         ("family-engagement", "biliteracy"), ("parent",),
         Version("Toolkit for families: questions to ask your school",
                 "What to ask about your child's language program, and your rights to "
                 "information in your language.",
                 "Families have the right to understand their child's program. These questions "
                 "help start the conversation with a teacher or the school's office.",
                 [("Topic", "Question"), ("Program", "Which language program is my child in?"),
                  ("Progress", "How will I know my child is reaching the goals?")]),
         Version("Herramientas para familias: preguntas para su escuela",
                 "Qué preguntar sobre el programa de idioma de su hijo y su derecho a recibir "
                 "información en su idioma.",
                 "Las familias tienen derecho a entender el programa de sus hijos. Estas "
                 "preguntas ayudan a iniciar la conversación con la maestra o la oficina.",
                 [("Tema", "Pregunta"), ("Programa", "¿En qué programa de idioma está mi hijo?"),
                  ("Progreso", "¿Cómo sabré si mi hijo alcanza las metas?")])),
    Item("press-seal-of-biliteracy-milestone", "press_release", datetime.date(2024, 5, 20),
         ("biliteracy",), ("advocate", "policymaker"),
         Version("Record number of graduates earn the State Seal of Biliteracy",
                 "The coalition celebrates graduates who finished high school with two or more "
                 "languages, and asks the state to keep the seal within reach of English "
                 "learners.",
                 "SACRAMENTO – The coalition today congratulated this year's graduates who "
                 "earned the State Seal of Biliteracy, the largest group since the seal was "
                 "created in 2011.\n\n“Every one of these students shows what schools can do "
                 "when they treat languages as assets,” said the coalition's director.\n\nThe "
                 "coalition urged districts to report how many seal recipients were once English "
                 "learners.", pdf=False),
         Version("Cifra récord de graduados obtiene el Sello Estatal de Lectoescritura Bilingüe",
                 "La coalición celebra a los graduados que terminaron la preparatoria con dos o "
                 "más idiomas.",
                 "SACRAMENTO – La coalición felicitó hoy a los graduados de este año que "
                 "obtuvieron el Sello Estatal de Lectoescritura Bilingüe, el grupo más grande "
                 "desde que se creó el sello en 2011.\n\nLa coalición pidió a los distritos que "
                 "informen cuántos de ellos fueron estudiantes de inglés.", pdf=False)),
    Item("convening-2024-recording", "recording", datetime.date(2024, 2, 9),
         ("long-term-english-learners",), ("teacher", "school-leader", "district-leader"),
         Version("Winter convening 2024: recording of the opening panel",
                 "District leaders on what changed for long-term English learners in their "
                 "secondary schools.",
                 "The opening panel of the winter convening, with questions from the room.",
                 pdf=False, link_url="https://media.example.org/alianza/winter-convening-2024"),
         Version("Encuentro de invierno 2024: grabación del panel inicial",
                 "Líderes distritales sobre lo que cambió para los estudiantes de inglés a largo "
                 "plazo.", "El panel inicial del encuentro de invierno, con preguntas del público.",
                 pdf=False, link_url="https://media.example.org/alianza/winter-convening-2024")),
    Item("convening-2024-slides", "slides", datetime.date(2024, 2, 9),
         ("long-term-english-learners",), ("school-leader", "district-leader"),
         Version("Winter convening 2024: slides of the opening panel",
                 "The figures the panel discussed, with sources.",
                 "Slides shown during the opening panel.",
                 [("Slide", "Content"), ("1", "Who long-term English learners are"),
                  ("2", "Course access in grades 9–12"), ("3", "What districts changed")]),
         None),
]

COLLECTIONS = [
    ("tools-for-school-leaders", "Tools for school leaders", "Herramientas para directores",
     "Schedules, reviews and data for leadership teams.",
     "Horarios, revisiones y datos para equipos directivos.",
     ["toolkit-school-leaders", "ltel-report-2024", "convening-2024-slides"]),
    ("seal-of-biliteracy-toolkit", "Seal of Biliteracy toolkit",
     "Herramientas del Sello de Lectoescritura Bilingüe",
     "Everything for schools and families working toward the seal.",
     "Todo para escuelas y familias que trabajan para obtener el sello.",
     ["toolkit-teachers", "toolkit-families", "press-seal-of-biliteracy-milestone"]),
]

CSS = """
@page { size: Letter; margin: 2cm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.45; color: #1d2b24; }
.cover { page-break-after: always; padding-top: 6cm; }
.cover h1 { font-size: 28pt; color: #0b5d3b; margin: 0 0 0.5cm; }
.cover p { font-size: 14pt; color: #4a5a52; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5cm; }
th, td { border: 1px solid #9fb3a8; padding: 4pt 6pt; text-align: left; }
th { background: #e4efe9; }
"""


def pdf_for(version: Version, language: str, item: Item) -> bytes:
    from weasyprint import HTML

    rows = version.table
    table = ""
    if rows:
        head, *body = rows
        table = ("<table><thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head)
                 + "</tr></thead><tbody>"
                 + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                           for row in body) + "</tbody></table>")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in version.body.split("\n\n"))
    date = item.published_on.strftime("%m/%d/%Y" if language == "en" else "%d/%m/%Y")
    html = (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'>"
            f"<title>{escape(version.title)}</title><style>{CSS}</style></head><body>"
            f"<section class='cover'><h1>{escape(version.title)}</h1>"
            f"<p>{escape(version.summary)}</p><p>{escape(item.authors)} · {date}</p></section>"
            f"{paragraphs}{table}</body></html>")
    return HTML(string=html).write_pdf()


def _vocabulary(model, rows) -> dict[str, object]:
    found = {}
    for position, (slug, name, name_es) in enumerate(rows):
        found[slug], _created = model.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_es": name_es, "position": position})
    return found


def load() -> dict[str, int]:
    """Add whatever part of the demo library is missing; returns what was added."""
    added = {"resources": 0, "files": 0, "collections": 0, "contacts": 0}
    topics = _vocabulary(Topic, TOPICS)
    audiences = _vocabulary(Audience, AUDIENCES)
    for item in ITEMS:
        if Resource.objects.filter(slug=item.slug).exists():
            continue
        # Files are made before the transaction: WeasyPrint takes a moment per document.
        files = {code: pdf_for(version, code, item)
                 for code, version in (("en", item.en), ("es", item.es))
                 if version is not None and version.pdf}
        with transaction.atomic():
            resource = services.resource_create(
                kind=item.kind, slug=item.slug, published_on=item.published_on,
                grade_span=item.grade_span, authors=item.authors,
                topics=[topics[s] for s in item.topics],
                audiences=[audiences[s] for s in item.audiences])
            for code, version in (("en", item.en), ("es", item.es)):
                if version is None:
                    continue
                upload = None
                if code in files:
                    upload = SimpleUploadedFile(f"{item.slug}-{code}.pdf", files[code],
                                                "application/pdf")
                    added["files"] += 1
                services.resource_text_save(
                    resource=resource, language=code, title=version.title,
                    summary=version.summary, body=version.body, link_url=version.link_url,
                    upload=upload)
            services.resource_publish(resource=resource)
        added["resources"] += 1
    for slug, title, title_es, summary, summary_es, members in COLLECTIONS:
        if Collection.objects.filter(slug=slug).exists():
            continue
        with transaction.atomic():
            collection = services.collection_create(
                slug=slug, title=title, title_es=title_es, summary=summary,
                summary_es=summary_es, position=added["collections"])
            by_slug = Resource.objects.in_bulk(members, field_name="slug")
            for member in members:
                if member in by_slug:
                    services.collection_item_add(collection=collection, resource=by_slug[member])
            services.collection_publish(collection=collection, published=True)
        added["collections"] += 1
    if not MediaContact.objects.exists():
        services.media_contact_create(
            name="Marisol Vega", role="Communications director",
            role_es="Directora de comunicaciones", organization="Alianza coalition office",
            email="press@example.org", phone="(916) 555-0142", languages=["en", "es"])
        added["contacts"] += 1
    return added
