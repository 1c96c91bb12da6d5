"""The policy module's addresses, under /<lang>/policy/. Each part has its own module;
staff pages come first because public patterns include catch-all slugs."""

from django.urls import include, path

urlpatterns = [
    path("staff/", include("alianza.policy.urls_staff")),
    path("bills/", include("alianza.policy.urls_bills")),
    path("legislators/", include("alianza.policy.urls_legislators")),
    path("act/", include("alianza.policy.urls_actions")),
    path("", include("alianza.policy.urls_agenda")),
]
