from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alianza.coalition.forms import HoneypotMixin
from alianza.core.email_address import EmailAddressField
from alianza.outreach.models import MailingList
from alianza.outreach.selectors import mailing_list_name


class ListChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: MailingList) -> str:
        return mailing_list_name(obj, translation.get_language())


class SignupForm(HoneypotMixin):
    CONSENT = _("Yes, email me these updates. I can unsubscribe at any time with one click.")

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = EmailAddressField(label=_("Email"))
    lists = ListChoiceField(
        label=_("What would you like to receive?"), queryset=MailingList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one list.")},
    )
    consent = forms.BooleanField(
        label=CONSENT, error_messages={"required": _("Please confirm that we may email you.")},
    )

    def __init__(self, *args, lists=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = lists if lists is not None else MailingList.objects.none()
        if lists is not None and len(lists) == 1:
            self.fields["lists"].initial = [lists[0].pk]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def wording(self) -> str:
        return str(self.CONSENT)


class PreferencesForm(forms.Form):
    lists = ListChoiceField(
        label=_("Lists you receive"), queryset=MailingList.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of our emails"), choices=())

    def __init__(self, *args, lists=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = lists if lists is not None else MailingList.objects.none()
        self.fields["language"].choices = [(code, name) for code, name in settings.LANGUAGES]


class TestSendForm(forms.Form):
    # Checked by the test-send service with the site-wide rule, so the page can say
    # exactly what is wrong (a line break, a non-ASCII local part…).
    address = forms.CharField(label=_("Send a test to"), max_length=254)
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
