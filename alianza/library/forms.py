"""Staff forms for resources: the shared fields, and one section per language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.library.models import Audience, Resource, ResourceText, Topic
from alianza.library.uploads import ACCEPT, UploadRefused, check_upload

LANGUAGE_SECTIONS = (("en", _("English version")), ("es", _("Spanish version")))


class VocabularyField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic | Audience) -> str:
        return obj.label  # in the staff member's language


class ResourceForm(forms.ModelForm):
    topics = VocabularyField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    audiences = VocabularyField(
        label=_("Audiences"), queryset=Audience.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Resource
        fields = ["kind", "slug", "published_on", "grade_span", "authors", "topics", "audiences"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "slug": _("The end of the page's address: lowercase letters, numbers and hyphens. "
                      "E.g., ltel-report-2024"),
        }


class ResourceTextForm(forms.Form):
    """One language of a resource. Left empty, that language is simply not offered."""

    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=300,
                            required=False)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Text"), required=False, max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; separate paragraphs with a blank line."))
    file = forms.FileField(
        label=_("File"), required=False,
        help_text=_("PDF, Word (.docx), PowerPoint (.pptx), PNG, JPEG or WebP. Recordings are "
                    "added as a link."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}))
    link_url = forms.URLField(
        label=_("Link"), required=False, max_length=500, assume_scheme="https",
        help_text=_("An outside address, such as a recording's page. E.g., "
                    "https://www.youtube.com/watch?v=…"))
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)
    remove = forms.BooleanField(label=_("Remove this language version"), required=False)

    def __init__(self, *args, text: ResourceText | None = None, **kwargs) -> None:
        self.text = text
        if text is not None:
            kwargs.setdefault("initial", {
                "title": text.title, "summary": text.summary, "body": text.body,
                "link_url": text.link_url,
            })
        super().__init__(*args, **kwargs)
        if text is None or not text.file:
            del self.fields["remove_file"]
        if text is None:
            del self.fields["remove"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                self.cleaned_data["checked"] = check_upload(upload, name=upload.name or "",
                                                            size=upload.size)
            except UploadRefused as error:
                raise forms.ValidationError(error.messages[0], code="upload_refused") from error
        return upload

    @property
    def has_content(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("title") or data.get("summary") or data.get("body")
                    or data.get("link_url") or data.get("file"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("remove"):
            return data
        needs_title = self.text is not None or self.has_content
        if needs_title and not data.get("title", "").strip() and "title" not in self.errors:
            self.add_error("title", _("Give this version a title, or leave the whole "
                                          "section empty."))
        return data

    @property
    def action(self) -> str:
        """"skip", "remove" or "save" for a valid form."""
        if self.cleaned_data.get("remove"):
            return "remove"
        if self.text is None and not self.has_content:
            return "skip"
        return "save"
