"""Surveys on a person's timeline: the survey responses in which they left their contact
details to be contacted. Their answers stay apart from their name, here as everywhere."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from alianza.core.people import (
    TimelineEntry,
    person_timeline_register,
    timeline_stream,
)
from alianza.listening.models import ResponseContact


def _survey_title(contact: ResponseContact) -> str:
    text = contact.response.survey.text()
    return text.title if text else contact.response.survey.slug


def _contacts(person) -> Iterator[TimelineEntry]:
    return timeline_stream(
        ResponseContact.objects.filter(person=person).select_related("response__survey")
        .prefetch_related("response__survey__texts").order_by("-created_at", "-pk"),
        lambda c: TimelineEntry(
            at=c.created_at, kind="survey-contact",
            title=_("Asked to be contacted about the survey “%(survey)s”") % {
                "survey": _survey_title(c)},
            detail=" · ".join(part for part in (c.email, c.phone) if part)))


def register() -> None:
    person_timeline_register("listening", _contacts,
                             label=pgettext_lazy("timeline", "Surveys"), order=40)
