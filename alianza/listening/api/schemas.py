"""Response bodies of the questions resource."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from alianza.core.osdi.schemas import OsdiNamedOut


class QuestionResponse(Schema):
    key: str
    name: str
    title: str
    titles: dict[str, str] = Field(alias="alianza:titles")


class QuestionSurvey(Schema):
    identifiers: list[str]
    name: str
    title: str
    titles: dict[str, str]
    status: str
    browser_url: str | None = None


class QuestionScale(Schema):
    min: int | None = None
    max: int | None = None
    min_titles: dict[str, str]
    max_titles: dict[str, str]


class QuestionOut(OsdiNamedOut):
    question_type: str
    responses: list[QuestionResponse]
    alianza_question_type: str = Field(alias="alianza:question_type")
    titles: dict[str, str] = Field(alias="alianza:titles")
    descriptions: dict[str, str] = Field(alias="alianza:descriptions")
    required: bool = Field(alias="alianza:required")
    survey: QuestionSurvey = Field(alias="alianza:survey")
    scale: QuestionScale | None = Field(None, alias="alianza:scale")
    links: dict[str, Any] = Field(alias="_links")
