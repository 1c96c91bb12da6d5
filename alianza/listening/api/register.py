"""Mounting the listening app's OSDI resources (called from ``ListeningConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def api_register() -> None:
    from alianza.core.osdi import (
        osdi_family_permissions_register,
        osdi_resource_register,
    )
    from alianza.listening.api.questions import router

    osdi_family_permissions_register(
        family="questions", read=("listening.view_survey",),
        write=("listening.change_survey",))

    osdi_resource_register(name="questions", family="questions", router=router,
                           title=_("Questions"), order=70)
