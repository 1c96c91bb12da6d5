"""A library to measure against: resources with topics, audiences and partners, half of
them with a Spanish version. Shared by ``library_search.py`` and ``web_library.py``.

Call ``seed`` with Django set up and an empty, migrated database. The generator has a fixed
seed, so every run writes the same titles and texts; one resource in twenty is unpublished.
"""

from __future__ import annotations

import datetime
import random

EN_WORDS = (  # noqa: SIM905 - one string reads better here
    "family engagement english learners biliteracy funding school district teachers "
    "students newcomer early childhood literacy policy dual language immersion report "
    "assessment reclassification parents community education bilingual program state "
    "budget equity achievement classroom instruction research data").split()
ES_WORDS = (  # noqa: SIM905
    "familia participación aprendices inglés lectoescritura financiamiento escuela "
    "distrito maestros estudiantes recién llegados primera infancia política programa "
    "bilingüe inmersión informe evaluación reclasificación padres comunidad educación "
    "presupuesto equidad aula enseñanza investigación datos").split()


def _sentence(rng: random.Random, words: tuple | list, n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def seed(count: int) -> None:
    """``count`` resources (slugs ``resource-0`` …); odd-numbered ones also in Spanish.

    Rows are written with ``bulk_create``, which sends no signals: the search index is
    not updated (run ``library_search_rebuild``) and cached pages are not dropped.
    """
    from alianza.coalition.models import Organization
    from alianza.library.models import Audience, Resource, ResourceText, Topic

    rng = random.Random(2024)
    topics = Topic.objects.bulk_create(
        [Topic(slug=f"topic-{i}", name=f"Topic {i}", name_es=f"Tema {i}") for i in range(1, 9)])
    audiences = Audience.objects.bulk_create(
        [Audience(slug=f"audience-{i}", name=f"Audience {i}") for i in range(1, 8)])
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"Partner {i}", normalized_name=f"partner {i}", kind="nonprofit")
         for i in range(1, 41)])
    kinds = [value for value, _label in Resource.Kind.choices]
    start = datetime.date(2015, 1, 1)
    resources = Resource.objects.bulk_create(
        [Resource(kind=rng.choice(kinds), slug=f"resource-{i}", is_published=i % 20 != 0,
                  published_on=start + datetime.timedelta(days=rng.randrange(3650)),
                  authors=f"Author {i % 300}") for i in range(count)], batch_size=2000)
    texts = []
    for i, resource in enumerate(resources):
        texts.append(ResourceText(resource=resource, language="en",
                                  title=_sentence(rng, EN_WORDS, 6),
                                  summary=_sentence(rng, EN_WORDS, 25),
                                  body=_sentence(rng, EN_WORDS, 150)))
        if i % 2:
            texts.append(ResourceText(resource=resource, language="es",
                                      title=_sentence(rng, ES_WORDS, 6),
                                      summary=_sentence(rng, ES_WORDS, 25),
                                      body=_sentence(rng, ES_WORDS, 150)))
    ResourceText.objects.bulk_create(texts, batch_size=2000)
    through = Resource.topics.through
    through.objects.bulk_create([through(resource=r, topic=t) for r in resources
                                 for t in rng.sample(topics, 2)], batch_size=5000)
    through = Resource.audiences.through
    through.objects.bulk_create([through(resource=r, audience=a) for r in resources
                                 for a in rng.sample(audiences, 2)], batch_size=5000)
    through = Resource.organizations.through
    through.objects.bulk_create([through(resource=r, organization=rng.choice(organizations))
                                 for r in resources], batch_size=5000)
