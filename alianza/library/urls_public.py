from django.urls import path
from django.views.generic import TemplateView

# Replaced by the app's public pages.
urlpatterns = [
    path("", TemplateView.as_view(template_name="core/404.html"), name="library-index"),
]
