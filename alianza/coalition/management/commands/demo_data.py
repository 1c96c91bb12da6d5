"""Load a demo coalition resembling the regional consortia that use Alianza.

Names of real organizations and public facts are used; every text is Alianza's own.
Safe to run twice: it does nothing when a coalition profile already exists.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alianza.coalition.models import (
    CoalitionProfile,
    CoalitionProfileText,
    Organization,
    Person,
    Signature,
    Statement,
    StatementText,
    StatementVersion,
    Workgroup,
    WorkgroupMembership,
    WorkgroupText,
)
from alianza.coalition.services.membership import membership_apply, membership_status_set
from alianza.coalition.services.people import (
    affiliation_set,
    organization_get_or_create,
    person_get_or_create,
)
from alianza.core import roles

DEMO_PASSWORD = "alianza-demo"

ABOUT_EN = (
    "A regional collective of civil-rights, research, parent, educator and community "
    "organizations in Los Angeles County working so that every multilingual learner is "
    "welcomed, taught well and able to graduate ready for college, work and civic life.\n\n"
    "In 2023-24 there were 228,626 multilingual learner students in Los Angeles County "
    "(California Department of Education, census day count, 2023-24), more than in any "
    "other county in California."
)
ABOUT_ES = (
    "Un colectivo regional de organizaciones de derechos civiles, investigación, familias, "
    "personal educativo y comunidad en el condado de Los Ángeles que trabaja para que cada "
    "estudiante multilingüe encuentre una buena acogida y una buena enseñanza, y se gradúe con "
    "la preparación que necesita para la universidad, el trabajo y la vida cívica.\n\n"
    "En 2023-24 había 228,626 estudiantes multilingües en el condado de Los Ángeles "
    "(Departamento de Educación de California, conteo del día del censo, 2023-24), más que "
    "en cualquier otro condado de California."
)
STATEMENT_EN = (
    "We believe that the languages and cultures students bring to school are assets.\n\n"
    "1. Every multilingual learner deserves teachers prepared to teach both language and "
    "content.\n2. Families are partners: schools communicate with them in their language "
    "and include them in decisions.\n3. Long-term English learners are a signal that "
    "the system must change, not a label for students.\n4. Bilingual and dual-language "
    "programs should be available to every family that wants them.\n5. We hold ourselves "
    "accountable with public, honest data."
)
STATEMENT_ES = (
    "Creemos que los idiomas y las culturas que los estudiantes traen a la escuela son una "
    "riqueza.\n\n1. Cada estudiante multilingüe merece docentes con la preparación para "
    "enseñar idioma y contenido.\n2. Las familias son aliadas: las escuelas se comunican con "
    "ellas en su idioma y las incluyen en las decisiones.\n3. Los estudiantes de inglés a "
    "largo plazo son una señal de que el sistema debe cambiar, no una etiqueta para los "
    "estudiantes.\n4. Los programas bilingües y de doble inmersión deben estar al alcance de "
    "toda familia que los quiera.\n5. Rendimos cuentas con datos públicos y honestos."
)

ORGANIZATIONS = [
    ("Alliance for a Better Community", "nonprofit", "Los Angeles", Organization.Role.LEAD),
    ("Californians Together", "nonprofit", "Los Angeles", Organization.Role.LEAD),
    ("Promesa Boyle Heights", "nonprofit", "Los Angeles", Organization.Role.ADVISORY),
    ("Parent Organization Network", "parent_group", "Los Angeles", Organization.Role.ADVISORY),
    ("UCLA Center for the Transformation of Schools", "university", "Los Angeles",
     Organization.Role.ADVISORY),
    ("Loyola Marymount University Center for Equity for English Learners", "university",
     "Los Angeles", Organization.Role.ADVISORY),
    ("Los Angeles County Office of Education", "county_office", "Los Angeles",
     Organization.Role.ADVISORY),
    ("Families In Schools", "nonprofit", "Los Angeles", Organization.Role.ADVISORY),
    ("Advancement Project California", "nonprofit", "Los Angeles", Organization.Role.ADVISORY),
    ("InnerCity Struggle", "nonprofit", "Los Angeles", Organization.Role.NONE),
    ("Community Coalition", "nonprofit", "Los Angeles", Organization.Role.NONE),
    ("Public Advocates", "nonprofit", "San Francisco", Organization.Role.NONE),
    ("Californians for Justice", "nonprofit", "Alameda", Organization.Role.NONE),
    ("PICO California", "nonprofit", "Sacramento", Organization.Role.NONE),
    ("California Association for Bilingual Education", "nonprofit", "Los Angeles",
     Organization.Role.NONE),
]

FIRST = ["María", "José", "Guadalupe", "Luis", "Ana", "Carlos", "Rosa", "Jorge", "Linh",
         "Minh", "Sofía", "Daniel", "Grace", "Hyun", "Fatima", "Tomás", "Elena", "Miguel"]
LAST = ["García", "Hernández", "López", "Martínez", "Nguyen", "Tran", "Kim", "Pérez",
        "Ramírez", "Flores", "Torres", "Chávez", "Reyes", "Morales", "Castillo", "Park"]
TITLES = ["Parent leader", "Teacher", "Principal", "Researcher", "Board member",
          "Community organizer", "ELD coordinator", ""]


class Command(BaseCommand):
    help = "Load demo data: a coalition, a statement with signatories, members and workgroups."

    @transaction.atomic
    def handle(self, *args, **options):
        if CoalitionProfile.objects.exists():
            self.stdout.write("Demo data already loaded.")
            return
        rng = random.Random(2024)
        roles.role_groups_sync()
        user_model = get_user_model()
        admin = user_model.objects.filter(username="admin").first()
        if admin is None:
            admin = user_model.objects.create_superuser(
                "admin", "admin@alianza.localhost", DEMO_PASSWORD
            )
        lead = _demo_user("lead", groups=[roles.WORKGROUP_LEAD])
        # One account per role, so each can be tried as it will be used.
        _demo_user("coordinator", staff=True, groups=[roles.COALITION_STAFF])
        _demo_user("analyst", staff=True, groups=[roles.DATA_ANALYST])
        _demo_user("outreach", staff=True, groups=[roles.OUTREACH])

        profile = CoalitionProfile.objects.create(
            name="Consortium for Multilingual Learner Success",
            contact_email="info@consortium.example.org",
            postal_address="1000 N. Alameda St., Los Angeles, CA 90012",
        )
        CoalitionProfileText.objects.create(
            profile=profile, language="en", about=ABOUT_EN,
            tagline="Uplifting good policy, programs and practice for multilingual learners.",
        )
        CoalitionProfileText.objects.create(
            profile=profile, language="es", about=ABOUT_ES,
            tagline="Impulsamos buenas políticas, programas y prácticas para estudiantes "
                    "multilingües.",
        )

        organizations = []
        for name, kind, county, role in ORGANIZATIONS:
            organization, _created = organization_get_or_create(name=name, kind=kind,
                                                                 county=county)
            organization.coalition_role = role
            organization.languages_served, organization.region = "en, es", "Southern California"
            organization.save(update_fields=["coalition_role", "languages_served", "region"])
            organizations.append(organization)
        for organization in organizations[:12]:
            membership_status_set(organization=organization,
                                  status=Organization.Membership.MEMBER, changed_by=admin)

        statement = Statement.objects.create(slug="statement-of-agreement")
        version = StatementVersion.objects.create(
            statement=statement, number=1, published_at=timezone.now() - timedelta(days=400)
        )
        StatementText.objects.create(
            version=version, language="en", title="Statement of Agreement",
            summary="Our shared vision for multilingual learners in Los Angeles County.",
            body=STATEMENT_EN,
        )
        StatementText.objects.create(
            version=version, language="es", title="Declaración de Acuerdo",
            summary="Nuestra visión compartida para los estudiantes multilingües del condado "
                    "de Los Ángeles.",
            body=STATEMENT_ES,
        )

        now = timezone.now()
        for index in range(120):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            language = rng.choice(["es", "es", "en"])
            person, _created = person_get_or_create(
                name=name, email=f"demo{index}@example.org", preferred_language=language,
                county="Los Angeles",
            )
            person.email_confirmed_at = now
            person.save(update_fields=["email_confirmed_at"])
            organization = rng.choice(organizations) if index % 4 == 0 else None
            title = rng.choice(TITLES)
            if organization:
                affiliation_set(person=person, organization=organization, title=title)
            if organization and Signature.objects.filter(
                statement=statement, organization=organization
            ).exists():
                organization = None
            confirmed_at = now - timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
            Signature.objects.create(
                statement=statement, version=version, person=person,
                organization=organization, title=title, status=Signature.Status.CONFIRMED,
                listed=rng.random() < 0.8, language=language, source="demo",
                confirmed_at=confirmed_at,
            )
        Signature.objects.update(created_at=now - timedelta(days=1))

        applicant, _created = person_get_or_create(
            name="Rosa Castillo", email="rosa@familias-unidas.example.org",
            preferred_language="es", county="Los Angeles",
        )
        hopeful, _created = organization_get_or_create(
            name="Familias Unidas por la Educación", kind="parent_group", county="Los Angeles",
        )
        affiliation_set(person=applicant, organization=hopeful, title="Directora")
        membership_apply(
            organization=hopeful, contact=applicant, is_nonprofit=True, language="es",
            mission_alignment="Organizamos a familias inmigrantes para exigir programas "
                              "bilingües en el Este de Los Ángeles.",
            source="demo",
        )

        texts = {
            "policy": (("Policy Workgroup", "Follows state and local policy, prepares budget asks "
                        "and meets legislators' offices."),
                       ("Grupo de trabajo de políticas", "Da seguimiento a las políticas estatales "
                        "y locales, prepara propuestas de presupuesto y visita a legisladores.")),
            "grassroots-organizing": (
                ("Grassroots Organizing Workgroup", "Parents and students organizing for "
                 "multilingual learners in their schools and districts."),
                ("Grupo de trabajo de organización comunitaria", "Familias y estudiantes que se "
                 "organizan por los estudiantes multilingües en sus escuelas y distritos.")),
        }
        for slug, (english, spanish) in texts.items():
            workgroup = Workgroup.objects.create(slug=slug)
            WorkgroupText.objects.create(workgroup=workgroup, language="en",
                                         name=english[0], description=english[1])
            WorkgroupText.objects.create(workgroup=workgroup, language="es",
                                         name=spanish[0], description=spanish[1])
            workgroup.leads.add(lead)
            for person in Person.objects.order_by("?")[:15]:
                workgroup.memberships.create(
                    person=person, language=person.preferred_language,
                    status=WorkgroupMembership.Status.CONFIRMED, confirmed_at=timezone.now(),
                )
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded. Log in with password {DEMO_PASSWORD} as admin (superuser), "
            "coordinator (coalition staff), analyst (data analyst), outreach (outreach) or "
            "lead (workgroup lead)."
        ))


def _demo_user(username: str, *, staff: bool = False, groups: list[str]):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(
            username, f"{username}@alianza.localhost", DEMO_PASSWORD, is_staff=staff
        )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user
