from django.urls import path

from alianza.policy.views import bills, bills_alerts

# "alerts/" comes before the bill pattern, whose first part is any session identifier.
urlpatterns = [
    path("", bills.bill_list, name="policy-bills"),
    path("alerts/<str:token>/", bills_alerts.member_preferences, name="policy-bill-alerts"),
    path("<str:session>/<str:slug>/", bills.bill_detail, name="policy-bill"),
]
