from django.urls import path

from alianza.coalition.views import (
    imports,
    public,
    signing,
    staff,
    staff_duplicates,
    staff_organizations,
)

urlpatterns = [
    path("about/", public.about, name="coalition-about"),
    path("join/", signing.join, name="coalition-join"),
    path("statements/<slug:slug>/", signing.statement_detail, name="coalition-statement"),
    path("statements/<slug:slug>/signatories/", signing.signatories,
         name="coalition-statement-signatories"),
    path("signatories/", signing.signatories, name="coalition-signatories"),
    path("confirm/<str:token>/", signing.confirm, name="coalition-confirm"),
    path("withdraw/<str:token>/", signing.withdraw, name="coalition-withdraw"),
    path("members/", public.members, name="coalition-members"),
    path("workgroups/", public.workgroups, name="coalition-workgroups"),
    path("workgroups/<slug:slug>/join/", public.workgroup_signup,
         name="coalition-workgroup-signup"),
    # Staff and workgroup leads
    path("staff/", staff.dashboard, name="coalition-staff-dashboard"),
    path("staff/organizations/", staff_organizations.organization_list,
         name="coalition-organizations"),
    path("staff/organizations/<int:pk>/", staff_organizations.organization_detail,
         name="coalition-organization-detail"),
    path("staff/organizations/duplicates/", staff_duplicates.duplicate_list,
         name="coalition-organization-duplicates"),
    path("staff/organizations/<int:pk>/merge/<int:other>/",
         staff_duplicates.organization_merge_view, name="coalition-organization-merge"),
    path("staff/applications/", staff.applications, name="coalition-applications"),
    path("staff/applications/<int:pk>/", staff.application_detail,
         name="coalition-application-detail"),
    path("workgroups/mine/", staff.my_workgroups, name="coalition-my-workgroups"),
    path("workgroups/<slug:slug>/roster/", staff.roster, name="coalition-workgroup-roster"),
    path("workgroups/<slug:slug>/roster.csv", staff.roster_csv,
         name="coalition-workgroup-roster-csv"),
    # Contact import (CSV/XLSX)
    path("staff/imports/", imports.import_list, name="coalition-imports"),
    path("staff/imports/<int:pk>/", imports.import_detail, name="coalition-import-detail"),
    path("staff/imports/<int:pk>/progress/", imports.import_progress,
         name="coalition-import-progress"),
]
