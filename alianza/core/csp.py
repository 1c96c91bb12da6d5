"""Exceptions to the site's Content-Security-Policy, one decorator for Django 6 and 5.2."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings


def email_preview_policy(view: Callable) -> Callable:
    """For pages that show an email's HTML in a sandboxed ``srcdoc`` frame.

    Such a frame inherits the page's policy, and emails must carry their styles inline
    (mail programs drop style sheets) and may show images from the coalition's own site or
    elsewhere, as recipients will see them. Scripts stay forbidden: the frame is sandboxed.
    """
    changes = {
        "style-src": [*settings.CSP_POLICY["style-src"], "'unsafe-inline'"],
        "img-src": [*settings.CSP_POLICY["img-src"], "https:"],
    }
    if settings.HAS_BUILTIN_CSP:
        from django.views.decorators.csp import csp_override

        return csp_override({**settings.CSP_POLICY, **changes})(view)
    from csp.decorators import csp_replace

    return csp_replace(changes)(view)
