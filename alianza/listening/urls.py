"""Addresses: public surveys at /<lang>/surveys/, staff pages at /<lang>/staff/surveys/.

Each part of the module keeps its own URL file; this one only gathers them.
"""

from django.urls import include, path

urlpatterns = [
    path("surveys/", include("alianza.listening.urls_public")),
    path("staff/surveys/", include("alianza.listening.urls_staff")),
]
