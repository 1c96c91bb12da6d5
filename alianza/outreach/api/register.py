"""Mounting the outreach app's OSDI resources (called from ``OutreachConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def api_register() -> None:
    from alianza.core.osdi import (
        osdi_family_permissions_register,
        osdi_helper_register,
        osdi_resource_register,
    )
    from alianza.outreach.api import lists, messages, people, tags

    messages.register()
    osdi_family_permissions_register(
        family="people", read=("coalition.view_person",),
        write=("coalition.change_person",))
    osdi_resource_register(name="people", family="people", router=people.router,
                           title=_("The collection of people in the system"), order=10)
    osdi_family_permissions_register(
        family="tags", read=("outreach.view_tag",),
        write=("outreach.change_tag",))
    osdi_resource_register(name="tags", family="tags", router=tags.router,
                           title=_("The collection of tags in the system"), order=20)
    osdi_family_permissions_register(
        family="lists", read=("outreach.view_mailinglist",),
        write=("outreach.change_mailinglist",))
    osdi_resource_register(name="lists", family="lists", router=lists.router,
                           title=_("The collection of lists in the system"), order=30)
    # Action Network's signup helper is a POST to the people collection.
    osdi_helper_register(name="person_signup_helper", family="people", path="people",
                         title=_("Person signup helper"))
