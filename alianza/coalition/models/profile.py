"""The coalition running this site."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH


class CoalitionProfile(models.Model):
    """The coalition running this site: one row."""

    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    # Emails are branded with these; the logo is served from the site so mail apps can load it.
    brand_color = models.CharField(
        _("brand colour"), max_length=7, default="#1f5f8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as #RRGGBB."))],
        help_text=_("Used for email headings and buttons, as #RRGGBB."),
    )
    logo = models.FileField(
        _("logo"), upload_to="brand/", max_length=200, blank=True,
        help_text=_("A PNG or JPEG shown at the top of emails; about 400 pixels wide."),
    )

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
