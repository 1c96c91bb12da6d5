"""Staff pages of the survey builder, under /<lang>/staff/surveys/."""

from django.urls import path

from alianza.listening.views import builder, builder_edit, builder_xlsform

urlpatterns = [
    path("", builder.survey_list, name="listening-staff-surveys"),
    path("new/", builder.survey_new, name="listening-staff-survey-new"),
    path("import/", builder_xlsform.xlsform_import, name="listening-staff-survey-import"),
    path("<int:survey_id>/", builder.survey_overview, name="listening-staff-survey"),
    path("<int:survey_id>/settings/", builder.survey_settings,
         name="listening-staff-survey-settings"),
    path("<int:survey_id>/draft/", builder.survey_draft_start,
         name="listening-staff-survey-draft"),
    path("<int:survey_id>/publish/", builder.survey_publish_view,
         name="listening-staff-survey-publish"),
    path("<int:survey_id>/status/", builder.survey_status,
         name="listening-staff-survey-status"),
    path("<int:survey_id>/preview/", builder_xlsform.survey_preview,
         name="listening-staff-survey-preview"),
    path("<int:survey_id>/import/", builder_xlsform.xlsform_import,
         name="listening-staff-survey-import-into"),
    path("<int:survey_id>/export/<int:number>/", builder_xlsform.xlsform_export,
         name="listening-staff-survey-export"),
    path("<int:survey_id>/sections/new/", builder_edit.section_form,
         name="listening-staff-section-new"),
    path("<int:survey_id>/sections/<int:section_id>/", builder_edit.section_form,
         name="listening-staff-section-edit"),
    path("<int:survey_id>/sections/<int:section_id>/delete/", builder_edit.section_remove,
         name="listening-staff-section-delete"),
    path("<int:survey_id>/sections/<int:section_id>/move/", builder_edit.section_reorder,
         name="listening-staff-section-move"),
    path("<int:survey_id>/sections/<int:section_id>/questions/new/",
         builder_edit.question_form, name="listening-staff-question-new"),
    path("<int:survey_id>/questions/<int:question_id>/", builder_edit.question_form,
         name="listening-staff-question-edit"),
    path("<int:survey_id>/questions/<int:question_id>/delete/", builder_edit.question_remove,
         name="listening-staff-question-delete"),
    path("<int:survey_id>/questions/<int:question_id>/move/", builder_edit.question_reorder,
         name="listening-staff-question-move"),
]
