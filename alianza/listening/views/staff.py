from django.shortcuts import render

from alianza.core.access import staff_required


@staff_required("listening.view_survey")
def survey_list(request):
    return render(request, "listening/staff/survey_list.html", {"surveys": []})
