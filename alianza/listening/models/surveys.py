"""A survey, its published versions, and the questions each version asks.

Publishing freezes a version: its sections, questions and options never change again, so
every response keeps the exact questions it answered. Editing a published survey works on a
new draft version copied from the last one, and publishing that draft makes it the one new
respondents see. Questions and options carry stable names (``name``, ``value``) that stay
the same from one version to the next, so findings add up responses across versions.

Question, option and section wording is a small dictionary per language (``{"en": ...,
"es": ...}``): it is only ever shown, never searched, sorted or counted, and it maps one to
one to XLSForm's ``label::Language (xx)`` columns. The survey's own title and introduction,
shown in listings and on the library, are a row per language (``SurveyText``).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

LANGUAGE_TAG_LENGTH = 35
NAME_LENGTH = 64  # XLSForm names are XML element names; long ones are a sign of a mistake


def text_in(texts: dict | None, language: str | None = None) -> str:
    """The wording in ``language`` (default: the active one), else English, else any."""
    texts = texts or {}
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return (
        texts.get(language)
        or texts.get(settings.LANGUAGE_CODE)
        or next((value for value in texts.values() if value), "")
    )


def new_frame_seed() -> int:
    return secrets.randbits(48)


class RespondentType(models.TextChoices):
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent or caregiver")
    EDUCATOR = "educator", _("Educator")
    COMMUNITY = "community", _("Community member")
    ORGANIZATION = "organization", pgettext_lazy("respondent type", "Organization")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RANKING = "ranking", _("Ranking")
    RATING = "rating", _("Rating scale")
    SHORT_TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    COUNTY = "county", _("California county")
    DISTRICT = "district", _("California school district")
    NOTE = "note", _("Note (no answer)")

    @classmethod
    def with_options(cls) -> set[str]:
        return {cls.SINGLE, cls.MULTIPLE, cls.RANKING}


class Survey(models.Model):
    class Kind(models.TextChoices):
        NEEDS = "needs", _("Needs assessment")
        FRAMES = "frames", _("Narrative frame test")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "Draft")
        OPEN = "open", pgettext_lazy("survey status", "Open")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    kind = models.CharField(pgettext_lazy("survey", "kind"), max_length=8, choices=Kind.choices,
                            default=Kind.NEEDS)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    languages = models.JSONField(
        _("languages"), default=list,
        help_text=_("Language codes the survey is written in, e.g. en and es."),
    )
    current_version = models.ForeignKey(
        "SurveyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published version"),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=10,
        help_text=_("Groups with fewer responses are never shown separately, on the "
                    "findings pages or in exports."),
    )
    ask_respondent_type = models.BooleanField(_("ask who is answering"), default=True)
    ask_contact = models.BooleanField(
        _("offer to be contacted"), default=True,
        help_text=_("Respondents may choose, separately, to leave a way to contact them."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    # Frame tests: each new respondent takes the next slot of a balanced, seeded sequence,
    # so the assignment can be recomputed from the seed and the slot number.
    frame_seed = models.BigIntegerField(default=new_frame_seed, editable=False)
    frame_slots_used = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The survey's identifier in the API, where its questions name it.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        permissions = [("publish_survey", _("Can publish, close and reopen surveys"))]

    def __str__(self) -> str:
        return self.slug

    def text(self, language: str | None = None) -> SurveyText | None:
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        texts = {t.language: t for t in self.texts.all()}
        return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(
            iter(texts.values()), None)


class SurveyText(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    title = models.CharField(pgettext_lazy("document", "Title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    thanks = models.TextField(_("thank-you message"), blank=True)

    class Meta:
        verbose_name = _("survey text")
        verbose_name_plural = _("survey texts")
        constraints = [models.UniqueConstraint(fields=["survey", "language"],
                                               name="listening_one_text_per_language")]

    def __str__(self) -> str:
        return self.title


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source_file_name = models.CharField(_("imported from"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"],
                                               name="listening_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.survey.slug} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.published_at is not None


class Section(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE,
                                related_name="sections")
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    title = models.JSONField(_("title per language"), default=dict, blank=True)
    intro = models.JSONField(_("introduction per language"), default=dict, blank=True)
    # Skip logic for the whole section, in the format of ``alianza.listening.logic``.
    condition = models.JSONField(_("show only if"), null=True, blank=True)
    # Frame tests: the respondent's assigned frame is shown at the top of this section.
    shows_frame = models.BooleanField(_("shows the assigned frame"), default=False)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "name"],
                                               name="listening_section_name_unique")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE,
                                related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(
        _("name"), max_length=NAME_LENGTH,
        help_text=_("A short name that stays the same across versions, used in exports."),
    )
    type = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    label = models.JSONField(_("question per language"), default=dict)
    hint = models.JSONField(_("hint per language"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    condition = models.JSONField(_("show only if"), null=True, blank=True)
    # "Other, please specify": an extra choice whose answer carries the respondent's words.
    allows_other = models.BooleanField(_("offers “other, please specify”"), default=False)
    # Rating scales run from scale_min to scale_max; ranking asks for the top ``max_ranked``
    # (0: all); numbers are checked against scale_min/scale_max when set.
    scale_min = models.IntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.IntegerField(_("highest value"), null=True, blank=True)
    scale_min_label = models.JSONField(_("lowest value's label"), default=dict, blank=True)
    scale_max_label = models.JSONField(_("highest value's label"), default=dict, blank=True)
    max_ranked = models.PositiveSmallIntegerField(_("how many to rank"), default=0)
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), default=2000)
    # Frame tests: outcome questions are compared between frames.
    is_outcome = models.BooleanField(_("outcome of the frame test"), default=False)
    # The question's identifier and modified date in the API.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "name"],
                                               name="listening_question_name_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.scale_min is not None and self.scale_max is not None
                and self.scale_min >= self.scale_max):
            raise ValidationError({"scale_max": _("The highest value must be above the "
                                                  "lowest.")})


class Option(models.Model):
    OTHER_VALUE = "other"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("position"))
    value = models.CharField(_("value"), max_length=NAME_LENGTH)
    label = models.JSONField(_("choice per language"), default=dict)
    # The "other, please specify" choice is a real option so it is counted like the rest.
    is_other = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "value"],
                                               name="listening_option_value_unique")]

    def __str__(self) -> str:
        return self.value


class Frame(models.Model):
    """One message frame of a frame test, shown to the respondents assigned to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="frames")
    position = models.PositiveIntegerField(_("position"))
    key = models.CharField(_("name"), max_length=NAME_LENGTH)
    title = models.JSONField(_("title per language"), default=dict)
    text = models.JSONField(_("message per language"), default=dict)
    is_control = models.BooleanField(_("control"), default=False)

    class Meta:
        verbose_name = _("frame")
        verbose_name_plural = _("frames")
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"],
                                               name="listening_frame_key_unique")]

    def __str__(self) -> str:
        return self.key
