"""Responses for the findings tests, recorded the way respondents' answers are."""


from __future__ import annotations

from alianza.listening.models import Survey
from alianza.listening.services.responses import response_record, version_questions


def record_many(survey: Survey, count: int, answers: dict, *, language: str = "en",
                respondent_type: str = "", partner=None) -> None:
    version = survey.current_version
    questions = version_questions(version)
    for _index in range(count):
        response_record(version=version, answers=answers, language=language,
                        respondent_type=respondent_type, partner=partner,
                        questions=questions)


def staff_member(django_user_model, username: str, *, groups=(), perms=()):
    """A staff member in ``groups`` (role names) with extra ``perms`` ("app.codename")."""
    from django.contrib.auth.models import Group, Permission

    from alianza.core.roles import role_groups_sync

    role_groups_sync()
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw",
                                                 is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app,
                                                         codename=codename))
    return user
