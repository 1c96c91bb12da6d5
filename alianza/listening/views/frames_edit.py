"""Staff pages that write a frame test's frames: the list, add and edit, move and delete.

Every change goes through ``services.frames_edit``, which refuses it once anyone has been
assigned a frame; the list then shows the frames read-only and says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.listening.forms_frames import FrameForm
from alianza.listening.frames.assign import FramesFrozenError, frames_frozen, survey_frames
from alianza.listening.models import Frame, Survey
from alianza.listening.models.surveys import text_in
from alianza.listening.services.frames_edit import (
    FrameEditError,
    frame_missing_languages,
    frame_move,
    frame_remove,
    frame_write,
)


def _frame_test(survey_id: int) -> Survey:
    survey = get_object_or_404(Survey.objects.prefetch_related("texts"), pk=survey_id)
    if survey.kind != Survey.Kind.FRAMES:
        raise Http404
    return survey


def _frame(survey: Survey, frame_id: int) -> Frame:
    return get_object_or_404(Frame.objects.select_related("survey"), pk=frame_id,
                             survey=survey)


def _back(survey_id: int, anchor: str = "") -> HttpResponse:
    response = redirect("listening-staff-frames", survey_id)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _survey_title(survey: Survey) -> str:
    text = survey.text()
    return text.title if text else survey.slug


@staff_required("listening.view_frame")
def frame_list(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _frame_test(survey_id)
    languages = list(survey.languages)
    frames = survey_frames(survey)
    rows = [{
        "frame": frame, "first": index == 0, "last": index == len(frames) - 1,
        "name": text_in(frame.title) or frame.key,
        "texts": [(code, (frame.title or {}).get(code, ""), (frame.text or {}).get(code, ""))
                  for code in languages],
        "missing": frame_missing_languages(frame, languages),
    } for index, frame in enumerate(frames)]
    return render(request, "listening/staff/frames/list.html", {
        "survey": survey, "title": _survey_title(survey), "rows": rows,
        "frozen": frames_frozen(survey), "has_control": any(f.is_control for f in frames),
        "published": survey.current_version_id is not None,
    })


@require_http_methods(["GET", "POST"])
@staff_required("listening.add_frame")
def frame_new(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _frame_page(request, _frame_test(survey_id), None)


@require_http_methods(["GET", "POST"])
@staff_required("listening.change_frame")
def frame_edit(request: HttpRequest, survey_id: int, frame_id: int) -> HttpResponse:
    survey = _frame_test(survey_id)
    return _frame_page(request, survey, _frame(survey, frame_id))


def _frame_page(request: HttpRequest, survey: Survey, frame: Frame | None) -> HttpResponse:
    if frames_frozen(survey):
        messages.error(request, _("Respondents have already been shown these frames, so they "
                                  "can no longer be added, changed or removed."))
        return _back(survey.pk)
    form = FrameForm(request.POST or None, survey=survey, frame=frame)
    if request.method == "POST" and form.is_valid():
        try:
            frame = frame_write(survey=survey, frame=frame, **form.service_fields())
        except FrameEditError as error:
            form.add_error(error.field, str(error))
        except FramesFrozenError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The frame “%(key)s” was saved.") % {"key": frame.key})
            return _back(survey.pk, f"frame-{frame.pk}")
    return render(request, "listening/staff/frames/edit.html", {
        "survey": survey, "title": _survey_title(survey), "frame": frame, "form": form},
        status=400 if form.errors else 200)


@require_POST
@staff_required("listening.delete_frame")
def frame_delete_view(request: HttpRequest, survey_id: int, frame_id: int) -> HttpResponse:
    frame = _frame(_frame_test(survey_id), frame_id)
    try:
        frame_remove(frame=frame)
    except FramesFrozenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The frame “%(key)s” was deleted.") % {"key": frame.key})
    return _back(survey_id)


@require_POST
@staff_required("listening.change_frame")
def frame_reorder(request: HttpRequest, survey_id: int, frame_id: int) -> HttpResponse:
    frame = _frame(_frame_test(survey_id), frame_id)
    try:
        frame_move(frame=frame, step=-1 if request.POST.get("direction") == "up" else 1)
    except FramesFrozenError as error:
        messages.error(request, str(error))
    return _back(survey_id, f"frame-{frame.pk}")
