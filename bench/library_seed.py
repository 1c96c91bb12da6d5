"""A library to measure against: resources with topics, audiences and partners, half of
them with a Spanish version, in text that reads to an index like a real library's (see
``library_corpus.py``). Shared by ``library_search.py`` and ``web_library.py``.

Call ``seed`` with Django set up and an empty, migrated database. The generator has a fixed
seed, so every run writes the same titles and texts; one resource in twenty is unpublished.
"""

from __future__ import annotations

import random

from library_corpus import Writer


def seed(count: int) -> None:
    """``count`` resources (slugs ``resource-0`` …); odd-numbered ones also in Spanish."""
    import datetime

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
    writers = {"en": Writer("en", 1), "es": Writer("es", 2)}
    texts = []
    for i, resource in enumerate(resources):
        for language in ("en", "es") if i % 2 else ("en",):
            write = writers[language].sentence
            texts.append(ResourceText(resource=resource, language=language,
                                      title=write(rng.randint(5, 12)),
                                      summary=write(rng.randint(25, 60)),
                                      body=write(rng.randint(150, 450))))
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
