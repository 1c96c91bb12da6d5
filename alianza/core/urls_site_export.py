from django.urls import path

from alianza.core import views_site_export as views

urlpatterns = [
    path("", views.site_export_page, name="core-site-export"),
    path("<int:pk>/progress/", views.site_export_progress, name="core-site-export-progress"),
    path("<int:pk>/retry/", views.site_export_retry, name="core-site-export-retry"),
    path("<int:pk>/download/", views.site_export_download, name="core-site-export-download"),
]
