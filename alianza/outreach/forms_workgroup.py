"""The form workgroup leads write their message in: the mailing editor's language fields,
without the settings only staff choose (audience, sender, tracking)."""

from __future__ import annotations

from django import forms

from alianza.outreach.forms_staff import MailingForm


class WorkgroupEmailForm(MailingForm):
    # The count the lead saw in the preview: sending checks it has not changed since.
    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "segment", "from_name", "reply_to", "tracking"):
            self.fields.pop(name, None)
