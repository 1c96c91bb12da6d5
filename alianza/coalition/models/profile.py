"""The coalition running this site."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH


class CoalitionProfile(models.Model):
    """The coalition running this site: one row."""

    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)

    class Meta:
        verbose_name = _("coalition profile")
        verbose_name_plural = _("coalition profile")
        # The staff dashboard's figures cover the whole coalition, so it has its own right.
        permissions = [("view_dashboard", "Can see the staff dashboard")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from alianza.core.site import site_name_forget

        super().save(*args, **kwargs)
        site_name_forget()


class CoalitionProfileText(models.Model):
    profile = models.ForeignKey(CoalitionProfile, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    about = models.TextField(_("about"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile} ({self.language})"
