"""Forms for the staff pages: a public data file, and a district's student file."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from alianza.evidence.cde import normalise_school_year
from alianza.evidence.models import Dataset, StudentRun
from alianza.evidence.rules.errors import LayoutError
from alianza.evidence.rules.parsing import refuse_non_text
from alianza.evidence.rules.registry import LTEL_RULE_SETS, RULE_SETS, SEAL_RULE_SETS
from alianza.evidence.services.runs import district_code_normalise
from alianza.evidence.student_messages import failure_message

STATE_KINDS = [(k, label) for k, label in Dataset.Kind.choices
               if k != Dataset.Kind.DISTRICT_REPORT]


def _check_size(upload) -> None:
    limit = getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024)
    if not upload.size:
        raise forms.ValidationError(_("The file is empty."))
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the largest file you can upload is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )


class DatasetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Data file"),
        help_text=_("A file downloaded from the California Department of Education: a CALPADS "
                    "unduplicated pupil count workbook, an LTEL download, English learners by "
                    "language, reclassification, or the CAASPP/ELPAC entities file."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of file"), required=False,
        choices=[("", _("Recognise it from its columns"))] + STATE_KINDS,
    )
    source_url = forms.URLField(
        label=_("Where it was downloaded from (optional)"), required=False, max_length=500,
        assume_scheme="https",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_size(upload)
        return upload


def _rule_choices(names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(n, f"{n} — {RULE_SETS[n].citation}") for n in names]


USE_CHOICES = [("column", _("From the file's yes/no column")),
               ("not_used", _("Not used by this district"))]


class StudentRunForm(forms.Form):
    file = forms.FileField(
        label=_("Student file"),
        help_text=_("Processed in the background and deleted when the run ends. Only counts "
                    "with small cells suppressed are kept."),
    )
    layout = forms.ChoiceField(label=_("Layout"), choices=StudentRun.Layout.choices)
    district_code = forms.CharField(
        label=_("District code"), max_length=20,
        help_text=_("The district's 7-digit county and district code, or its 14-digit CDS "
                    "code."),
    )
    school_year = forms.CharField(
        label=_("School year of an ELPAC score file (optional)"), required=False, max_length=9,
        help_text=_("For example 2023-24. Taken from the file name when it has one."),
    )
    ltel_rule_set = forms.ChoiceField(label=_("LTEL and at-risk rule set"),
                                      choices=_rule_choices(LTEL_RULE_SETS))
    seal_rule_set = forms.ChoiceField(label=_("Seal of Biliteracy rule set"),
                                      choices=_rule_choices(SEAL_RULE_SETS))
    teacher_evaluation = forms.ChoiceField(label=_("Teacher evaluation"), choices=USE_CHOICES)
    parent_consultation = forms.ChoiceField(label=_("Parent consultation"), choices=USE_CHOICES)
    basic_skills = forms.ChoiceField(
        label=_("Basic skills"),
        choices=[*USE_CHOICES[:1],
                 ("caaspp", _("CAASPP ELA at or above a level")), *USE_CHOICES[1:]],
    )
    basic_skills_min_caaspp_level = forms.TypedChoiceField(
        label=_("Lowest CAASPP ELA level that counts as basic skills"), coerce=int,
        initial=2,
        choices=[(1, _("Standard Not Met")), (2, _("Standard Nearly Met")),
                 (3, _("Standard Met")), (4, _("Standard Exceeded"))],
    )
    threshold = forms.IntegerField(
        label=_("Suppress counts of this many students or fewer"), min_value=1, max_value=100,
        initial=10,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_size(upload)
        # A spreadsheet is refused at once, with what to do, instead of after a queued run.
        head = upload.read(4096)
        upload.seek(0)
        try:
            refuse_non_text(head)
        except LayoutError as error:
            raise forms.ValidationError(failure_message(error.code, error.params)) from None
        return upload

    def clean_district_code(self) -> str:
        code = district_code_normalise(self.cleaned_data["district_code"])
        if code is None:
            raise forms.ValidationError(
                _("Enter 7 digits (county and district) or the 14-digit CDS code."))
        return code

    def clean_school_year(self) -> str:
        text = self.cleaned_data["school_year"].strip()
        if not text:
            return ""
        year = normalise_school_year(text) if "-" in text else None
        if year is None:
            raise forms.ValidationError(_("Write the school year like 2023-24."))
        return year

    def local_criteria(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "teacher_evaluation": data["teacher_evaluation"],
            "parent_consultation": data["parent_consultation"],
            "basic_skills": data["basic_skills"],
            "basic_skills_min_caaspp_level": data["basic_skills_min_caaspp_level"],
        }
