from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "alianza.policy"
    label = "policy"
    verbose_name = _("Policy")
    nav_links = [(25, "policy-index", _("Policy"))]

    def ready(self) -> None:
        from alianza.core.privacy import person_data_register
        from alianza.policy import signals
        from alianza.policy.privacy_actions import actions_erase, actions_export
        from alianza.policy.privacy_alerts import bill_alerts_erase, bill_alerts_export
        from alianza.policy.privacy_meetings import meetings_erase, meetings_export

        signals.connect()
        person_data_register("policy-meetings", export=meetings_export, erase=meetings_erase)
        person_data_register("policy-bill-alerts", export=bill_alerts_export,
                             erase=bill_alerts_erase)
        person_data_register("policy-actions", export=actions_export, erase=actions_erase)
