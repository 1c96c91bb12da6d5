"""Cross-tabs: how each group of respondents (by who they are, language, county, district or
partner) answered one choice question. Rows are groups, with row percentages: the share of
the group's respondents who chose each answer. Groups below the smallest group size are
merged into one row, and blanked if still too small (see ``findings.suppression``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import get_language_info, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from alianza.listening.findings.suppression import Group, merge_small_groups
from alianza.listening.models import Answer, Partner, QuestionType, RespondentType, Survey
from alianza.listening.selectors.findings import other_groups_label, place_label
from alianza.listening.selectors.findings_questions import (
    CHOICE_TYPES,
    QuestionInfo,
    survey_questions,
)

# GET parameter value -> (the response field, its name on the page)
DIMENSIONS: dict[str, tuple[str, object]] = {
    "respondent_type": ("respondent_type", gettext_lazy("Who is answering")),
    "language": ("language", gettext_lazy("Language of the response")),
    "county": ("county_code", pgettext_lazy("findings", "County")),
    "district": ("district_code", gettext_lazy("School district")),
    "partner": ("partner_id", pgettext_lazy("findings", "Partner")),
}


@dataclass
class CrossRow:
    key: str
    label: str
    count: int
    cells: list[tuple[int, float]] = field(default_factory=list)
    suppressed: bool = False
    is_other: bool = False


@dataclass
class Crosstab:
    question: QuestionInfo
    question_label: str
    dimension: str
    dimension_label: str
    columns: list[tuple[str, str]]
    rows: list[CrossRow]
    total: CrossRow
    minimum: int


def crosstab_questions(survey: Survey) -> list[QuestionInfo]:
    return [info for info in survey_questions(survey).values() if info.type in CHOICE_TYPES]


def _group_label(dimension: str, key: str | int | None, partners: dict[int, str]) -> str:
    if key in (None, ""):
        return {"partner": _("No partner (the survey's own link)")}.get(
            dimension, _("Not given"))
    if dimension == "respondent_type":
        return str(dict(RespondentType.choices).get(key, key))
    if dimension == "language":
        try:
            return get_language_info(str(key))["name_translated"]
        except KeyError:
            return str(key)
    if dimension == "county":
        return place_label(QuestionType.COUNTY, str(key))
    if dimension == "district":
        return place_label(QuestionType.DISTRICT, str(key))
    return partners.get(int(key), str(key))


def crosstab(survey: Survey, *, question_name: str, dimension: str,
             language: str) -> Crosstab | None:
    """None when the question is not a choice question of this survey or the dimension is
    unknown (a hand-edited address)."""
    info = survey_questions(survey).get(question_name)
    if info is None or info.type not in CHOICE_TYPES or dimension not in DIMENSIONS:
        return None
    field_name, dimension_label = DIMENSIONS[dimension]
    by = f"response__{field_name}"
    answers = Answer.objects.filter(question_id__in=info.ids)
    sizes: dict = {}
    for key, n in (answers.values(by).annotate(n=Count("response_id", distinct=True))
                   .values_list(by, "n")):
        sizes[key] = sizes.get(key, 0) + n
    cells: dict = {}
    for key, oid, n in (answers.filter(option_id__isnull=False).values(by, "option_id")
                        .annotate(n=Count("id")).values_list(by, "option_id", "n")):
        value = info.option_ids[oid]
        group = cells.setdefault(key, {})
        group[value] = group.get(value, 0) + n
    partners = (dict(Partner.objects.filter(survey=survey).values_list("pk", "name"))
                if dimension == "partner" else {})
    minimum = survey.min_group_size
    groups = [Group(key=str(key if key is not None else ""),
                    label=_group_label(dimension, key, partners), count=n,
                    cells=cells.get(key, {}))
              for key, n in sorted(sizes.items(), key=lambda item: (-item[1], str(item[0])))]
    merged = merge_small_groups(groups, minimum=minimum, other_label=other_groups_label(minimum))
    values = list(info.options)

    def row(group: Group) -> CrossRow:
        return CrossRow(key=group.key, label=group.label, count=group.count,
                        suppressed=group.suppressed, is_other=group.is_other,
                        cells=[] if group.suppressed else [
                            (group.cells.get(v, 0),
                             100 * group.cells.get(v, 0) / group.count if group.count else 0)
                            for v in values])

    total_cells: dict[str, int] = {}
    for group in groups:
        for value, n in group.cells.items():
            total_cells[value] = total_cells.get(value, 0) + n
    total = row(Group(key="", label=_("All respondents"), count=sum(sizes.values()),
                      cells=total_cells))
    return Crosstab(question=info, question_label=info.text(language), dimension=dimension,
                    dimension_label=str(dimension_label),
                    columns=[(v, info.option_text(v, language)) for v in values],
                    rows=[row(g) for g in merged], total=total, minimum=minimum)
