from django.shortcuts import render


def survey_list(request):
    return render(request, "listening/survey_list.html", {"surveys": []})
