from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "alianza.evidence"
    label = "evidence"
    verbose_name = _("Evidence")
    nav_links = [(40, "evidence-index", _("English-learner data"))]
    staff_links = [
        (60, "evidence-staff-datasets", _("Public data files"), "evidence.import_dataset",
         "datasets", _("Data")),
        (61, "evidence-staff-runs", _("Student files"), "evidence.run_student_rules", "runs",
         _("Data")),
    ]
    home_sections = [(40, "evidence/_home_include.html")]
    home_section_namespaces = ["evidence"]

    def ready(self) -> None:
        from alianza.evidence import page_cache

        page_cache.connect()
