from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "alianza.listening"
    label = "listening"
    verbose_name = _("Listening")
    nav_links = [
        (30, "listening-surveys", _("Surveys")),
    ]
    staff_links = [
        (60, "listening-staff-surveys", _("Surveys"), "listening.view_survey", "surveys",
         _("Listening")),
    ]
