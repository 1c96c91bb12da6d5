"""Staff forms for resources: the shared fields, and one section per language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.models import Organization
from alianza.coalition.services.people import organization_find
from alianza.library.models import Audience, Resource, ResourceText, Topic
from alianza.library.selectors import card
from alianza.library.selectors_staff import resources_named
from alianza.library.uploads import ACCEPT, UploadRefused, check_upload

LANGUAGE_SECTIONS = (("en", _("English version")), ("es", _("Spanish version")))


class VocabularyField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic | Audience) -> str:
        return obj.label  # in the staff member's language


class PartnerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class RelatedField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Resource) -> str:
        found = card(obj)  # the title in the staff member's language, or the other one
        return f"{found.text.title} ({obj.slug})" if found else obj.slug


def _picked_from(list_id: str) -> forms.TextInput:
    # A text box with a list of suggestions (<datalist>): searchable as you type, on a
    # phone too, without JavaScript, however many organizations or resources there are.
    return forms.TextInput(attrs={"list": list_id, "autocomplete": "off"})


class ResourceForm(forms.ModelForm):
    """The shared fields. Partners and related resources are the ones already chosen, as
    boxes to untick, and one more of each picked by name from a list of suggestions."""

    topics = VocabularyField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    audiences = VocabularyField(
        label=_("Audiences"), queryset=Audience.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    organizations = PartnerField(
        label=_("Partner organizations"), queryset=Organization.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a partner to remove it."))
    organization_add = forms.CharField(
        label=_("Add a partner organization"), required=False, max_length=200,
        widget=_picked_from("library-organizations"),
        help_text=_("Start typing its name and pick it from the list."))
    related = RelatedField(
        label=_("Related resources"), queryset=Resource.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Untick a resource to remove it."))
    related_add = forms.CharField(
        label=_("Add a related resource"), required=False, max_length=300,
        widget=_picked_from("library-resources"),
        help_text=_("Start typing its title or address and pick it from the list."))

    class Meta:
        model = Resource
        fields = ["kind", "slug", "published_on", "grade_span", "authors", "topics", "audiences",
                  "organizations", "related"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "slug": _("The end of the page's address: lowercase letters, numbers and hyphens. "
                      "E.g., ltel-report-2024"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        resource = self.instance if self.instance.pk else None
        if resource is not None:
            self.fields["organizations"].queryset = resource.organizations.order_by("name")
            self.fields["related"].queryset = (resource.related.exclude(pk=resource.pk)
                                               .prefetch_related("texts").order_by("slug"))

    def clean_organization_add(self) -> Organization | None:
        name = self.cleaned_data["organization_add"].strip()
        if not name:
            return None
        organization = organization_find(name=name)
        if organization is None:
            raise forms.ValidationError(
                _("No organization on file has that name. Pick one from the list as you "
                  "type."), code="unknown")
        return organization

    def clean_related_add(self) -> Resource | None:
        value = self.cleaned_data["related_add"].strip()
        if not value:
            return None
        found = resources_named(value)
        if not found:
            raise forms.ValidationError(
                _("No resource has that title or address. Pick one from the list as you "
                  "type."), code="unknown")
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several resources have that title: pick the one you mean from the list, "
                  "or type its address."), code="ambiguous")
        if self.instance.pk and found[0].pk == self.instance.pk:
            raise forms.ValidationError(_("A resource cannot be related to itself."),
                                        code="itself")
        return found[0]

    def clean(self) -> dict:
        data = super().clean()
        for field, added in (("organizations", "organization_add"), ("related", "related_add")):
            chosen = list(data.get(field) or [])
            if data.get(added) is not None and data[added] not in chosen:
                chosen.append(data[added])
            data[field] = chosen
        return data


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
