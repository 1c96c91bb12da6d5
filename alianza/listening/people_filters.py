"""Listening's filter on the staff people list: who left their contact on a survey."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alianza.core.people import PersonFilter, person_filter_register
from alianza.listening.models import ResponseContact, Survey


def _survey_choices() -> list[tuple[str, str]]:
    language = get_language()
    choices = []
    for survey in Survey.objects.order_by("-pk"):
        text = survey.text(language)
        choices.append((survey.slug, text.title if text else survey.slug))
    return choices


def _survey_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=ResponseContact.objects.filter(
        response__survey__slug__in=values, person__isnull=False).values("person_id"))


def register_people_parts() -> None:
    person_filter_register(PersonFilter(
        "survey_contact", _("Left their contact on the survey"), _survey_choices,
        _survey_apply, order=40, group=pgettext_lazy("people filters", "Surveys")))
