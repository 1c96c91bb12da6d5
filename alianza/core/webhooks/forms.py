from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.core.webhooks import events, transport


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("Receiver URL"), max_length=500,
        help_text=_("Where each event is sent, as a POST with a JSON body. It must start "
                    "with https://."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}))
    description = forms.CharField(
        label=pgettext_lazy("webhook", "Description"), max_length=200, required=False,
        help_text=_("What receives these events, for colleagues."))
    events = forms.MultipleChoiceField(
        label=_("Events to send"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = list(events.EVENTS.items())

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
            transport.target_check(url)
        except forms.ValidationError as error:
            raise forms.ValidationError(_("Enter a full web address, such as "
                                          "https://example.org/hooks.")) from error
        except transport.UnsafeURL as error:
            raise forms.ValidationError(str(error)) from error
        return url
