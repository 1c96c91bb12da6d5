"""Exceptions to the site's Content-Security-Policy, one decorator for Django 6 and 5.2."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings


def inline_styles_allowed(view: Callable) -> Callable:
    """For pages that show an email's HTML in a sandboxed ``srcdoc`` frame.

    Such a frame inherits the page's policy, and emails must carry their styles inline
    (mail programs drop style sheets). Scripts stay forbidden: the frame is sandboxed.
    """
    style_src = [*settings.CSP_POLICY["style-src"], "'unsafe-inline'"]
    if settings.HAS_BUILTIN_CSP:
        from django.views.decorators.csp import csp_override

        return csp_override({**settings.CSP_POLICY, "style-src": style_src})(view)
    from csp.decorators import csp_replace

    return csp_replace({"style-src": style_src})(view)
