from django.urls import path

from alianza.policy.views import agenda

urlpatterns = [
    path("", agenda.index, name="policy-index"),
    path("agenda/", agenda.agenda_list, name="policy-agendas"),
    path("agenda/<slug:slug>.pdf", agenda.agenda_pdf, name="policy-agenda-pdf"),
    path("agenda/<slug:slug>/", agenda.agenda_detail, name="policy-agenda"),
]
