"""The findings brief: what staff write about a survey's findings, per language, before it
goes to the library as a PDF in each language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.listening.models.surveys import LANGUAGE_TAG_LENGTH, Survey


class FindingsBrief(models.Model):
    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="brief")
    # The library resource it was published as, so publishing again updates the same one.
    resource = models.ForeignKey("library.Resource", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("findings brief")
        verbose_name_plural = _("findings briefs")

    def __str__(self) -> str:
        return f"{self.survey.slug} brief"


class FindingsBriefText(models.Model):
    brief = models.ForeignKey(FindingsBrief, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    title = models.CharField(pgettext_lazy("document", "Title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("what we heard"), blank=True)
    # One recommendation a line: staff write a list without learning any markup.
    recommendations = models.TextField(_("recommendations, one a line"), blank=True)

    class Meta:
        verbose_name = _("findings brief text")
        verbose_name_plural = _("findings brief texts")
        constraints = [models.UniqueConstraint(fields=["brief", "language"],
                                               name="listening_brief_language_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def recommendation_list(self) -> list[str]:
        return [line.strip(" -•*\t") for line in self.recommendations.splitlines()
                if line.strip(" -•*\t")]

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
