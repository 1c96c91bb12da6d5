"""The findings page's figures, from a handful of GROUP BY queries over submitted answers.

Every question is counted in one GROUP BY over a covering index (choices by option, ranks
with their sums, numbers by value, answered counts), with two more for multiple-choice
respondents and for places; never by looping over answers in Python and never joining the
response table: only submitted responses have answer rows. Percentages are of the
respondents who answered the question.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from alianza.coalition.places import COUNTY_NAMES, districts
from alianza.evidence.charts import Chart
from alianza.listening.findings import ranking
from alianza.listening.findings.charts import bar_chart
from alianza.listening.findings.suppression import Group, blank_cells, merge_small_groups
from alianza.listening.models import Answer, QuestionType, Response, Survey
from alianza.listening.selectors.findings_questions import (
    CHOICE_TYPES,
    NUMBER_TYPES,
    PLACE_TYPES,
    QuestionInfo,
    survey_questions,
)


@dataclass
class Row:
    key: str
    label: str
    count: int
    percent: float | None
    suppressed: bool = False


@dataclass
class Numbers:
    count: int
    mean: float | None
    low: float | None
    high: float | None


@dataclass
class Summary:
    info: QuestionInfo
    label: str
    answered: int
    rows: list[Row] = field(default_factory=list)
    numbers: Numbers | None = None
    ranked: list[ranking.Ranked] = field(default_factory=list)
    others: int = 0  # "other, please specify" answers with words
    chart: Chart | None = None
    too_few: bool = False  # fewer respondents answered it than the smallest group

    @property
    def type(self) -> str:
        return self.info.type

    @property
    def is_multiple(self) -> bool:
        return self.info.type == QuestionType.MULTIPLE


@dataclass
class Findings:
    survey: Survey
    responses: int
    minimum: int
    questions: list[Summary] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.responses >= self.minimum

    @property
    def ranking_questions(self) -> list[Summary]:
        return [s for s in self.questions if s.ranked]


def submitted_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count()


def _by_question(infos: dict[str, QuestionInfo], types: set[str]) -> dict[int, QuestionInfo]:
    return {qid: info for info in infos.values() if info.type in types for qid in info.ids}


def findings_summary(survey: Survey, *, language: str,
                     method: str = ranking.BORDA) -> Findings:
    """Every question's figures, with the small-group rule applied."""
    findings = Findings(survey=survey, responses=submitted_count(survey),
                        minimum=survey.min_group_size)
    if not findings.enough:
        return findings
    infos = survey_questions(survey)
    cells = _cells(infos)
    tallies = cells.tallies
    answered = _answered(infos, cells)
    number_counts = cells.numbers
    places = _place_counts(infos)
    others = _other_counts(infos)
    minimum = findings.minimum
    for info in infos.values():
        n = answered.get(info.name, 0)
        summary = Summary(info=info, label=info.text(language), answered=n,
                          others=others.get(info.name, 0), too_few=0 < n < minimum)
        if summary.too_few:
            findings.questions.append(summary)
            continue
        if info.type in CHOICE_TYPES:
            counts = tallies.get(info.name, {})
            summary.rows = _rows(
                [(value, info.option_text(value, language), counts.get(value, [0])[0])
                 for value in info.options], answered=n, minimum=minimum,
                partition=info.type == QuestionType.SINGLE)
            if info.type == QuestionType.RANKING:
                summary.ranked = ranked_options(info, counts, answered=n, method=method,
                                                language=language)
        elif info.type == QuestionType.RATING:
            counts = number_counts.get(info.name, {})
            low = info.scale_min if info.scale_min is not None else 1
            high = info.scale_max if info.scale_max is not None else 5
            summary.rows = _rows([(str(p), str(p), counts.get(float(p), 0))
                                  for p in range(low, high + 1)],
                                 answered=n, minimum=minimum, partition=True)
            summary.numbers = _numbers(counts)
        elif info.type == QuestionType.NUMBER:
            summary.numbers = _numbers(number_counts.get(info.name, {}))
        elif info.type in PLACE_TYPES:
            summary.rows = _place_rows(info, places.get(info.name, {}), answered=n,
                                       minimum=minimum)
        summary.chart = _chart(summary, method)
        findings.questions.append(summary)
    return findings


@dataclass
class _Cells:
    """What one pass over the (question, option, rank, number) index yields."""

    # question name -> option value -> [rows, sum of ranks, sum of squared ranks, firsts]
    tallies: dict[str, dict[str, list]]
    # question name -> number -> how many gave it (rating scales and numbers)
    numbers: dict[str, dict[float, int]]
    # question name -> answer rows (respondents, for the one-row-per-answer kinds)
    rows: dict[str, int]


def _cells(infos: dict[str, QuestionInfo]) -> _Cells:
    """Every question's answer rows counted by (question, option, rank, number), in one
    GROUP BY that the ``listening_answer_findings`` index covers: the database reads the
    index in its own order and never the table, and hands back a few hundred groups from
    which choice counts, rank sums, firsts, histograms and answered counts all follow.
    ``COUNT(*)``, not ``COUNT(id)``: the id is not in the index."""
    by_id = {qid: info for info in infos.values() for qid in info.ids}
    option_value = {oid: value for info in infos.values() for oid, value in
                    info.option_ids.items()}
    cells = _Cells(tallies=defaultdict(dict), numbers=defaultdict(lambda: defaultdict(int)),
                   rows=defaultdict(int))
    groups = (Answer.objects.filter(question_id__in=list(by_id))
              .values("question_id", "option_id", "rank", "number").annotate(n=Count("*"))
              .values_list("question_id", "option_id", "rank", "number", "n"))
    for qid, oid, rank, number, n in groups:
        info = by_id[qid]
        cells.rows[info.name] += n
        if oid is not None and info.type in CHOICE_TYPES:
            tally = cells.tallies[info.name].setdefault(option_value[oid], [0, 0, 0, 0])
            tally[0] += n
            if rank is not None:
                tally[1] += rank * n
                tally[2] += rank * rank * n
                tally[3] += n if rank == 1 else 0
        elif number is not None and info.type in NUMBER_TYPES:
            cells.numbers[info.name][number] += n
    return cells


def _answered(infos: dict[str, QuestionInfo], cells: _Cells) -> dict[str, int]:
    """Respondents who answered each question.

    One answer row per respondent, except multiple choice and ranking. A ranking always
    has a rank 1, so its respondents are its firsts; only multiple choice needs a distinct
    count, over the (question, response) index: distinct pairs first, then counted, which
    both databases do in one ordered pass (``COUNT(DISTINCT …)`` per group sorts again on
    PostgreSQL, three times slower).
    """
    totals: dict[str, int] = defaultdict(int)
    for info in infos.values():
        if info.type == QuestionType.RANKING:
            totals[info.name] = sum(int(t[3]) for t in cells.tallies.get(info.name, {}).values())
        elif info.type != QuestionType.MULTIPLE:
            totals[info.name] = cells.rows.get(info.name, 0)
    multiple = _by_question(infos, {QuestionType.MULTIPLE})
    if multiple:
        for qid, n in _distinct_respondents(list(multiple)):
            totals[multiple[qid].name] += n
    return totals


def _distinct_respondents(question_ids: list[int]) -> list[tuple[int, int]]:
    quote = connection.ops.quote_name
    table, question, response = (quote(Answer._meta.db_table), quote("question_id"),
                                 quote("response_id"))
    marks = ", ".join(["%s"] * len(question_ids))
    sql = (f"SELECT {question}, COUNT(*) FROM (SELECT DISTINCT {question}, {response} "  # noqa: S608
           f"FROM {table} WHERE {question} IN ({marks})) pairs GROUP BY {question}")
    with connection.cursor() as cursor:
        cursor.execute(sql, question_ids)
        return cursor.fetchall()


def _numbers(counts: dict[float, int]) -> Numbers | None:
    total = sum(counts.values())
    if not total:
        return None
    mean = sum(number * n for number, n in counts.items()) / total
    return Numbers(count=total, mean=mean, low=min(counts), high=max(counts))


def _place_counts(infos: dict[str, QuestionInfo]) -> dict[str, dict[str, int]]:
    by_id = _by_question(infos, PLACE_TYPES)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (Answer.objects.filter(question_id__in=list(by_id)).values("question_id", "text")
            .annotate(n=Count("id")).values_list("question_id", "text", "n"))
    for qid, code, n in rows:
        counts[by_id[qid].name][code] += n
    return counts


def _other_counts(infos: dict[str, QuestionInfo]) -> dict[str, int]:
    other_ids = {oid: info.name for info in infos.values() for oid in info.other_option_ids}
    totals: dict[str, int] = defaultdict(int)
    rows = (Answer.objects.filter(option_id__in=list(other_ids)).exclude(text="")
            .values("option_id").annotate(n=Count("id")).values_list("option_id", "n"))
    for oid, n in rows:
        totals[other_ids[oid]] += n
    return totals


def _rows(items: list[tuple[str, str, int]], *, answered: int, minimum: int,
          partition: bool) -> list[Row]:
    hidden = blank_cells({key: count for key, _l, count in items}, minimum=minimum,
                         partition=partition)
    return [Row(key=key, label=label, count=count,
                percent=(100 * count / answered) if answered else None,
                suppressed=key in hidden) for key, label, count in items]


def place_label(kind: str, code: str) -> str:
    if kind == QuestionType.COUNTY:
        return COUNTY_NAMES.get(code, code)
    district = districts().get(code)
    return district.name if district else code


def other_groups_label(minimum: int) -> str:
    return _("Other groups (fewer than %(count)d each)") % {"count": minimum}


def _place_rows(info: QuestionInfo, counts: dict[str, int], *, answered: int,
                minimum: int) -> list[Row]:
    """Counties and districts: the small ones merged, biggest first."""
    groups = [Group(key=code, label=place_label(info.type, code), count=n)
              for code, n in sorted(counts.items(), key=lambda item: -item[1])]
    merged = merge_small_groups(groups, minimum=minimum,
                                other_label=other_groups_label(minimum))
    return [Row(key=g.key, label=g.label, count=g.count,
                percent=(100 * g.count / answered) if answered else None,
                suppressed=g.suppressed) for g in merged]


def ranked_options(info: QuestionInfo, tallies: dict[str, list], *, answered: int,
                   method: str, language: str) -> list[ranking.Ranked]:
    """The options of a ranking question, best first, from the sums the database made."""
    totals = {value: tallies.get(value, [0, 0, 0, 0]) for value in info.options}
    rows = [ranking.Tally(key=value, label=info.option_text(value, language),
                          ranked_by=int(t[0]), rank_sum=t[1], rank_sq_sum=t[2])
            for value, t in totals.items()]
    return ranking.rank_options(rows, method=method, answered=answered, k=info.ranked_k,
                                firsts={value: int(t[3]) for value, t in totals.items()})


def _chart(summary: Summary, method: str) -> Chart | None:
    if summary.ranked:
        if method == ranking.BORDA:
            return bar_chart([(r.label, r.score, floatformat(r.score, 2)) for r in summary.ranked])
        # Mean rank: shorter is better, so the bar is the distance from the bottom rank.
        k = summary.info.ranked_k
        return bar_chart([(r.label, (k + 1 - r.score) if r.ranked_by else None,
                           floatformat(r.score, 2) if r.ranked_by else "–")
                          for r in summary.ranked], top=k)
    if summary.rows:
        return bar_chart([(r.label, None if r.suppressed else r.percent,
                           "–" if r.suppressed else f"{r.percent:.0f}%")
                          for r in summary.rows], top=100)
    return None
