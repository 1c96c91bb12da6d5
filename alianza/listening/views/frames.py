"""Staff page for a frame test's results: per outcome, a table per frame, for everyone or
for one audience segment, with the plain-language summary."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from alianza.core.access import staff_required
from alianza.listening.frames.page import (
    audience_choices,
    audience_parse,
    results_page,
)
from alianza.listening.models import Survey
from alianza.listening.models.surveys import text_in
from alianza.listening.selectors.frames import (
    assigned_counts,
    frame_test_for_staff,
    segment_values,
)


@staff_required("listening.view_survey")
def frame_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = Survey.objects.filter(pk=survey_id).prefetch_related("texts").first()
    if survey is None:
        raise Http404
    test = frame_test_for_staff(survey)
    known = segment_values(survey)
    audience = audience_parse(request.GET.get("segment"), known)
    groups, family = results_page(test, audience)
    counts = assigned_counts(survey)
    return render(request, "listening/staff/frames/results.html", {
        "survey": survey, "title": survey.text(), "test": test, "groups": groups,
        "family": family, "audience": audience, "choices": audience_choices(known),
        "responses": sum(counts.values()),
        "frames": [(text_in(frame.title) or frame.key, frame.is_control,
                    counts.get(frame.pk, 0)) for frame in test.frames],
    })
