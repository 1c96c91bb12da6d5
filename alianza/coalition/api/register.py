"""Mounting the coalition's OSDI resources (called from ``CoalitionConfig.ready()``)."""

from __future__ import annotations


def api_register() -> None:
    from alianza.coalition.api import forms, petitions

    petitions.register()
    forms.register()
