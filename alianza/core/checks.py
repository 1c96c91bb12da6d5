"""System checks for the settings that keep the site safe (``manage.py check --deploy``)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security)
def trusted_proxies_are_addresses(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for entry in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(checks.Error(
                f"TRUSTED_PROXIES holds {entry!r}, which is not an IP address or network.",
                hint="List the proxies' addresses or CIDR ranges, e.g. 10.0.0.5,10.1.0.0/16.",
                id="alianza.E001",
            ))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def production_protections_are_on(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    warnings = []
    if not settings.REQUIRE_2FA_FOR_SUPERUSERS:
        warnings.append(checks.Warning(
            "Superusers can log in without a second factor.",
            hint="Unset REQUIRE_2FA_FOR_SUPERUSERS (it is on whenever DEBUG is off).",
            id="alianza.W001",
        ))
    backend = settings.CACHES.get(getattr(settings, "RATELIMIT_USE_CACHE", "default"), {})
    if backend.get("BACKEND") in PER_PROCESS_CACHES:
        warnings.append(checks.Warning(
            "Rate limits and lockouts are counted per process, so each worker allows the "
            "full rate.",
            hint="Set REDIS_URL, or leave CACHES to the database cache.",
            id="alianza.W002",
        ))
    return warnings
