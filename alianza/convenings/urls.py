from django.urls import include, path

# Staff pages first: the public patterns include catch-all slugs.
urlpatterns = [
    path("staff/", include("alianza.convenings.urls_staff")),
    path("", include("alianza.convenings.urls_public")),
]
