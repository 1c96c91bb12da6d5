"""Resources and their texts: one ``ResourceText`` row per language, the row search indexes."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelsearch import index

from alianza.library.models.vocabularies import Audience, Topic

LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]

# Extensions a stored file may keep; anything else is stored without one (the MIME type
# found by sniffing is what the download sends, never the name's extension).
SAFE_EXTENSIONS = frozenset({
    ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv", ".txt",
    ".png", ".jpg", ".jpeg", ".webp", ".mp3", ".mp4", ".zip",
})


class Kind(models.TextChoices):
    REPORT = "report", _("Report")
    BRIEF = "brief", _("Policy brief")
    TOOLKIT = "toolkit", _("Toolkit")
    FACT_SHEET = "fact_sheet", _("Fact sheet")
    PRESS_RELEASE = "press_release", _("Press release")
    RECORDING = "recording", _("Recording")
    SLIDES = "slides", _("Slides")
    LINK = "link", _("Link")


class GradeSpan(models.TextChoices):
    ANY = "", _("Any grade")
    EARLY = "early", _("Early childhood and TK")
    ELEMENTARY = "elementary", _("Elementary")
    MIDDLE = "middle", _("Middle school")
    HIGH = "high", _("High school")
    K12 = "k12", _("K–12")
    ADULT = "adult", _("Adult")


class ResourceQuerySet(models.QuerySet):
    def published(self) -> ResourceQuerySet:
        return self.filter(is_published=True)


class Resource(models.Model):
    Kind = Kind
    GradeSpan = GradeSpan

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    published_on = models.DateField(_("publication date"), db_index=True)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    grade_span = models.CharField(
        _("grade span"), max_length=12, choices=GradeSpan.choices, default="", blank=True
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    organizations = models.ManyToManyField(
        "coalition.Organization", blank=True, related_name="library_resources",
        verbose_name=_("partner organizations"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="resources", verbose_name=_("topics")
    )
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="resources", verbose_name=_("audiences")
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("related resources")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "-pk"]
        permissions = [("publish_resource", _("Can publish and unpublish resources"))]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("library-resource", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        """The title in the reader's language, else in the other one, else the address."""
        texts = {text.language: text.title for text in self.texts.all()}
        language = "es" if (get_language() or "en").startswith("es") else "en"
        return texts.get(language) or next(iter(texts.values()), "") or self.slug


def resource_file_path(text: ResourceText, filename: str) -> str:
    """``library/<resource id>/<lang>/<random><safe extension>``: the stored name says
    nothing a visitor typed, and cannot collide or be guessed."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in SAFE_EXTENSIONS:
        suffix = ""
    return f"library/{text.resource_id}/{text.language}/{secrets.token_urlsafe(16)}{suffix}"


class ResourceText(index.Indexed, models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    # In context: "title" alone is also a person's job title ("cargo") in Spanish.
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Plain text; separate paragraphs with a blank line.")
    )
    file = models.FileField(_("file"), upload_to=resource_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("original file name"), max_length=255, blank=True)
    file_type = models.CharField(_("file type"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=resource_file_path, max_length=200, null=True, blank=True
    )
    link_url = models.URLField(_("link"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource text")
        verbose_name_plural = _("resource texts")
        ordering = ["resource", "language"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="resource_text_language"),
        ]

    # One index row per text, stemmed in its own language (see search_backend.py).
    search_fields = [
        index.SearchField("title", boost=5),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("resource", [index.SearchField("authors")]),
    ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def search_language(self) -> str:
        return self.language

    @classmethod
    def get_indexed_objects(cls) -> models.QuerySet:
        return cls.objects.select_related("resource")

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]
