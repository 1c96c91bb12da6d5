"""Publishing a frame test needs two frames: one alone has nothing to be compared with."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.listening.models import Frame, Survey
from alianza.listening.services.builder import BuilderError, survey_publish
from alianza.listening.services.frames_edit import frame_write
from alianza.listening.services.surveys import version_draft_for

from .builder_personas import member_of
from .factories import frame_survey

pytestmark = pytest.mark.django_db


def one_frame_draft() -> Survey:
    survey = frame_survey("one-frame", frames=1)
    version_draft_for(survey=survey)
    return survey


def test_a_frame_test_with_one_frame_is_not_published():
    survey = one_frame_draft()
    with pytest.raises(BuilderError, match="at least two frames"):
        survey_publish(survey=survey)
    assert survey.versions.filter(published_at__isnull=True).count() == 1


def test_the_publish_button_explains_the_refusal_and_publishes_after_a_second_frame(
        django_user_model):
    survey = one_frame_draft()
    staff = member_of(django_user_model)
    url = reverse("listening-staff-survey-publish", args=[survey.pk])
    page = staff.post(url, follow=True).content.decode()
    assert "A frame test needs at least two frames before publishing" in page
    frame_write(survey=survey, key="hope", title={"en": "Hope", "es": "Esperanza"},
                text={"en": "A message.", "es": "Un mensaje."})
    page = staff.post(url, follow=True).content.decode()
    assert "is published and the survey is open" in page
    assert Frame.objects.filter(survey=survey).count() == 2


def test_the_refusal_is_in_spanish_for_spanish_staff(django_user_model):
    survey = one_frame_draft()
    staff = member_of(django_user_model, language="es")
    with translation.override("es"):
        url = reverse("listening-staff-survey-publish", args=[survey.pk])
    page = staff.post(url, follow=True).content.decode()
    assert "al menos dos marcos" in page


def test_a_needs_assessment_needs_no_frames(django_user_model):
    from .factories import needs_survey

    survey = needs_survey()
    version_draft_for(survey=survey)
    assert survey_publish(survey=survey).number == 2
