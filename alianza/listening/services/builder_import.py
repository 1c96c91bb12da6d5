"""Creating a survey, or a survey's empty draft, from an XLSForm, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alianza.listening.models import Option, Survey, SurveyVersion
from alianza.listening.services.surveys import (
    question_add,
    section_add,
    survey_create,
    survey_text_save,
    version_draft_for,
)
from alianza.listening.xlsform.importer import ParsedForm, parse_xlsform
from alianza.listening.xlsform.reader import XLSFormError


def survey_import_xlsform(*, data: bytes, file_name: str, slug: str = "",
                          survey: Survey | None = None, created_by=None) -> SurveyVersion:
    """The draft version filled from the XLSForm in ``data``; raises ``XLSFormError``.

    Without ``survey`` a new survey is created under ``slug`` (default: the form's
    ``form_id``); with one, its draft must still be empty.
    """
    form = parse_xlsform(data)
    with transaction.atomic():
        if survey is None:
            slug = slugify(slug or form.form_id or file_name.rsplit(".", 1)[0])[:80]
            if not slug:
                raise XLSFormError(_("Give the survey a short name for its links."))
            if Survey.objects.filter(slug=slug).exists():
                raise XLSFormError(_("A survey with the short name “%(slug)s” already exists; "
                                     "choose another one.") % {"slug": slug})
            survey = survey_create(slug=slug, languages=form.languages,
                                   created_by=created_by)
            for language in form.languages:
                survey_text_save(survey=survey, language=language,
                                 title=(form.title or slug)[:200])
        version = version_draft_for(survey=survey)
        if version.sections.exists():
            raise XLSFormError(_("This survey's draft already has questions; an XLSForm can "
                                 "only fill an empty draft."))
        Survey.objects.filter(pk=survey.pk).update(
            languages=sorted(set(survey.languages) | set(form.languages),
                             key=lambda code: (code not in form.languages, code)))
        version.source_file_name = file_name[:255]
        version.save(update_fields=["source_file_name"])
        try:
            _fill(version, form)
        except IntegrityError as error:  # a duplicate the checks above let through
            raise XLSFormError(_("The form could not be saved: %(error)s")
                               % {"error": error}) from error
    return version


def _fill(version: SurveyVersion, form: ParsedForm) -> None:
    for parsed_section in form.sections:
        section = section_add(version=version, name=parsed_section.name,
                              title=parsed_section.title, condition=parsed_section.condition,
                              shows_frame=parsed_section.shows_frame)
        for parsed in parsed_section.questions:
            try:
                question = question_add(section=section, name=parsed.name, type=parsed.type,
                                        options=parsed.options, **parsed.fields)
            except ValidationError as error:
                problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages
                                     in error.message_dict.items())
                raise XLSFormError(_("Row %(row)d of the survey sheet: %(problem)s")
                                   % {"row": parsed.row, "problem": problems}) from error
            if parsed.other_label:
                Option.objects.filter(question=question, is_other=True).update(
                    label=parsed.other_label)
