from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "alianza.evidence"
    label = "evidence"
    verbose_name = _("Evidence")
    nav_links = [(40, "evidence-index", _("English-learner data"))]
    home_sections = [(40, "evidence/_home_include.html")]
