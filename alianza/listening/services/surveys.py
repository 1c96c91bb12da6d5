"""Writing surveys: creating them, their texts, and publishing a version.

A draft version is edited freely; ``version_publish`` freezes it and makes it the one new
respondents get. ``version_draft_for`` gives the draft to edit, copying the published
version (sections, questions, choices, under the same names) when there is none.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.listening.models import Option, Question, Section, Survey, SurveyText, SurveyVersion


class SurveyFrozenError(Exception):
    """A published version is never edited; edit the draft that ``version_draft_for`` gives."""


def survey_create(*, slug: str, kind: str = Survey.Kind.NEEDS, languages: list[str],
                  created_by=None, **fields) -> Survey:
    survey = Survey(slug=slug, kind=kind, languages=list(languages), created_by=created_by,
                    **fields)
    survey.full_clean()
    with transaction.atomic():
        survey.save()
        SurveyVersion.objects.create(survey=survey, number=1)
    return survey


def survey_text_save(*, survey: Survey, language: str, title: str, intro: str = "",
                     thanks: str = "") -> SurveyText:
    text, _created = SurveyText.objects.update_or_create(
        survey=survey, language=language,
        defaults={"title": title, "intro": intro, "thanks": thanks},
    )
    return text


def version_draft_for(*, survey: Survey) -> SurveyVersion:
    """The survey's draft version, made from a copy of the newest one if needed."""
    with transaction.atomic():
        latest = (SurveyVersion.objects.select_for_update()
                  .filter(survey=survey).order_by("-number").first())
        if latest is not None and not latest.is_frozen:
            return latest
        draft = SurveyVersion.objects.create(
            survey=survey, number=(latest.number + 1) if latest else 1)
        if latest is not None:
            _copy_questions(source=latest, target=draft)
        return draft


def _copy_questions(*, source: SurveyVersion, target: SurveyVersion) -> None:
    sections = {}
    for section in source.sections.all():
        old_pk = section.pk
        section.pk = None
        section.version = target
        section.save()
        sections[old_pk] = section
    for question in source.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk = None
        # A row of its own in the new version, so an identifier of its own in the API.
        question.uuid = uuid.uuid4()
        question.version = target
        question.section = sections[question.section_id]
        question.save()
        for option in options:
            option.pk = None
            option.question = question
        Option.objects.bulk_create(options)


def version_publish(*, version: SurveyVersion) -> SurveyVersion:
    """Freeze ``version`` and make it the survey's current one."""
    if version.is_frozen:
        raise SurveyFrozenError(_("This version is already published."))
    with transaction.atomic():
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        Survey.objects.filter(pk=version.survey_id).update(current_version=version,
                                                           updated_at=timezone.now())
    version.survey.current_version = version
    return version


def ensure_editable(version: SurveyVersion) -> None:
    if version.is_frozen:
        raise SurveyFrozenError(_("A published version cannot be changed; edit the new "
                                  "draft instead."))


def section_add(*, version: SurveyVersion, name: str, title: dict | None = None,
                intro: dict | None = None, condition: dict | None = None,
                shows_frame: bool = False) -> Section:
    ensure_editable(version)
    position = (version.sections.aggregate(top=Max("position"))["top"] or 0) + 1
    section = Section(version=version, position=position, name=name, title=title or {},
                      intro=intro or {}, condition=condition, shows_frame=shows_frame)
    section.full_clean()
    section.save()
    return section


def question_add(*, section: Section, name: str, type: str, label: dict,
                 options: list[tuple[str, dict]] | None = None, **fields) -> Question:
    """Add a question at the end of ``section``; ``options`` are ``(value, labels)`` pairs.

    With ``allows_other`` the "other, please specify" choice is added after the others.
    """
    version = section.version
    ensure_editable(version)
    position = (section.questions.aggregate(top=Max("position"))["top"] or 0) + 1
    question = Question(version=version, section=section, position=position, name=name,
                        type=type, label=label, **fields)
    question.full_clean()
    with transaction.atomic():
        question.save()
        rows = [Option(question=question, position=index, value=value, label=labels)
                for index, (value, labels) in enumerate(options or [], start=1)]
        if question.allows_other:
            rows.append(Option(question=question, position=len(rows) + 1,
                               value=Option.OTHER_VALUE, label=other_labels(),
                               is_other=True))
        Option.objects.bulk_create(rows)
    return question


def other_labels() -> dict[str, str]:
    """The "other, please specify" choice's wording in every language the site has."""
    from django.conf import settings
    from django.utils import translation

    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = _("Other (please specify)")
    return labels
