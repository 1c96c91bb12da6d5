"""Demo agenda: the 2023-24 policy agenda of a regional coalition for multilingual learners,
five priorities with ten recommendations at the state and local levels, budget asks, the
bills its delegation discussed in Sacramento, and figures cited from the evidence module
when its demo data is there.

The bills are real (AB 1947, AB 2071, AB 2074, AB 2268 of 2023-24); nothing here says what
they do: a bill missing from the tracker is added with the title "Summary to be written by
staff", and the item that carries them says only that the delegation discussed them.

Safe to run twice: an agenda that exists is left as it is, except that figures it could not
cite before (no data imported yet) are added once the data is there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from alianza.evidence.selectors.figures import STATE_CDS, current_state_figures
from alianza.policy.models import (
    Agenda,
    AgendaItem,
    AgendaItemText,
    Bill,
    BudgetItem,
    EvidenceCitation,
    IssueArea,
    LegislativeSession,
)
from alianza.policy.models.legislature import CALIFORNIA
from alianza.policy.services.agenda import (
    agenda_item_save,
    agenda_item_status_change,
    agenda_publish,
    agenda_save,
)

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
SLUG = "2023-24"
SESSION = ("20232024", "2023-2024 Regular Session", datetime.date(2022, 12, 5),
           datetime.date(2024, 11, 30))
BILLS = ("AB 1947", "AB 2071", "AB 2074", "AB 2268")
NO_SUMMARY = "Summary to be written by staff"
LA_COUNTY = "19000000000000"

ISSUE_AREAS = [
    ("funding", "Funding", "Financiamiento"),
    ("biliteracy", "Biliteracy and dual language", "Lectoescritura bilingüe y doble inmersión"),
    ("long-term-english-learners", "Long-term English learners",
     "Estudiantes de inglés a largo plazo"),
    ("family-engagement", "Family engagement", "Participación familiar"),
    ("educators", "Bilingual educators", "Docentes bilingües"),
    ("newcomers", "Newcomer students", "Estudiantes recién llegados"),
]
BUDGET_ITEMS = [
    ("English Learner Roadmap implementation grants",
     "Subvenciones para implementar la Hoja de Ruta para Estudiantes de Inglés", ("funding",)),
    ("Bilingual teacher pipeline and professional development",
     "Formación y desarrollo profesional de docentes bilingües", ("educators", "funding")),
    ("Dual-language immersion program expansion",
     "Ampliación de programas de doble inmersión", ("biliteracy", "funding")),
]


def _when(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=LOS_ANGELES)


ADOPTED = ("adopted", _when(2023, 9, 20), "Adopted by the advisory committee at its "
           "September meeting.")


@dataclass
class DemoItem:
    en: tuple[str, str]
    es: tuple[str, str]
    level: str
    areas: tuple[str, ...]
    # (status, when, note) after "proposed"; most items were adopted with the agenda.
    history: tuple[tuple[str, datetime.datetime, str], ...] = (ADOPTED,)
    bills: tuple[str, ...] = ()
    budget: tuple[int, ...] = ()  # indexes into BUDGET_ITEMS
    cite: tuple[tuple[str, str, str], ...] = ()  # (level, cds_code, metric)
    recommendations: list[DemoItem] = field(default_factory=list)


IN_PROGRESS = ("in_progress", _when(2024, 1, 16), "Workgroups started meeting offices and "
               "district staff on this recommendation.")

PRIORITIES = [
    DemoItem(
        ("Fund the English Learner Roadmap in every district",
         "Multilingual learners are the fastest-growing group of students in the county. "
         "Funding meant for them should reach their classrooms, and families should be able "
         "to see where it goes."),
        ("Financiar la Hoja de Ruta para Estudiantes de Inglés en cada distrito",
         "Los estudiantes multilingües son el grupo que más crece en el condado. Los fondos "
         "destinados a ellos deben llegar a sus salones, y las familias deben poder ver a "
         "dónde van."),
        "state", ("funding",), budget=(0,),
        cite=(("county", LA_COUNTY, "el_count"), ("state", STATE_CDS, "el_count")),
        recommendations=[
            DemoItem(
                ("Protect Roadmap implementation grants in the 2024-25 state budget",
                 "Keep dedicated, multi-year grants so districts can plan staffing and "
                 "training instead of one-time projects."),
                ("Proteger las subvenciones de la Hoja de Ruta en el presupuesto estatal "
                 "2024-25",
                 "Mantener subvenciones dedicadas y de varios años para que los distritos "
                 "planifiquen personal y capacitación, no proyectos de una sola vez."),
                "state", ("funding",), history=(ADOPTED, IN_PROGRESS), budget=(0,)),
            DemoItem(
                ("Publish how supplemental funds for English learners are spent",
                 "Each district's accountability plan should show, in plain language and in "
                 "Spanish, the services English learners receive with these funds."),
                ("Publicar cómo se gastan los fondos suplementarios para estudiantes de inglés",
                 "El plan de rendición de cuentas de cada distrito debe mostrar, en lenguaje "
                 "sencillo y en español, los servicios que reciben los estudiantes de inglés "
                 "con estos fondos."),
                "district", ("funding", "family-engagement"),
                history=(ADOPTED, ("won", _when(2024, 6, 25), "Three partner districts "
                                   "published the tables we asked for in their 2024-25 "
                                   "plans."))),
        ]),
    DemoItem(
        ("Grow biliteracy from preschool to graduation",
         "Bilingualism is an asset. Every family who wants it should find a dual-language "
         "program close to home."),
        ("Impulsar la lectoescritura bilingüe desde preescolar hasta la graduación",
         "El bilingüismo es una fortaleza. Toda familia que lo desee debe encontrar un "
         "programa de doble inmersión cerca de casa."),
        "state", ("biliteracy",), budget=(2,),
        recommendations=[
            DemoItem(
                ("Expand dual-language immersion seats in the county",
                 "Open new dual-language classrooms where waiting lists are longest, starting "
                 "in transitional kindergarten."),
                ("Ampliar los lugares en programas de doble inmersión en el condado",
                 "Abrir nuevos salones de doble inmersión donde las listas de espera son más "
                 "largas, empezando en kínder de transición."),
                "county", ("biliteracy",), budget=(2,)),
            DemoItem(
                ("Award the Seal of Biliteracy at every high school",
                 "Schools should tell students and families about the Seal early and offer "
                 "the tests students need to earn it."),
                ("Otorgar el Sello de Lectoescritura Bilingüe en cada preparatoria",
                 "Las escuelas deben informar temprano a estudiantes y familias sobre el "
                 "Sello y ofrecer los exámenes necesarios para obtenerlo."),
                "school", ("biliteracy",), history=(ADOPTED, IN_PROGRESS)),
        ]),
    DemoItem(
        ("Reach long-term English learners before high school",
         "Students who have been English learners for six years or more need grade-level "
         "courses and support, not a schedule that keeps them from graduating ready."),
        ("Apoyar a los estudiantes de inglés a largo plazo antes de la preparatoria",
         "Los estudiantes que llevan seis años o más como estudiantes de inglés necesitan "
         "cursos de nivel de grado y apoyo, no un horario que les impida graduarse "
         "preparados."),
        "state", ("long-term-english-learners",),
        cite=(("state", STATE_CDS, "ltel_count"),),
        recommendations=[
            DemoItem(
                ("Pass the 2024 bills our delegation brought to Sacramento",
                 "Our May 2024 delegation discussed these bills with the offices of Assembly "
                 "Members and Senators. Summaries are to be written by staff."),
                ("Aprobar los proyectos de ley de 2024 que nuestra delegación llevó a "
                 "Sacramento",
                 "Nuestra delegación de mayo de 2024 habló de estos proyectos de ley con las "
                 "oficinas de asambleístas y senadores. El personal redactará los "
                 "resúmenes."),
                "state", ("long-term-english-learners",),
                history=(ADOPTED, ("in_progress", _when(2024, 5, 14),
                                   "Discussed with legislators' offices during the May "
                                   "delegation to Sacramento.")),
                bills=BILLS),
            DemoItem(
                ("Monitor every long-term English learner by name",
                 "Each middle school should review, every semester, the progress of each "
                 "student at risk of becoming a long-term English learner."),
                ("Dar seguimiento por nombre a cada estudiante de inglés a largo plazo",
                 "Cada secundaria debe revisar cada semestre el progreso de cada estudiante "
                 "en riesgo de convertirse en estudiante de inglés a largo plazo."),
                "school", ("long-term-english-learners",),
                history=(ADOPTED, ("carried_over", _when(2024, 6, 30),
                                   "Moved to next year's agenda: pilot schools start in "
                                   "fall 2024."))),
        ]),
    DemoItem(
        ("Make families partners in decisions",
         "Parents and caregivers of multilingual learners should be heard in their own "
         "language wherever decisions about their children are made."),
        ("Hacer de las familias socias en las decisiones",
         "Las madres, padres y cuidadores de estudiantes multilingües deben ser escuchados en "
         "su propio idioma dondequiera que se tomen decisiones sobre sus hijos."),
        "district", ("family-engagement",),
        recommendations=[
            DemoItem(
                ("Fund interpretation at every English Learner Advisory Committee meeting",
                 "Meetings of parent advisory committees should offer interpretation and "
                 "materials in the families' languages."),
                ("Financiar la interpretación en cada reunión del Comité Asesor de "
                 "Estudiantes de Inglés",
                 "Las reuniones de los comités asesores de padres deben ofrecer "
                 "interpretación y materiales en los idiomas de las familias."),
                "district", ("family-engagement",)),
            DemoItem(
                ("Train parent leaders to read their district's data",
                 "Offer workshops in Spanish on the figures districts publish about English "
                 "learners, so parents can ask informed questions."),
                ("Capacitar a madres y padres líderes para leer los datos de su distrito",
                 "Ofrecer talleres en español sobre las cifras que publican los distritos "
                 "sobre los estudiantes de inglés, para que las familias hagan preguntas "
                 "informadas."),
                "county", ("family-engagement",),
                history=(ADOPTED, ("won", _when(2024, 4, 12), "Four workshops held with "
                                   "partner parent organizations."))),
        ]),
    DemoItem(
        ("Prepare and keep bilingual educators",
         "Multilingual learners need teachers who share their languages and know how to "
         "teach language and content together."),
        ("Formar y retener a docentes bilingües",
         "Los estudiantes multilingües necesitan docentes que compartan sus idiomas y sepan "
         "enseñar lenguaje y contenido a la vez."),
        "state", ("educators",), budget=(1,),
        recommendations=[
            DemoItem(
                ("Fund bilingual authorization programs for current teachers",
                 "Pay for the courses and exams teachers need to add a bilingual "
                 "authorization."),
                ("Financiar programas de certificación bilingüe para docentes en servicio",
                 "Pagar los cursos y exámenes que los docentes necesitan para obtener una "
                 "certificación bilingüe."),
                "state", ("educators", "funding"), budget=(1,)),
            DemoItem(
                ("Welcome newcomer students with trained staff at every school",
                 "Schools receiving newcomer students should have staff trained to welcome "
                 "them and their families, and to place them in the right courses."),
                ("Recibir a los estudiantes recién llegados con personal capacitado en cada "
                 "escuela",
                 "Las escuelas que reciben estudiantes recién llegados deben contar con "
                 "personal capacitado para recibirlos a ellos y a sus familias, y para "
                 "inscribirlos en los cursos adecuados."),
                "school", ("newcomers", "educators")),
        ]),
]

TITLE = ("Policy Agenda 2023-24: Multilingual learners succeed when every level does its part",
         "Agenda de políticas 2023-24: Los estudiantes multilingües triunfan cuando cada nivel "
         "hace su parte")
INTRODUCTION = (
    "Our advisory members wrote this agenda together: the values we share, five priorities "
    "and ten recommendations for the state, the county, districts and schools.\n\n"
    "It guides our delegations to Sacramento, our budget asks for 2024-25 and our work with "
    "local school boards. Each recommendation shows where it stands.",
    "Nuestros miembros asesores redactaron juntos esta agenda: los valores que compartimos, "
    "cinco prioridades y diez recomendaciones para el estado, el condado, los distritos y "
    "las escuelas.\n\n"
    "Guía nuestras delegaciones a Sacramento, nuestras peticiones presupuestarias para "
    "2024-25 y nuestro trabajo con las juntas escolares locales. Cada recomendación muestra "
    "en qué punto se encuentra.",
)


def _session() -> LegislativeSession:
    identifier, name, start, end = SESSION
    session, _created = LegislativeSession.objects.get_or_create(
        jurisdiction=CALIFORNIA, identifier=identifier,
        defaults={"name": name, "start_date": start, "end_date": end})
    return session


def _bills(session: LegislativeSession) -> dict[str, Bill]:
    found = {}
    for identifier in BILLS:
        found[identifier], _created = Bill.objects.get_or_create(
            session=session, identifier=identifier,
            defaults={"title": NO_SUMMARY, "is_tracked": True})
    return found


def _areas() -> dict[str, IssueArea]:
    found = {}
    for position, (slug, name, name_es) in enumerate(ISSUE_AREAS):
        found[slug], _created = IssueArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_es": name_es, "position": position})
    return found


def _budget(session: LegislativeSession, areas: dict[str, IssueArea]) -> list[BudgetItem]:
    found = []
    for name, name_es, slugs in BUDGET_ITEMS:
        item, created = BudgetItem.objects.get_or_create(
            name=name, session=session, defaults={"name_es": name_es})
        if created:
            item.issue_areas.set([areas[s] for s in slugs])
        found.append(item)
    return found


def _citations(demo: DemoItem) -> list[dict[str, str]]:
    """The figures the item cites that the evidence module has data for (the demo's data
    files may lack some: the long-term English learner file, say)."""
    return [{"level": level, "cds_code": code, "metric": metric}
            for level, code, metric in demo.cite
            if current_state_figures().filter(level=level, cds_code=code, metric=metric,
                                              dimension="").exists()]


def _item(*, agenda: Agenda, demo: DemoItem, kind: str, parent: AgendaItem | None,
          areas: dict[str, IssueArea], bills: dict[str, Bill], budget: list[BudgetItem]
          ) -> AgendaItem:
    item = agenda_item_save(
        agenda=agenda, item=None, kind=kind, parent=parent, level=demo.level,
        texts={"en": {"title": demo.en[0], "body": demo.en[1]},
               "es": {"title": demo.es[0], "body": demo.es[1]}},
        issue_areas=[areas[s] for s in demo.areas], bills=[bills[b] for b in demo.bills],
        budget_items=[budget[i] for i in demo.budget], citations=_citations(demo),
        proposed_at=_when(2023, 8, 15))
    for status, when, note in demo.history:
        agenda_item_status_change(item=item, status=status, note=note, changed_at=when)
    return item


def _fill_citations(agenda: Agenda) -> int:
    """Figures an existing demo agenda could not cite before its data was imported."""
    added = 0
    for demo in PRIORITIES:
        text = AgendaItemText.objects.filter(item__agenda=agenda, language="en",
                                             title=demo.en[0]).select_related("item").first()
        if text is None or text.item.citations.exists():
            continue
        for position, values in enumerate(_citations(demo), start=1):
            EvidenceCitation.objects.create(item=text.item, position=position, **values)
            added += 1
    return added


def demo_agenda() -> None:
    """Add the demo agenda if it is missing (and any figures it can now cite)."""
    existing = Agenda.objects.filter(slug=SLUG).first()
    if existing is not None:
        _fill_citations(existing)
        return
    with transaction.atomic():
        session = _session()
        bills = _bills(session)
        areas = _areas()
        budget = _budget(session, areas)
        agenda = agenda_save(agenda=None, slug=SLUG, year_label="2023-24", session=session,
                             texts={"en": {"title": TITLE[0], "introduction": INTRODUCTION[0]},
                                    "es": {"title": TITLE[1],
                                           "introduction": INTRODUCTION[1]}})
        for demo in PRIORITIES:
            priority = _item(agenda=agenda, demo=demo, kind=AgendaItem.Kind.PRIORITY,
                             parent=None, areas=areas, bills=bills, budget=budget)
            for child in demo.recommendations:
                _item(agenda=agenda, demo=child, kind=AgendaItem.Kind.RECOMMENDATION,
                      parent=priority, areas=areas, bills=bills, budget=budget)
        agenda_publish(agenda=agenda, published=True)
