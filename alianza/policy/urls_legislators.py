from django.urls import path

from alianza.policy.views import legislators

urlpatterns = [
    path("", legislators.legislator_list, name="policy-legislators"),
    path("<int:pk>/", legislators.legislator_detail, name="policy-legislator"),
]
