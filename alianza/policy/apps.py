from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "alianza.policy"
    label = "policy"
    verbose_name = _("Policy")
    nav_links = [(25, "policy-index", _("Policy"))]

    def ready(self) -> None:
        from alianza.core.privacy import person_data_register
        from alianza.policy.privacy_actions import actions_erase, actions_export

        person_data_register("policy_actions", export=actions_export, erase=actions_erase)
