"""Ordered sets of resources, and the press room's media contacts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alianza.library.models.resources import Resource


def _spanish() -> bool:
    return (get_language() or "en").startswith("es")


class Collection(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title (English)"), max_length=300)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    summary = models.TextField(_("summary (English)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    resources = models.ManyToManyField(
        Resource, through="CollectionItem", related_name="collections", blank=True
    )

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("library-collection", kwargs={"slug": self.slug})

    @property
    def label(self) -> str:
        return self.title_es if _spanish() and self.title_es else self.title

    @property
    def summary_label(self) -> str:
        return self.summary_es if _spanish() and self.summary_es else self.summary


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="collection_items"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "resource"], name="collection_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.resource_id}"


class InterviewLanguage(models.TextChoices):
    """Languages a spokesperson may give interviews in: California's most spoken home
    languages among English learners, then others."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    VIETNAMESE = "vi", _("Vietnamese")
    MANDARIN = "cmn", _("Mandarin")
    CANTONESE = "yue", _("Cantonese")
    ARABIC = "ar", _("Arabic")
    FILIPINO = "fil", _("Filipino (Tagalog)")
    RUSSIAN = "ru", _("Russian")
    PUNJABI = "pa", _("Punjabi")
    KOREAN = "ko", _("Korean")
    UKRAINIAN = "uk", _("Ukrainian")
    HMONG = "hmn", _("Hmong")
    ARMENIAN = "hy", _("Armenian")
    PORTUGUESE = "pt", _("Portuguese")
    MIXTEC = "mix", _("Mixtec")


class MediaContact(models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role (English)"), max_length=200, blank=True)
    role_es = models.CharField(_("role (Spanish)"), max_length=200, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Codes from InterviewLanguage, shown in the reader's language.
    languages = models.JSONField(_("interview languages"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def role_label(self) -> str:
        return self.role_es if _spanish() and self.role_es else self.role

    @property
    def languages_label(self) -> str:
        names = dict(InterviewLanguage.choices)
        return ", ".join(str(names[code]) for code in self.languages if code in names)
