"""Reads for the respondent's pages: open surveys, partner codes, a version's pages.

A published version never changes (``alianza.listening.models.surveys``), so its sections
and questions are kept in this process once read: every page and every submission of a
response then needs no query for the questions it answers. The cache is keyed by the
version and the moment it was published, so a test database that reuses ids never sees a
stale structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from alianza.listening.models import (
    Option,
    Partner,
    Question,
    Section,
    Survey,
    SurveyText,
    SurveyVersion,
)


def surveys_open_list() -> QuerySet[Survey]:
    """Surveys taking answers now, with their texts (two queries, however many surveys)."""
    now = timezone.now()
    return (Survey.objects.filter(status=Survey.Status.OPEN, current_version__isnull=False)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
            .prefetch_related(Prefetch("texts", queryset=SurveyText.objects.all()))
            .order_by("-created_at"))


def survey_public(slug: str) -> Survey | None:
    """A survey respondents may see (open or closed, never a draft), or None."""
    # No ORDER BY: one row by its unique slug.
    return Survey.objects.exclude(status=Survey.Status.DRAFT).filter(slug=slug).order_by() \
        .first()


def survey_is_open(survey: Survey) -> bool:
    now = timezone.now()
    return (survey.status == Survey.Status.OPEN and survey.current_version_id is not None
            and (survey.opens_at is None or survey.opens_at <= now)
            and (survey.closes_at is None or survey.closes_at > now))


def partner_for_code(survey: Survey, code: str) -> Partner | None:
    """The active partner whose code this is, read the way people type it; else None."""
    code = (code or "").strip().upper()[:16]
    if not code:
        return None
    return Partner.objects.filter(survey=survey, code=code, is_active=True).first()


@dataclass
class Page:
    """One section of a version and its questions, in order."""

    number: int  # 1-based position among the version's sections
    section: Section
    questions: list[Question] = field(default_factory=list)


@dataclass
class Structure:
    version_id: int
    pages: list[Page]
    questions: list[Question]

    def questions_through(self, number: int) -> list[Question]:
        """Questions of pages 1..number: skip logic needs the answers before a page."""
        return [q for page in self.pages[:number] for q in page.questions]


@lru_cache(maxsize=64)
def _structure(version_id: int, published_key: str) -> Structure:
    sections = list(Section.objects.filter(version_id=version_id).order_by("position"))
    questions = list(
        Question.objects.filter(version_id=version_id)
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position")))
        .order_by("section__position", "position"))
    pages = {section.pk: Page(number=index, section=section)
             for index, section in enumerate(sections, start=1)}
    for question in questions:
        # The shared section object: answers_clean reads question.section.condition.
        question.section = pages[question.section_id].section
        pages[question.section_id].questions.append(question)
    return Structure(version_id=version_id, pages=list(pages.values()), questions=questions)


def version_structure(version: SurveyVersion) -> Structure:
    if version.published_at is None:  # a draft may change under us: never cached
        return _structure.__wrapped__(version.pk, "")
    return _structure(version.pk, version.published_at.isoformat())
