"""Forms of the survey builder: a survey's settings and texts, sections, questions, and the
"show only if" skip-logic rows they share."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.listening.models import QuestionType, Survey
from alianza.listening.models.surveys import NAME_LENGTH

CONDITION_ROWS = 3
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
OPERATORS = [
    ("eq", _("is")), ("ne", _("is not")), ("selected", _("includes")),
    ("not_selected", _("does not include")), ("answered", _("is answered")),
    ("unanswered", _("is not answered")), ("gt", _("is more than")),
    ("ge", _("is at least")), ("lt", _("is less than")), ("le", _("is at most")),
]
NO_VALUE = {"answered", "unanswered"}
NUMERIC = {"gt", "ge", "lt", "le"}


def language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def _text_field(label, code: str, *, long: bool = False, max_length: int = 2000):
    widget = forms.Textarea(attrs={"lang": code, "rows": 3}) if long else \
        forms.TextInput(attrs={"lang": code})
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


class PerLanguageMixin:
    """Adds ``<base>_<code>`` text fields for each language and reads them back as a dict."""

    def add_texts(self, base: str, label, languages: list[str], **options) -> None:
        names = language_names()
        for code in languages:
            self.fields[f"{base}_{code}"] = _text_field(
                label % {"language": names.get(code, code)}, code, **options)

    def texts(self, base: str, languages: list[str]) -> dict[str, str]:
        return {code: text for code in languages
                if (text := (self.cleaned_data.get(f"{base}_{code}") or "").strip())}

    def language_groups(self, bases: tuple[str, ...],
                        languages: list[str] | None = None) -> list[tuple[str, str, list]]:
        """(code, language name, bound fields) per language, for one fieldset each."""
        names = language_names()
        codes = languages or [code for code in names
                              if f"{bases[0]}_{code}" in self.fields]
        return [(code, names.get(code, code), [self[f"{base}_{code}"] for base in bases
                                               if f"{base}_{code}" in self.fields])
                for code in codes]

    @staticmethod
    def initial_texts(base: str, values: dict | None) -> dict[str, str]:
        return {f"{base}_{code}": text for code, text in (values or {}).items()}


class SurveyForm(PerLanguageMixin, forms.Form):
    slug = forms.SlugField(label=_("Short name in links"), max_length=80,
                           help_text=_("Lower-case letters, numbers and hyphens; it stays "
                                       "the same once the survey exists."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Survey.Kind.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), widget=forms.CheckboxSelectMultiple,
        choices=lambda: list(language_names().items()))

    def __init__(self, *args, survey: Survey | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        codes = list(language_names())
        self.add_texts("title", pgettext_lazy("survey", "Title (%(language)s)"), codes,
                       max_length=200)
        self.add_texts("intro", _("Introduction (%(language)s)"), codes, long=True)
        self.add_texts("thanks", _("Thank-you message (%(language)s)"), codes, long=True)
        if survey is not None:
            del self.fields["slug"]
            del self.fields["kind"]

    def text_groups(self) -> list[tuple[str, str, list]]:
        return self.language_groups(("title", "intro", "thanks"))

    @classmethod
    def initial_from(cls, survey: Survey) -> dict:
        initial = {"languages": survey.languages}
        for text in survey.texts.all():
            initial.update({f"title_{text.language}": text.title,
                            f"intro_{text.language}": text.intro,
                            f"thanks_{text.language}": text.thanks})
        return initial

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if Survey.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another survey already uses this short name."))
        return slug

    def clean(self) -> dict:
        data = super().clean()
        for code in data.get("languages") or []:
            if not (data.get(f"title_{code}") or "").strip():
                self.add_error(f"title_{code}", _("Give the survey a title in each of its "
                                                  "languages."))
        return data

    def language_texts(self) -> dict[str, dict[str, str]]:
        return {code: {"title": self.cleaned_data[f"title_{code}"].strip(),
                       "intro": self.cleaned_data[f"intro_{code}"].strip(),
                       "thanks": self.cleaned_data[f"thanks_{code}"].strip()}
                for code in self.cleaned_data["languages"]}


class ConditionMixin:
    """"Show only if [question] [test] [value]", up to three rows joined by all / any."""

    def add_condition(self, known: dict[str, str], condition: dict | None) -> None:
        self.known = known
        question_choices = [("", "—")] + [(name, name) for name in known]
        self.fields["cond_join"] = forms.ChoiceField(
            label=_("Show it when"), required=False,
            choices=[("all", _("all of these are true")), ("any", _("any of these is true"))])
        for row in range(1, CONDITION_ROWS + 1):
            self.fields[f"cond_{row}_q"] = forms.ChoiceField(
                label=_("Question"), required=False, choices=question_choices)
            self.fields[f"cond_{row}_op"] = forms.ChoiceField(
                label=_("Test"), required=False, choices=OPERATORS)
            self.fields[f"cond_{row}_v"] = forms.CharField(
                label=pgettext_lazy("condition", "Value"), required=False, max_length=200)
        # A condition richer than these rows (imported from an XLSForm) is kept as it is
        # unless staff choose to replace it.
        self.complex_condition = None
        if condition and not _fits_rows(condition):
            self.complex_condition = condition
            self.fields["cond_replace"] = forms.BooleanField(
                label=_("Replace the imported condition with the rows below"), required=False)
        elif condition:
            tests = condition.get("all") or condition.get("any") or [condition]
            self.initial["cond_join"] = "any" if "any" in condition else "all"
            for row, test in enumerate(tests, start=1):
                self.initial.update({f"cond_{row}_q": test["q"], f"cond_{row}_op": test["op"],
                                     f"cond_{row}_v": test.get("v", "")})

    def condition_rows(self) -> list[list]:
        return [[self[f"cond_{row}_q"], self[f"cond_{row}_op"], self[f"cond_{row}_v"]]
                for row in range(1, CONDITION_ROWS + 1)]

    def clean_condition(self) -> dict | None:
        data = self.cleaned_data
        if self.complex_condition is not None and not data.get("cond_replace"):
            return self.complex_condition
        tests = []
        for row in range(1, CONDITION_ROWS + 1):
            name, op = data.get(f"cond_{row}_q"), data.get(f"cond_{row}_op")
            value = (data.get(f"cond_{row}_v") or "").strip()
            if not name:
                continue
            test: dict = {"q": name, "op": op}
            if op not in NO_VALUE:
                if not value:
                    self.add_error(f"cond_{row}_v", _("Give the value to compare with."))
                    continue
                if op in NUMERIC:
                    try:
                        number = float(value.replace(",", "."))
                    except ValueError:
                        self.add_error(f"cond_{row}_v", _("Enter a number."))
                        continue
                    test["v"] = int(number) if number.is_integer() else number
                else:
                    test["v"] = value
            tests.append(test)
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return {data.get("cond_join") or "all": tests}


def _fits_rows(condition: dict) -> bool:
    tests = condition.get("all") or condition.get("any")
    if tests is None:
        tests = [condition]
    return len(tests) <= CONDITION_ROWS and all("op" in test for test in tests)


class SectionForm(PerLanguageMixin, ConditionMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("identifier", "Name"), max_length=NAME_LENGTH,
                           help_text=_("Letters, digits and _; used in exports."))
    shows_frame = forms.BooleanField(
        label=_("Show the respondent's assigned frame at the top (frame tests)"),
        required=False)

    def __init__(self, *args, languages: list[str], known: dict[str, str],
                 condition: dict | None = None, taken: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages, self.taken = languages, taken
        self.add_texts("title", pgettext_lazy("section", "Title (%(language)s)"), languages,
                       max_length=200)
        self.add_condition(known, condition)

    def text_groups(self) -> list[tuple[str, str, list]]:
        return self.language_groups(("title",), self.languages)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not NAME_PATTERN.match(name):
            raise forms.ValidationError(_("Start with a letter; use only letters, digits "
                                          "and _."))
        if name in self.taken:
            raise forms.ValidationError(_("Another section already has this name."))
        return name

    def clean(self) -> dict:
        data = super().clean()
        data["condition"] = self.clean_condition()
        data["title"] = self.texts("title", self.languages)
        return data


class QuestionForm(PerLanguageMixin, ConditionMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("identifier", "Name"), max_length=NAME_LENGTH,
                           help_text=_("Letters, digits and _; stays the same across "
                                       "versions and is used in exports."))
    type = forms.ChoiceField(label=_("Type"), choices=QuestionType.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Choices"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "builder-options"}))
    allows_other = forms.BooleanField(label=_("Offer “other, please specify”"),
                                      required=False)
    scale_min = forms.IntegerField(label=_("Lowest value"), required=False)
    scale_max = forms.IntegerField(label=_("Highest value"), required=False)
    max_ranked = forms.IntegerField(label=_("How many to rank (0: all)"), required=False,
                                    min_value=0, max_value=50)
    max_length = forms.IntegerField(label=_("Longest answer (characters)"), required=False,
                                    min_value=1, max_value=20_000)
    is_outcome = forms.BooleanField(label=_("Outcome question of the frame test"),
                                    required=False)

    def __init__(self, *args, languages: list[str], known: dict[str, str],
                 condition: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        names = language_names()
        self.add_texts("label", _("Question (%(language)s)"), languages, long=True)
        self.add_texts("hint", _("Hint (%(language)s)"), languages)
        self.add_texts("min_label", _("Label of the lowest value (%(language)s)"), languages,
                       max_length=100)
        self.add_texts("max_label", _("Label of the highest value (%(language)s)"),
                       languages, max_length=100)
        columns = " | ".join(names.get(code, code) for code in languages)
        self.fields["options"].help_text = _(
            "One choice per line, in order: value | %(columns)s. The value is a short name "
            "used in exports (letters, digits, _).") % {"columns": columns}
        self.add_condition(known, condition)

    def text_groups(self) -> list[tuple[str, str, list]]:
        return self.language_groups(("label", "hint"), self.languages)

    def scale_groups(self) -> list[tuple[str, str, list]]:
        return self.language_groups(("min_label", "max_label"), self.languages)

    @classmethod
    def initial_from(cls, question, languages: list[str]) -> dict:
        initial = {"name": question.name, "type": question.type,
                   "required": question.required, "allows_other": question.allows_other,
                   "scale_min": question.scale_min, "scale_max": question.scale_max,
                   "max_ranked": question.max_ranked, "max_length": question.max_length,
                   "is_outcome": question.is_outcome}
        for base, values in (("label", question.label), ("hint", question.hint),
                             ("min_label", question.scale_min_label),
                             ("max_label", question.scale_max_label)):
            initial.update(cls.initial_texts(base, values))
        lines = []
        for option in question.options.all():
            if not option.is_other:
                lines.append(" | ".join([option.value, *[option.label.get(code, "") for code
                                                          in languages]]))
        initial["options"] = "\n".join(lines)
        return initial

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not NAME_PATTERN.match(name):
            raise forms.ValidationError(_("Start with a letter; use only letters, digits "
                                          "and _."))
        return name

    def _options(self, kind: str) -> list[tuple[str, dict]]:
        options, seen = [], set()
        for number, line in enumerate(self.cleaned_data.get("options", "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            value, labels = parts[0], parts[1:]
            if not NAME_PATTERN.match(value) or value == "other":
                self.add_error("options", _("Line %(line)d: “%(value)s” is not a usable value "
                                            "(letters, digits and _; “other” is reserved).")
                               % {"line": number, "value": value})
                continue
            if value in seen:
                self.add_error("options", _("Line %(line)d: the value “%(value)s” is used "
                                            "twice.") % {"line": number, "value": value})
            seen.add(value)
            options.append((value, {code: label for code, label
                                    in zip(self.languages, labels, strict=False) if label}))
        if kind in QuestionType.with_options() and not options:
            self.add_error("options", _("Give at least one choice."))
        return options

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("type")
        data["condition"] = self.clean_condition()
        data["label"] = self.texts("label", self.languages)
        if not data["label"]:
            self.add_error(f"label_{self.languages[0]}", _("Write the question."))
        data["options_list"] = self._options(kind) if kind in QuestionType.with_options() \
            else []
        if kind == QuestionType.RATING:
            for bound in ("scale_min", "scale_max"):
                if data.get(bound) is None:
                    self.add_error(bound, _("A rating scale needs its lowest and highest "
                                            "values."))
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", _("The highest value must be above the lowest."))
        return data

    def service_fields(self) -> dict:
        data, kind = self.cleaned_data, self.cleaned_data["type"]
        numeric = kind in {QuestionType.RATING, QuestionType.NUMBER}
        return {
            "name": data["name"], "type": kind, "label": data["label"],
            "hint": self.texts("hint", self.languages), "required": data["required"],
            "condition": data["condition"], "options": data["options_list"],
            "allows_other": data["allows_other"] and kind in QuestionType.with_options(),
            "scale_min": data["scale_min"] if numeric else None,
            "scale_max": data["scale_max"] if numeric else None,
            "scale_min_label": self.texts("min_label", self.languages)
            if kind == QuestionType.RATING else {},
            "scale_max_label": self.texts("max_label", self.languages)
            if kind == QuestionType.RATING else {},
            "max_ranked": (data["max_ranked"] or 0) if kind == QuestionType.RANKING else 0,
            "max_length": data["max_length"] or 2000,
            "is_outcome": data["is_outcome"],
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSForm workbook (.xlsx)"))
    slug = forms.SlugField(label=_("Short name in links"), max_length=80, required=False,
                           help_text=_("Leave empty to use the form's form_id."))
