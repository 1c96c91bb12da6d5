from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alianza.core.registry import nav_menu
from alianza.core.site import site_name
from alianza.core.two_factor import pending_step


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": SimpleLazyObject(site_name),
        # "verify" or "enrol" while a logged-in person still owes a second factor: the menus
        # then offer nothing that would only lead back to the code page.
        "nav_menu": SimpleLazyObject(nav_menu),
        "second_factor_step": SimpleLazyObject(lambda: pending_step(request) or ""),
    }
