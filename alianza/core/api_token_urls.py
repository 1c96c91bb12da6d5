from django.urls import path

from alianza.core import api_token_views as views

urlpatterns = [
    path("staff/api-tokens/", views.token_list, name="core-api-tokens"),
    path("staff/api-tokens/new/", views.token_create, name="core-api-token-new"),
    path("staff/api-tokens/<int:pk>/", views.token_detail, name="core-api-token"),
    path("staff/api-tokens/<int:pk>/revoke/", views.token_revoke, name="core-api-token-revoke"),
]
