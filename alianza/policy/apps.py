from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "alianza.policy"
    label = "policy"
    verbose_name = _("Policy")
    nav_links = [(25, "policy-index", _("Policy"))]
