"""Staff page for what the public member directory shows about one organization."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from alianza.coalition.models import Organization, OrganizationText
from alianza.coalition.selectors_public import language_own_name
from alianza.coalition.services.organization_profile import (
    logo_render,
    organization_logo_set,
    organization_profile_update,
)
from alianza.core.access import staff_required


class OrganizationProfileForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("New logo"), required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=gettext_lazy("PNG, JPEG, GIF or WebP, up to 2 MB. It is shown small, on a "
                               "white background."),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the current logo"),
                                     required=False)
    website = forms.URLField(label=pgettext_lazy("organization", "Website"), required=False,
                             assume_scheme="https", max_length=200)
    languages_served = forms.CharField(
        label=gettext_lazy("Languages served"), required=False, max_length=300,
        help_text=gettext_lazy("Language codes separated by commas, e.g. es, vi, zh-Hant. "
                               "The directory shows each language's own name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One description per site language: adding a language adds a box.
        for code, _name in settings.LANGUAGES:
            # Each box is named in its own language, as staff who write it read it.
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("What the organization does (%(language)s)") % {
                    "language": language_own_name(code)},
                required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
            )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            # Checked here so the message sits beside the field; stored by the service.
            logo_render(upload, size=upload.size)
        return upload

    def clean_languages_served(self) -> str:
        tags = [tag.strip() for tag in self.cleaned_data["languages_served"].split(",")]
        wrong = [tag for tag in tags if tag and not _looks_like_tag(tag)]
        if wrong:
            raise ValidationError(_("These are not language codes: %(codes)s.") % {
                "codes": ", ".join(wrong)})
        return ", ".join(tag for tag in tags if tag)

    def descriptions(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"description_{code}"] for code, _n in settings.LANGUAGES}


def _looks_like_tag(tag: str) -> bool:
    parts = tag.split("-")
    return (2 <= len(parts[0]) <= 3 and parts[0].isalpha()
            and all(1 <= len(part) <= 8 and part.isalnum() for part in parts[1:]))


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("coalition.change_organization")
def organization_profile(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    texts = {t.language: t.description for t in OrganizationText.objects.filter(
        organization=organization)}
    initial = {"website": organization.website,
               "languages_served": organization.languages_served,
               **{f"description_{code}": texts.get(code, "") for code, _n in settings.LANGUAGES}}
    if not texts and organization.description:  # the description kept from before
        initial[f"description_{settings.LANGUAGE_CODE}"] = organization.description
    status = 200
    if request.method == "POST":
        form = OrganizationProfileForm(request.POST, request.FILES, initial=initial)
        if form.is_valid() and _save(form, organization):
            messages.success(request, _("The directory entry of %(org)s is saved.") % {
                "org": organization.name})
            return redirect("coalition-organization-detail", pk=organization.pk)
        status = 400
    else:
        form = OrganizationProfileForm(initial=initial)
    return render(request, "coalition/staff/organization_profile.html", {
        "organization": organization, "form": form,
    }, status=status)


def _save(form: OrganizationProfileForm, organization: Organization) -> bool:
    data = form.cleaned_data
    try:
        with transaction.atomic():
            organization_profile_update(
                organization=organization, website=data["website"],
                languages_served=data["languages_served"], descriptions=form.descriptions())
            if data["logo"]:
                organization_logo_set(organization=organization, upload=data["logo"],
                                      size=data["logo"].size)
            elif data["remove_logo"] and organization.logo:
                organization_logo_set(organization=organization, upload=None)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error.messages)
            return False
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True
