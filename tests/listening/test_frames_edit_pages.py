"""Writing a frame test's frames, as staff do it: list, add, edit, move, delete; one control
at most; nothing changes once respondents have been assigned; who may do what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alianza.core.roles import OUTREACH
from alianza.listening.frames.assign import frame_assign, survey_frames
from alianza.listening.models import Frame, Survey

from .builder_personas import member_of
from .factories import frame_survey, needs_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return member_of(django_user_model)


@pytest.fixture
def survey():
    return frame_survey(frames=2)


def frame_data(key: str, **extra) -> dict:
    data = {"key": key, "title_en": f"{key} title", "title_es": f"título {key}",
            "text_en": f"The {key} message.", "text_es": f"El mensaje {key}."}
    data.update(extra)
    return data


def reader(django_user_model, *codenames: str) -> Client:
    """Staff holding only the named listening permissions."""
    user = django_user_model.objects.create_user("reader", "reader@example.org", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="listening",
                                                         codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_each_frame_with_its_key_control_badge_and_wording(staff, survey):
    Frame.objects.filter(survey=survey, key="f1").update(title={"en": "Frame 1"},
                                                          text={"en": "Message 1."})
    page = staff.get(reverse("listening-staff-frames", args=[survey.pk])).content.decode()
    assert "control" in page and "f1" in page
    assert "Marco 0" in page and "Mensaje 0." in page and "Frame 1" in page
    assert "Spanish missing" in page
    assert reverse("listening-staff-frame-new", args=[survey.pk]) in page


def test_the_survey_overview_links_to_the_frames_of_a_frame_test_only(staff, survey):
    page = staff.get(reverse("listening-staff-survey", args=[survey.pk])).content.decode()
    assert reverse("listening-staff-frames", args=[survey.pk]) in page
    assert "This frame test has 2 frames." in page
    needs = needs_survey()
    page = staff.get(reverse("listening-staff-survey", args=[needs.pk])).content.decode()
    assert "/frames/edit/" not in page


def test_a_needs_assessment_has_no_frames_page(staff):
    needs = needs_survey()
    assert staff.get(reverse("listening-staff-frames", args=[needs.pk])).status_code == 404


def test_staff_add_a_frame_at_the_end_with_its_wording_per_language(staff, survey):
    response = staff.post(reverse("listening-staff-frame-new", args=[survey.pk]),
                          frame_data("fairness"))
    assert response.status_code == 302
    frames = survey_frames(survey)
    assert [frame.key for frame in frames] == ["control", "f1", "fairness"]
    added = frames[-1]
    assert added.position == 2 and not added.is_control
    assert added.title == {"en": "fairness title", "es": "título fairness"}
    assert added.text == {"en": "The fairness message.", "es": "El mensaje fairness."}


def test_a_second_control_frame_is_refused_with_a_clear_message(staff, survey):
    response = staff.post(reverse("listening-staff-frame-new", args=[survey.pk]),
                          frame_data("neutral", is_control="on"))
    assert response.status_code == 400
    assert "“control” is already the control frame" in response.content.decode()
    assert not Frame.objects.filter(survey=survey, key="neutral").exists()
    assert list(Frame.objects.filter(survey=survey, is_control=True)
                .values_list("key", flat=True)) == ["control"]


def test_the_control_can_be_handed_over_once_the_old_one_is_unticked(staff, survey):
    control, other = survey_frames(survey)
    staff.post(reverse("listening-staff-frame-edit", args=[survey.pk, control.pk]),
               frame_data("control"))
    response = staff.post(reverse("listening-staff-frame-edit", args=[survey.pk, other.pk]),
                          frame_data("f1", is_control="on"))
    assert response.status_code == 302
    assert list(Frame.objects.filter(survey=survey, is_control=True)
                .values_list("key", flat=True)) == ["f1"]


def test_a_key_already_taken_or_not_a_slug_is_refused(staff, survey):
    url = reverse("listening-staff-frame-new", args=[survey.pk])
    taken = staff.post(url, frame_data("f1"))
    assert taken.status_code == 400 and "already named “f1”" in taken.content.decode()
    bad = staff.post(url, frame_data("two words"))
    assert bad.status_code == 400
    assert Frame.objects.filter(survey=survey).count() == 2


def test_a_frame_without_any_message_is_refused(staff, survey):
    response = staff.post(reverse("listening-staff-frame-new", args=[survey.pk]),
                          frame_data("empty", text_en="", text_es=""))
    assert response.status_code == 400
    assert "Write the message in at least one language." in response.content.decode()


def test_editing_a_frame_keeps_its_place_and_changes_its_wording(staff, survey):
    frame = survey_frames(survey)[1]
    response = staff.post(reverse("listening-staff-frame-edit", args=[survey.pk, frame.pk]),
                          frame_data("hope", text_es="Un mensaje de esperanza."))
    assert response.status_code == 302
    frame.refresh_from_db()
    assert (frame.key, frame.position) == ("hope", 1)
    assert frame.text["es"] == "Un mensaje de esperanza."


def test_frames_move_up_and_down(staff, survey):
    staff.post(reverse("listening-staff-frame-new", args=[survey.pk]), frame_data("third"))
    third = Frame.objects.get(survey=survey, key="third")
    move = reverse("listening-staff-frame-move", args=[survey.pk, third.pk])
    staff.post(move, {"direction": "up"})
    assert [f.key for f in survey_frames(survey)] == ["control", "third", "f1"]
    staff.post(move, {"direction": "up"})
    staff.post(move, {"direction": "up"})  # already first: nothing happens
    assert [f.key for f in survey_frames(survey)] == ["third", "control", "f1"]
    staff.post(move, {"direction": "down"})
    assert [(f.key, f.position) for f in survey_frames(survey)] == [
        ("control", 0), ("third", 1), ("f1", 2)]


def test_deleting_a_frame_closes_the_gap(staff, survey):
    staff.post(reverse("listening-staff-frame-new", args=[survey.pk]), frame_data("third"))
    f1 = Frame.objects.get(survey=survey, key="f1")
    response = staff.post(reverse("listening-staff-frame-delete", args=[survey.pk, f1.pk]))
    assert response.status_code == 302
    assert [(f.key, f.position) for f in survey_frames(survey)] == [
        ("control", 0), ("third", 1)]


def test_once_someone_is_assigned_the_frames_are_shown_read_only(staff, survey):
    frame_assign(survey=survey)
    control, other = survey_frames(survey)
    page = staff.get(reverse("listening-staff-frames", args=[survey.pk])).content.decode()
    assert "can no longer be added, changed, moved or removed" in page
    assert "Mensaje 0." in page
    assert reverse("listening-staff-frame-new", args=[survey.pk]) not in page
    assert reverse("listening-staff-frame-edit", args=[survey.pk, other.pk]) not in page
    assert reverse("listening-staff-frame-delete", args=[survey.pk, other.pk]) not in page


def test_once_someone_is_assigned_no_frame_can_be_added_changed_moved_or_deleted(staff, survey):
    frame_assign(survey=survey)
    control, other = survey_frames(survey)
    before = list(Frame.objects.filter(survey=survey).values())
    add = staff.post(reverse("listening-staff-frame-new", args=[survey.pk]),
                     frame_data("late"), follow=True)
    assert "can no longer be added, changed or removed" in add.content.decode()
    staff.post(reverse("listening-staff-frame-edit", args=[survey.pk, other.pk]),
               frame_data("renamed"))
    staff.post(reverse("listening-staff-frame-move", args=[survey.pk, other.pk]),
               {"direction": "up"})
    deleted = staff.post(reverse("listening-staff-frame-delete", args=[survey.pk, other.pk]),
                         follow=True)
    assert "can no longer be added, changed or removed" in deleted.content.decode()
    assert list(Frame.objects.filter(survey=survey).values()) == before


def test_staff_who_may_only_view_frames_see_them_without_buttons(django_user_model, survey):
    client = reader(django_user_model, "view_survey", "view_frame")
    frame = survey_frames(survey)[1]
    page = client.get(reverse("listening-staff-frames", args=[survey.pk])).content.decode()
    assert "Mensaje 0." in page
    assert reverse("listening-staff-frame-edit", args=[survey.pk, frame.pk]) not in page
    assert client.get(reverse("listening-staff-frame-new", args=[survey.pk])).status_code == 403
    assert client.post(reverse("listening-staff-frame-edit", args=[survey.pk, frame.pk]),
                       frame_data("x")).status_code == 403
    assert client.post(reverse("listening-staff-frame-move", args=[survey.pk, frame.pk]),
                       {"direction": "up"}).status_code == 403
    assert client.post(reverse("listening-staff-frame-delete",
                               args=[survey.pk, frame.pk])).status_code == 403
    assert Frame.objects.filter(survey=survey).count() == 2


def test_other_staff_and_visitors_are_kept_out(django_user_model, survey):
    outreach = member_of(django_user_model, OUTREACH)
    url = reverse("listening-staff-frames", args=[survey.pk])
    assert outreach.get(url).status_code == 403
    assert Client().get(url).status_code == 302
    frame = survey_frames(survey)[0]
    assert outreach.post(reverse("listening-staff-frame-delete",
                                 args=[survey.pk, frame.pk])).status_code == 403
    assert Frame.objects.filter(pk=frame.pk).exists()


def test_the_pages_speak_spanish(django_user_model, survey):
    staff = member_of(django_user_model, language="es")
    with translation.override("es"):
        frames_url = reverse("listening-staff-frames", args=[survey.pk])
        new_url = reverse("listening-staff-frame-new", args=[survey.pk])
    page = staff.get(frames_url).content.decode()
    assert "Agregar un marco" in page
    form = staff.get(new_url).content.decode()
    assert "Este es el marco de control" in form


def test_a_survey_of_another_kind_or_a_frame_of_another_test_is_not_found(staff, survey):
    other = frame_survey("frames-other", frames=2)
    foreign = survey_frames(other)[0]
    url = reverse("listening-staff-frame-edit", args=[survey.pk, foreign.pk])
    assert staff.get(url).status_code == 404
    assert Survey.objects.get(pk=other.pk).frames.count() == 2
