"""Lists, subscriptions, mailings and their reports in the full site export."""

from __future__ import annotations

from alianza.core.site_export import file_names, site_export_register, site_export_register_models


def register() -> None:
    from alianza.outreach import models as m

    site_export_register_models(
        m.MailingList, m.MailingListText, m.Subscription, m.Tag, m.Tag.people.through,
        m.Suppression, m.Segment, m.Mailing, m.MailingContent, m.Delivery, m.MailingEvent,
        m.EmailTemplate, m.WelcomeStep, order=100,
    )
    site_export_register(model=m.MailingImage, order=120,
                         files=file_names(m.MailingImage, "file"))
