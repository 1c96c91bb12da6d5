"""Mounting the policy app's OSDI resources (called from ``PolicyConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def api_register() -> None:
    from alianza.core.osdi import (
        osdi_family_permissions_register,
        osdi_resource_register,
        osdi_router_register,
    )
    from alianza.policy.api.advocacy_campaigns import people_router, router

    osdi_family_permissions_register(
        family="advocacy_campaigns", read=("policy.view_actioncampaign",),
        write=("policy.change_actioncampaign",))

    osdi_resource_register(name="advocacy_campaigns", family="advocacy_campaigns",
                           router=router, title=_("Advocacy campaigns"), order=50)
    osdi_router_register(prefix="people", family="advocacy_campaigns", router=people_router)
