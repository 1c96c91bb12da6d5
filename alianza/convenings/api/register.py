"""Mounting the convenings app's OSDI resources (called from ``ConveningsConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def api_register() -> None:
    from alianza.convenings.api.events import people_router, router
    from alianza.core.osdi import (
        osdi_family_permissions_register,
        osdi_resource_register,
        osdi_router_register,
    )

    osdi_family_permissions_register(
        family="events", read=("convenings.view_event", "convenings.view_registration"),
        write=("convenings.change_event", "convenings.add_registration"))

    osdi_resource_register(name="events", family="events", router=router,
                           title=_("Events"), order=40)
    osdi_router_register(prefix="people", family="events", router=people_router)
