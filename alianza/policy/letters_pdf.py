"""The letters to one office as a PDF to print and hand in at a delegation visit.

A cover page says what the packet is (how many constituents, from which districts, about
which bill); then one letter per page, each in the office's language around the
supporter's own words, exactly as they were sent by email.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from alianza.core.site import site_name
from alianza.policy.letters import district_label, legislator_title
from alianza.policy.models import ActionCampaign, ActionLetter, Office
from alianza.policy.selectors.actions import campaign_about
from alianza.policy.services.actions import letter_context


def letters_pdf(*, campaign: ActionCampaign, office: Office, letters: list[ActionLetter]
                ) -> bytes:
    from weasyprint import HTML  # imported here: it takes a moment, and only this needs it

    language = office.letter_language or "en"
    legislator = office.legislator
    with translation.override(language):
        districts = sorted({(letter.chamber, letter.district.number) for letter in letters})
        html = render_to_string("policy/actions/letters_pdf.html", {
            "language": language,
            "site_name": site_name(),
            "office": office,
            "addressee": legislator_title(letters[0].chamber, legislator.name, language)
            if letters else legislator.name,
            "about": campaign_about(campaign, language),
            "districts": [district_label(c, n, language) for c, n in districts],
            "letters": [letter_context(letter, letter.submission) for letter in letters],
            "today": timezone.localdate(),
        })
    return HTML(string=html).write_pdf()
