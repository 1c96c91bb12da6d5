"""Readable, translated names of the rule criteria in a run's reasons summary."""

from django.utils.translation import gettext_lazy as _

CRITERIA = {
    "ltel_el": _("LTEL: English learner"),
    "ltel_grade": _("LTEL: grade 6–12"),
    "ltel_us_years": _("LTEL: years in US schools"),
    "ltel_eld": _("LTEL: same or lower ELPAC level in consecutive prior years"),
    "ltel_ela": _("LTEL: prior-year ELA Standard Not Met"),
    "at_risk_el": _("At risk: English learner"),
    "at_risk_grade": _("At risk: grade in range"),
    "at_risk_us_years": _("At risk: years in US schools"),
    "at_risk_eld": _("At risk: prior-year ELPAC intermediate or below"),
    "at_risk_ela": _("At risk: ELA Standard Not Met"),
    "dash_ltel_el": _("Dashboard LTEL: English learner"),
    "dash_ltel_grade": _("Dashboard LTEL: grade counted"),
    "dash_ltel_years": _("Dashboard LTEL: years since first classified"),
    "dash_ltel_not_proficient": _("Dashboard LTEL: never reached ELPAC level 4"),
    "rfep_el": _("Reclassification: English learner"),
    "rfep_elpac": _("Reclassification: latest Summative ELPAC overall level 4"),
    "rfep_teacher": _("Reclassification: teacher evaluation"),
    "rfep_parent": _("Reclassification: parent consultation"),
    "rfep_basic_skills": _("Reclassification: basic skills"),
    "rfep_monitoring_period": _("Monitoring: within the four-year period"),
    "seal_en_coursework": _("Seal, English: ELA coursework"),
    "seal_en_caaspp": _("Seal, English: CAASPP ELA grade 11 Met or above"),
    "seal_en_ap_ib": _("Seal, English: AP 3+ or IB 4+"),
    "seal_en_sat": _("Seal, English: SAT EBRW 480+"),
    "seal_lang_ap": _("Seal, other language: AP 3+"),
    "seal_lang_ib": _("Seal, other language: IB 4+"),
    "seal_lang_courses": _("Seal, other language: four years of study, GPA 3.0, oral"),
    "seal_lang_district_exam": _("Seal, other language: district exam"),
    "seal_lang_sat2": _("Seal, other language: SAT II 600+"),
    "seal_lang_alternative": _("Seal, other language: alternative evidence"),
    "seal_el_elpac": _("Seal: English learner shows ELPAC proficiency"),
}
SCOPES = {"students": _("students"), "seal": _("students and languages")}
STATUS_LABELS = {
    "met": _("Met"),
    "not_met": _("Not met"),
    "skipped": _("Skipped: test result missing, not held against the student"),
    "missing": _("Missing data: not flagged"),
    "not_applicable": _("Not applicable"),
}
