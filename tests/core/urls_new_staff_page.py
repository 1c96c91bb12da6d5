"""A URLconf with one guarded and one forgotten staff page, to prove the persona walk sees it."""

from types import ModuleType

from django.http import HttpResponse
from django.urls import include, path

from alianza.core.access import staff_required


def page(request):
    return HttpResponse("figures")


# Stands for an app's urls.py, which the persona tests recognise by its module name.
area = ModuleType("new_area_urls")
area.urlpatterns = [
    path("staff/guarded/", staff_required("coalition.view_dashboard")(page), name="x-guarded"),
    path("staff/forgotten/", page, name="x-forgotten"),
]
urlpatterns = [path("", include(area))]
