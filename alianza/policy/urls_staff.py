from django.urls import include, path

urlpatterns = [
    path("bills/", include("alianza.policy.urls_staff_bills")),
    path("legislators/", include("alianza.policy.urls_staff_legislators")),
    path("meetings/", include("alianza.policy.urls_staff_meetings")),
    path("campaigns/", include("alianza.policy.urls_staff_actions")),
    path("agenda/", include("alianza.policy.urls_staff_agenda")),
]
