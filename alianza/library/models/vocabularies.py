"""Staff-managed vocabularies that resources are filed under."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class _Vocabulary(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language (English when no Spanish name was given)."""
        if (get_language() or "en").startswith("es") and self.name_es:
            return self.name_es
        return self.name


class Topic(_Vocabulary):
    class Meta(_Vocabulary.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Audience(_Vocabulary):
    class Meta(_Vocabulary.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
