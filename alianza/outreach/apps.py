from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "alianza.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    nav_links = [(14, "outreach-signup", _("Email updates"), _("The coalition"))]
    staff_links = [(30, "outreach-staff-mailings", _("Email"), "outreach.view_mailing", "email")]

    def ready(self) -> None:
        from alianza.outreach import site_export

        site_export.register()

        from alianza.core.people import person_merge_register
        from alianza.core.privacy import person_data_register
        from alianza.outreach import people_merge, people_timeline
        from alianza.outreach.privacy import outreach_erase, outreach_export

        person_data_register("outreach", export=outreach_export, erase=outreach_erase)
        people_timeline.register()
        person_merge_register("outreach", people_merge.outreach_merge,
                              models=people_merge.MODELS)
        from alianza.outreach.people_filters import register_people_parts

        register_people_parts()

        from alianza.core.import_hooks import import_hook_register
        from alianza.outreach.imports import IMPORT_HOOK

        import_hook_register(IMPORT_HOOK)

        from alianza.coalition.services.signing import join_applied_register
        from alianza.outreach.services.join_tags import join_tags_add

        join_applied_register(join_tags_add)

        from alianza.outreach.api.register import api_register

        api_register()
