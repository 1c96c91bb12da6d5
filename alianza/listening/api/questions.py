"""The questions resource (/api/osdi/v1/questions/…): the questions of published surveys,
read-only. Drafts are not shown (they change until published), nor are notes (they ask
nothing), nor anyone's answers (see serializers)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router

from alianza.core.osdi import osdi_collection, osdi_collection_schema, osdi_get
from alianza.listening.api.schemas import QuestionOut
from alianza.listening.api.serializers import questions_serialize
from alianza.listening.models import Question, QuestionType, Survey

router = Router()

QUESTION_FILTERS = {"modified_date": "modified_at", "name": "name",
                    "survey_name": "version__survey__slug"}


def questions_published() -> QuerySet[Question]:
    """The questions of each survey's published version, for surveys that are not drafts."""
    return (Question.objects
            .filter(version_id=F("version__survey__current_version_id"))
            .exclude(version__survey__status=Survey.Status.DRAFT)
            .exclude(type=QuestionType.NOTE)
            .select_related("version__survey"))


@router.get("", response=osdi_collection_schema("questions", QuestionOut), by_alias=True,
            summary=gettext_noop("List the questions of published surveys"))
def questions_list(request: HttpRequest) -> dict[str, Any]:
    return osdi_collection(request, questions_published(), name="questions",
                           filters=QUESTION_FILTERS,
                           serialize=lambda rows: questions_serialize(request, rows))


@router.get("{question_id}", response=QuestionOut, by_alias=True,
            summary=gettext_noop("Get a question"))
def question_get(request: HttpRequest, question_id: str) -> dict[str, Any]:
    question = osdi_get(questions_published(), question_id, label=_("Question"))
    return questions_serialize(request, [question])[0]
