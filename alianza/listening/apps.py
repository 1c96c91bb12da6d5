from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "alianza.listening"
    label = "listening"
    verbose_name = _("Listening")
    nav_links = [
        (30, "listening-surveys", _("Surveys")),
    ]
    home_sections = [(30, "listening/home/_section.html")]
    # The home page's open surveys (core/page_cache.py); answers change nothing there.
    home_section_namespaces = ["listening"]
    staff_links = [
        (60, "listening-staff-surveys", _("Surveys"), "listening.view_survey", "surveys",
         _("Listening")),
    ]

    def ready(self) -> None:
        from alianza.listening import site_export

        site_export.register()

        from alianza.core.page_cache import bump_on_changes
        from alianza.core.people import person_merge_register
        from alianza.core.privacy import person_data_register
        from alianza.listening import people_merge, people_timeline
        from alianza.listening.privacy import survey_contacts_erase, survey_contacts_export

        person_data_register("listening-survey-contacts", export=survey_contacts_export,
                             erase=survey_contacts_erase)
        people_timeline.register()
        person_merge_register("listening", people_merge.listening_merge,
                              models=people_merge.MODELS)
        from alianza.listening.people_filters import register_people_parts

        register_people_parts()
        from alianza.listening.api.register import api_register

        api_register()
        bump_on_changes("listening", [self.get_model("Survey"), self.get_model("SurveyText"),
                                      self.get_model("SurveyVersion")])
