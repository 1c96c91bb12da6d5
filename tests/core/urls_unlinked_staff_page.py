"""The site's URLconf plus one guarded staff page that nothing links to, to prove the
reachability walk notices it."""

from types import ModuleType

from django.http import HttpResponse
from django.urls import include, path

from alianza.core.access import staff_required
from alianza.urls import urlpatterns as site_urlpatterns


def page(request):
    return HttpResponse("<!DOCTYPE html><html lang=\"en\"><title>Forgotten</title></html>")


# Stands for an app's urls.py, which the walk recognises by its module name.
area = ModuleType("unlinked_area_urls")
area.urlpatterns = [
    path("staff/forgotten/", staff_required("coalition.view_dashboard")(page),
         name="x-forgotten"),
]
urlpatterns = [*site_urlpatterns, path("", include(area))]
