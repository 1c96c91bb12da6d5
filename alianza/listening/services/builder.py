"""Editing a draft version: sections and questions changed, moved and removed; publishing,
closing and reopening a survey.

Every write checks the version is still a draft (``ensure_editable``), so a published
version, and the responses that answered it, never see a changed question.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alianza.listening import logic
from alianza.listening.models import Option, Question, Section, Survey, SurveyVersion
from alianza.listening.services.surveys import (
    ensure_editable,
    other_labels,
    version_publish,
)


class BuilderError(ValueError):
    """A change we refuse; the message is in the user's language."""


def questions_before(*, section: Section, question: Question | None = None,
                     for_section: bool = False) -> dict[str, str]:
    """Name → type of the questions a condition at this place may refer to.

    For ``question`` those before it; for a new question, all up to the end of ``section``;
    for the section's own condition (``for_section``), those of earlier sections.
    """
    known: dict[str, str] = {}
    for other in section.version.questions.select_related("section").order_by(
            "section__position", "position"):
        if question is not None and other.pk == question.pk:
            break
        if other.section.position > section.position or (
                for_section and other.section_id == section.pk):
            break
        known[other.name] = other.type
    return known


def condition_check(condition: dict | None, *, known: dict[str, str]) -> None:
    try:
        logic.validate(condition, known=known)
    except logic.ConditionError as error:
        if error.code == "unknown_question":
            raise BuilderError(_("The condition refers to “%(name)s”, which is not an earlier "
                                 "question.") % {"name": error.detail}) from error
        raise BuilderError(_("The condition is incomplete: choose a question, a test and, "
                             "unless the test is “is answered”, a value.")) from error


def section_update(*, section: Section, title: dict, intro: dict | None = None,
                   condition: dict | None = None, shows_frame: bool = False) -> Section:
    ensure_editable(section.version)
    condition_check(condition, known=questions_before(section=section, for_section=True))
    section.title, section.intro = title, intro or {}
    section.condition, section.shows_frame = condition or None, shows_frame
    section.full_clean()
    section.save()
    return section


def section_delete(*, section: Section) -> None:
    ensure_editable(section.version)
    if section.questions.exists():
        raise BuilderError(_("Only an empty section can be deleted; move or delete its "
                             "questions first."))
    section.delete()


def _swap(items: list, index: int, step: int) -> list:
    target = index + step
    if 0 <= index < len(items) and 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    return items


def section_move(*, section: Section, step: int) -> None:
    """Move a section one place up (-1) or down (+1)."""
    version = section.version
    ensure_editable(version)
    with transaction.atomic():
        sections = list(version.sections.select_for_update().order_by("position"))
        index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
        _renumber(_swap(sections, index, step))
        _check_order(version)


def _renumber(items: list) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)
            item.position = position


def _check_order(version: SurveyVersion) -> None:
    """Refuse an order in which a condition looks at a question that now comes after it."""
    known: dict[str, str] = {}
    for section in version.sections.order_by("position").prefetch_related("questions"):
        condition_check(section.condition, known=known)
        for question in section.questions.order_by("position"):
            condition_check(question.condition, known=known)
            known[question.name] = question.type


def question_save(*, section: Section, question: Question | None = None, name: str,
                  type: str, label: dict, hint: dict | None = None,
                  options: list[tuple[str, dict]] | None = None,
                  condition: dict | None = None, **fields) -> Question:
    """Add a question at the end of ``section``, or change ``question`` in place.

    Choices are replaced by ``options`` (value, labels) in that order; the "other, please
    specify" choice follows them when ``allows_other`` is set.
    """
    version = section.version
    ensure_editable(version)
    condition_check(condition, known=questions_before(section=section, question=question))
    with transaction.atomic():
        if question is None:
            position = (section.questions.aggregate(top=Max("position"))["top"] or 0) + 1
            question = Question(version=version, section=section, position=position)
        old_name = question.name
        question.name, question.type, question.label = name, type, label
        question.hint, question.condition = hint or {}, condition or None
        for key, value in fields.items():
            setattr(question, key, value)
        if version.questions.filter(name=name).exclude(pk=question.pk).exists():
            raise BuilderError(_("Another question is already named “%(name)s”.")
                               % {"name": name})
        question.full_clean(validate_unique=False)
        if old_name and old_name != name and _referenced_by_others(version, old_name):
            raise BuilderError(_("Other questions' conditions use the name “%(name)s”; "
                                 "change them first.") % {"name": old_name})
        question.save()
        _options_replace(question, options or [])
    return question


def _referenced_by_others(version: SurveyVersion, name: str) -> bool:
    conditions = [s.condition for s in version.sections.all()] + \
        [q.condition for q in version.questions.all()]
    return any(name in logic.referenced(condition) for condition in conditions if condition)


def _options_replace(question: Question, options: list[tuple[str, dict]]) -> None:
    from alianza.listening.models import QuestionType

    if question.type not in QuestionType.with_options():
        question.options.all().delete()
        return
    other = question.options.filter(is_other=True).first()
    question.options.all().delete()
    rows = [Option(question=question, position=index, value=value, label=labels)
            for index, (value, labels) in enumerate(options, start=1)]
    if question.allows_other:
        rows.append(Option(question=question, position=len(rows) + 1,
                           value=Option.OTHER_VALUE, is_other=True,
                           label=other.label if other else other_labels()))
    for row in rows:
        row.full_clean(exclude=["question"], validate_unique=False)
    Option.objects.bulk_create(rows)


def question_delete(*, question: Question) -> None:
    ensure_editable(question.version)
    if _referenced_by_others(question.version, question.name):
        raise BuilderError(_("Other questions' conditions use “%(name)s”; change them "
                             "first.") % {"name": question.name})
    question.delete()


def question_move(*, question: Question, step: int) -> None:
    """Up (-1) or down (+1) within its section, or into the neighbouring section."""
    version = question.version
    ensure_editable(version)
    with transaction.atomic():
        siblings = list(question.section.questions.select_for_update().order_by("position"))
        index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
        if 0 <= index + step < len(siblings):
            _renumber(_swap(siblings, index, step))
        else:
            neighbour = (version.sections.filter(position__lt=question.section.position)
                         .order_by("-position") if step < 0 else
                         version.sections.filter(position__gt=question.section.position)
                         .order_by("position")).first()
            if neighbour is None:
                return
            others = list(neighbour.questions.order_by("position"))
            others = [question, *others] if step > 0 else [*others, question]
            Question.objects.filter(pk=question.pk).update(section=neighbour, position=0)
            question.section = neighbour
            _renumber(others)
            _renumber(siblings[:index] + siblings[index + 1:])
        _check_order(version)


def missing_translations(version: SurveyVersion) -> list[tuple[str, list[str]]]:
    """(question or section name, languages it lacks) for every incomplete one."""
    languages = list(version.survey.languages)
    missing = []
    for section in version.sections.all():
        lacking = [code for code in languages if not (section.title or {}).get(code)]
        if lacking and section.title:
            missing.append((section.name, lacking))
    for question in version.questions.prefetch_related("options"):
        lacking = question_missing_languages(question, languages)
        if lacking:
            missing.append((question.name, lacking))
    return missing


def question_missing_languages(question: Question, languages: list[str]) -> list[str]:
    lacking = []
    for code in languages:
        texts = [question.label] + [option.label for option in question.options.all()]
        if any(not (text or {}).get(code) for text in texts):
            lacking.append(code)
    return lacking


def survey_publish(*, survey: Survey) -> SurveyVersion:
    """Publish the survey's draft and open the survey; refuses an empty or untranslated one."""
    version = survey.versions.order_by("-number").first()
    if version is None or version.is_frozen:
        raise BuilderError(_("There is no draft to publish."))
    if not version.questions.exists():
        raise BuilderError(_("The draft has no questions yet; add at least one before "
                             "publishing."))
    if survey.kind == Survey.Kind.FRAMES and survey.frames.count() < 2:
        # One frame has nothing to be compared with; assignment would show it to everyone.
        raise BuilderError(_("A frame test needs at least two frames before publishing; "
                             "add them on the frames page."))
    missing = missing_translations(version)
    if missing:
        from django.conf import settings

        names = dict(settings.LANGUAGES)
        listed = "; ".join(f"{name} ({', '.join(str(names.get(c, c)) for c in codes)})"
                           for name, codes in missing[:10])
        raise BuilderError(_("Some wording is missing in a language of the survey: "
                             "%(list)s. Add it before publishing.") % {"list": listed})
    if not all(survey.texts.filter(language=code).exists() for code in survey.languages):
        raise BuilderError(_("The survey needs a title in each of its languages before "
                             "publishing."))
    with transaction.atomic():
        version_publish(version=version)
        Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.status = Survey.Status.OPEN
    return version


def survey_status_set(*, survey: Survey, status: str) -> Survey:
    """Close an open survey or reopen a closed one (a published version is needed)."""
    if status == Survey.Status.OPEN and survey.current_version_id is None:
        raise BuilderError(_("Publish the survey before opening it."))
    if status not in {Survey.Status.OPEN, Survey.Status.CLOSED}:
        raise BuilderError(_("Unknown status."))
    Survey.objects.filter(pk=survey.pk).update(status=status)
    survey.status = status
    return survey
