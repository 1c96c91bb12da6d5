"""Themes staff tag open-text answers with; each has a label per language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alianza.listening.models import Answer, Survey, Theme
from alianza.listening.models.surveys import NAME_LENGTH


def theme_create(*, survey: Survey, label: dict[str, str]) -> Theme:
    """A theme named after its English (else first) label; refused when empty or taken."""
    label = {language: text.strip() for language, text in label.items() if text.strip()}
    if not label:
        raise ValidationError(_("Give the theme a name in at least one language."),
                              code="empty")
    key = slugify(label.get("en") or next(iter(label.values())))[:NAME_LENGTH] or "theme"
    with transaction.atomic():
        if Theme.objects.filter(survey=survey, key=key).exists():
            raise ValidationError(_("This survey already has a theme with that name."),
                                  code="taken")
        theme = Theme(survey=survey, key=key, label=label)
        theme.full_clean()
        theme.save()
    return theme


def answer_theme_set(*, answer: Answer, theme: Theme, tagged: bool) -> None:
    """Tag (or untag) an answer; the theme must belong to the answer's survey."""
    if theme.survey_id != answer.response.survey_id:
        raise ValidationError(_("This theme belongs to another survey."), code="survey")
    if tagged:
        answer.themes.add(theme)
    else:
        answer.themes.remove(theme)
