from django.urls import path

from alianza.evidence.views import public, runs, staff

urlpatterns = [
    path("", public.index, name="evidence-index"),
    path("search/", public.search, name="evidence-search"),
    path("sources/", public.sources, name="evidence-sources"),
    path("state/", public.entity, {"level": "state"}, name="evidence-state"),
    path("state/<slug:slug>.csv", public.table_csv, {"level": "state"},
         name="evidence-state-csv"),
    path("county/<str:code>/", public.entity, {"level": "county"}, name="evidence-county"),
    path("district/<str:code>/", public.entity, {"level": "district"},
         name="evidence-district"),
    path("school/<str:code>/", public.entity, {"level": "school"}, name="evidence-school"),
    path("<str:level>/<str:code>/<slug:slug>.csv", public.table_csv, name="evidence-csv"),
    path("staff/datasets/", staff.datasets, name="evidence-staff-datasets"),
    path("staff/uploads/<int:pk>/", staff.upload_detail, name="evidence-staff-upload"),
    path("staff/uploads/<int:pk>/discard/", staff.upload_discard,
         name="evidence-staff-upload-discard"),
    path("staff/runs/", runs.run_list, name="evidence-staff-runs"),
    path("staff/runs/<int:pk>/", runs.run_detail, name="evidence-staff-run"),
    path("staff/runs/<int:pk>/publish/", runs.run_publish, name="evidence-staff-run-publish"),
    path("staff/runs/<int:pk>/discard/", runs.run_discard, name="evidence-staff-run-discard"),
    path("staff/runs/<int:pk>/aggregates.csv", runs.run_csv, name="evidence-staff-run-csv"),
]
