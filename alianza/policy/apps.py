from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "alianza.policy"
    label = "policy"
    verbose_name = _("Policy")
    nav_links = [
        (25, "policy-index", _("Our agenda"), _("Policy")),
        (26, "policy-bills", _("Bills we're tracking"), _("Policy")),
        (27, "policy-legislators", _("Legislators"), _("Policy")),
    ]
    staff_links = [
        (50, "policy-staff-bills", _("Bills"), "policy.view_bill", "bills", _("Policy")),
        (51, "policy-staff-agendas", _("Agenda"), "policy.view_agenda", "agenda", _("Policy")),
        (52, "policy-staff-legislators", _("Legislators"), "policy.view_legislator",
         "legislators", _("Policy")),
        (53, "policy-staff-meetings", _("Meetings"), "policy.view_meeting", "meetings",
         _("Policy")),
        (54, "policy-staff-campaigns", _("Action alerts"), "policy.view_actioncampaign",
         "campaigns", _("Policy")),
    ]

    def ready(self) -> None:
        from alianza.policy import site_export

        site_export.register()

        from alianza.core.people import person_merge_register
        from alianza.core.privacy import person_data_register
        from alianza.policy import people_merge, people_timeline, signals
        from alianza.policy.privacy_actions import actions_erase, actions_export
        from alianza.policy.privacy_alerts import bill_alerts_erase, bill_alerts_export
        from alianza.policy.privacy_meetings import meetings_erase, meetings_export

        signals.connect()
        from alianza.policy.api.register import api_register

        api_register()
        person_data_register("policy-meetings", export=meetings_export, erase=meetings_erase)
        person_data_register("policy-bill-alerts", export=bill_alerts_export,
                             erase=bill_alerts_erase)
        person_data_register("policy-actions", export=actions_export, erase=actions_erase)
        people_timeline.register()
        person_merge_register("policy", people_merge.policy_merge,
                              models=people_merge.MODELS)
