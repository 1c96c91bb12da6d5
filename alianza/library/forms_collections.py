"""Staff forms for collections and the press room's media contacts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.library.models import Collection, InterviewLanguage, MediaContact, Resource
from alianza.library.selectors import card


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["slug", "title", "title_es", "summary", "summary_es", "position"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}),
                   "summary_es": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": _("The end of the page's address: lowercase letters, numbers and hyphens. "
                      "E.g., seal-of-biliteracy"),
        }


class ResourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resource) -> str:
        found = card(obj)  # the title in the staff member's language, or the other one
        return found.text.title if found else obj.slug


class CollectionItemAddForm(forms.Form):
    resource = ResourceChoiceField(label=_("Resource to add"), queryset=Resource.objects.none())

    def __init__(self, *args, collection: Collection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = (
            Resource.objects.exclude(collection_items__collection=collection)
            .prefetch_related("texts").order_by("-published_on", "slug"))


class MediaContactForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Interview languages"), choices=InterviewLanguage.choices, required=False,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = MediaContact
        fields = ["name", "role", "role_es", "organization", "email", "phone", "languages",
                  "position", "is_active"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}
        help_texts = {"phone": _("E.g., (916) 555-0142")}
