"""The findings of one survey: figures, open answers and themes, exports, and the brief."""

from django.urls import path

from alianza.listening.views import findings, findings_brief, findings_exports, findings_text

urlpatterns = [
    path("", findings.findings_page, name="listening-staff-findings"),
    path("figures.csv", findings_exports.figures_csv, name="listening-staff-findings-figures"),
    path("answers/", findings_text.answers_page, name="listening-staff-findings-answers"),
    path("themes/add/", findings_text.theme_add, name="listening-staff-findings-theme-add"),
    path("answers/<int:answer_id>/themes/<int:theme_id>/", findings_text.answer_tag,
         name="listening-staff-findings-answer-tag"),
    path("responses.csv", findings_exports.responses_csv,
         name="listening-staff-findings-responses-csv"),
    path("responses.xlsx", findings_exports.responses_xlsx_download,
         name="listening-staff-findings-responses-xlsx"),
    path("codebook.csv", findings_exports.codebook_csv,
         name="listening-staff-findings-codebook-csv"),
    path("brief/", findings_brief.brief_edit, name="listening-staff-findings-brief"),
    path("brief/<str:language>.pdf", findings_brief.brief_pdf_view,
         name="listening-staff-findings-brief-pdf"),
    path("brief/publish/", findings_brief.brief_publish,
         name="listening-staff-findings-brief-publish"),
]
