from django.urls import path

from alianza.core.webhooks import views

urlpatterns = [
    path("", views.endpoint_index, name="core-webhooks"),
    path("new/", views.endpoint_edit, name="core-webhook-new"),
    path("<int:pk>/", views.endpoint_detail, name="core-webhook"),
    path("<int:pk>/edit/", views.endpoint_edit, name="core-webhook-edit"),
    path("<int:pk>/<str:action>/", views.endpoint_action, name="core-webhook-action"),
    path("<int:pk>/deliveries/<int:delivery_id>/retry/", views.delivery_retry,
         name="core-webhook-retry"),
]
