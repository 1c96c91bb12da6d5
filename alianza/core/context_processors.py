from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alianza.core.site import site_name


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": SimpleLazyObject(site_name)}
