"""The columns of a response export and the codebook that explains them.

One column per question name; a multiple-choice question has a 0/1 column per choice
(``q__value``), a ranking question a rank column per choice (``q__value``, 1 = top), and a
question offering "other, please specify" a ``q__other`` column with the words (the "other"
choice's own 0/1 or rank column is then ``q__other_choice``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alianza.listening.models import QuestionType, Survey
from alianza.listening.models.surveys import text_in
from alianza.listening.selectors.findings_questions import QuestionInfo

OTHER = "other"
CONTACT_COLUMNS = ("contact_name", "contact_email", "contact_phone")


@dataclass
class Column:
    name: str
    info: QuestionInfo | None = None
    option: str = ""  # the choice of a per-choice column
    is_other: bool = False


def fixed_columns() -> list[tuple[str, str]]:
    """The response's own columns and what each holds (for the codebook)."""
    return [
        ("response", _("An identifier for the response, the same in every download; not "
                       "the order responses came in.")),
        ("submitted", _("When the response was submitted (UTC).")),
        ("language", _("The language the respondent answered in.")),
        ("respondent_type", _("Who is answering, as the respondent said.")),
        ("county", _("County code (two digits).")),
        ("district", _("School district code (seven digits of the CDS code).")),
        ("partner", _("The code of the partner whose link or paper form was used.")),
        ("version", _("The number of the survey version answered.")),
        ("channel", _("web: online; paper: typed in by staff from a paper form.")),
        ("frame", _("Frame tests: the message frame the respondent was shown.")),
    ]


def question_columns(infos: dict[str, QuestionInfo]) -> list[Column]:
    columns: list[Column] = []
    for info in infos.values():
        if info.type in (QuestionType.MULTIPLE, QuestionType.RANKING):
            # The "other" choice's own column would clash with the words' ``q__other``.
            columns += [Column(f"{info.name}__{value}"
                               + ("_choice" if value == OTHER and info.allows_other else ""),
                               info, option=value) for value in info.options]
        else:
            columns.append(Column(info.name, info))
        if info.allows_other:
            columns.append(Column(f"{info.name}__{OTHER}", info, is_other=True))
    return columns


def codebook_rows(survey: Survey, infos: dict[str, QuestionInfo],
                  columns: list[Column], *, with_contacts: bool) -> list[list[str]]:
    languages = survey.languages or ["en", "es"]
    header = [pgettext("findings", "Column"),
              *[_("Question (%(language)s)") % {"language": code} for code in languages],
              pgettext("findings", "Type"), pgettext("findings", "Values")]
    rows = [header]
    for name, meaning in fixed_columns():
        rows.append([name, *[meaning for _code in languages], "", ""])
    for column in columns:
        info = column.info
        assert info is not None
        texts = [text_in(info.label, code) for code in languages]
        if column.option:
            choice = " / ".join(text_in(info.options.get(column.option), code)
                                for code in languages)
            texts = [f"{text} — {choice}" for text in texts]
            values = (_("rank, 1 = top; empty: not ranked") if info.type == QuestionType.RANKING
                      else _("1 = chosen, 0 = not chosen; empty: question not answered"))
        elif column.is_other:
            values = _("the respondent's words for “other”")
        elif info.options:
            values = "; ".join(f"{value} = " + " / ".join(text_in(label, code)
                                                           for code in languages)
                               for value, label in info.options.items())
        elif info.type in (QuestionType.RATING, QuestionType.NUMBER):
            low = "" if info.scale_min is None else info.scale_min
            high = "" if info.scale_max is None else info.scale_max
            values = _("number from %(low)s to %(high)s") % {"low": low, "high": high}
        elif info.type == QuestionType.DATE:
            values = _("date, year-month-day")
        else:
            values = ""
        rows.append([column.name, *texts, str(QuestionType(info.type).label), values])
    if with_contacts:
        for name in CONTACT_COLUMNS:
            rows.append([name, *[_("Only for respondents who asked to be contacted.")
                                 for _code in languages], "", ""])
    return rows
