"""Events, registrations and attendance in the full site export."""

from __future__ import annotations

from alianza.core.site_export import site_export_register_models


def register() -> None:
    from alianza.convenings import models as m

    # Registration.token (the link to manage a registration) is left out as a secret.
    site_export_register_models(
        m.Event, m.EventText, m.Event.hosts.through, m.Event.resources.through, m.Question,
        m.Registration, m.ReminderSent, order=300,
    )
