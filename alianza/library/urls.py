from django.urls import include, path

# Staff pages first: the public patterns include catch-all slugs.
urlpatterns = [
    path("staff/", include("alianza.library.urls_staff")),
    path("", include("alianza.library.urls_extra")),
    path("", include("alianza.library.urls_public")),
]
