"""Partners who carry a survey, the responses, their answers, and staff's themes.

A response in progress keeps its answers in ``draft`` (a dictionary by question name) so a
respondent can leave and come back; ``Answer`` rows are written once, when the response is
submitted, against the exact questions of the version it answered. Counting therefore reads
only submitted answers and never needs the response table.

Whatever could identify a respondent lives in ``ResponseContact``, a separate table with
its own permission, and only when the respondent chose to leave it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.listening.models.surveys import (
    LANGUAGE_TAG_LENGTH,
    NAME_LENGTH,
    Frame,
    Option,
    Question,
    RespondentType,
    Survey,
    SurveyVersion,
)

PARTNER_CODE_LENGTH = 8
# No 0/O, 1/I/L: codes are read off paper and typed on phones.
PARTNER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_partner_code() -> str:
    return "".join(secrets.choice(PARTNER_CODE_ALPHABET) for _ in range(PARTNER_CODE_LENGTH))


class Partner(models.Model):
    """An organization distributing a survey, with its own link, code and count."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "coalition.Organization", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="survey_partnerships", verbose_name=pgettext_lazy("respondent type",
                                                                       "Organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=16, default=new_partner_code)
    is_active = models.BooleanField(_("collecting"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["survey", "name"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"],
                                               name="listening_partner_code_unique")]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Channel(models.TextChoices):
        WEB = "web", _("Online")
        PAPER = "paper", _("Paper, entered by staff")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT,
                                related_name="responses")
    partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="responses", verbose_name=_("partner"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.IN_PROGRESS)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices,
                               default=Channel.WEB)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    respondent_type = models.CharField(_("respondent"), max_length=16,
                                       choices=RespondentType.choices, blank=True)
    county_code = models.CharField(_("county"), max_length=2, blank=True)
    district_code = models.CharField(_("school district"), max_length=7, blank=True)
    # In progress: answers so far, by question name, and the section the respondent is on.
    draft = models.JSONField(default=dict, blank=True)
    section_position = models.PositiveIntegerField(default=0)
    # A keyed hash of the token in the respondent's cookie; the token itself is never kept.
    resume_key = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                  editable=False)
    # The form's one-time key: a second submission of the same form is recognized.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                      editable=False)
    frame = models.ForeignKey(Frame, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="responses", verbose_name=_("frame"))
    frame_slot = models.PositiveIntegerField(null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-started_at"]
        indexes = [models.Index(fields=["survey", "status", "partner"]),
                   models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.survey.slug} #{self.pk}"


class Answer(models.Model):
    """One submitted answer; a multiple choice or a ranking is one row per chosen option."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # No index of its own: the two below start with the question.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers",
                                 db_index=False)
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="answers")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.FloatField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # Short and long text, "other, please specify", county and district codes.
    text = models.TextField(blank=True)
    themes = models.ManyToManyField("Theme", blank=True, related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            # The findings count from these two alone (covering indexes), never touching the
            # table: choices with their ranks and numbers, and respondents per question.
            models.Index(fields=["question", "option", "rank", "number"],
                         name="listening_answer_findings"),
            models.Index(fields=["question", "response"], name="listening_answer_respondent"),
        ]

    def __str__(self) -> str:
        return f"{self.question.name}={self.option_id or self.number or self.text[:20]}"


class ResponseContact(models.Model):
    """How to reach a respondent who asked to be contacted; kept apart from the answers."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE,
                                    related_name="contact")
    person = models.ForeignKey("coalition.Person", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="survey_contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("respondent's contact")
        verbose_name_plural = _("respondents' contacts")

    def __str__(self) -> str:
        return self.name or self.email or self.phone


class Theme(models.Model):
    """A theme staff tag open-text answers with, counted on the findings page."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    key = models.CharField(_("name"), max_length=NAME_LENGTH)
    label = models.JSONField(_("theme per language"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["survey", "key"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"],
                                               name="listening_theme_key_unique")]

    def __str__(self) -> str:
        return self.key
