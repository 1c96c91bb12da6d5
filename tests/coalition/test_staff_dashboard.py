"""The staff dashboard: who may see it, and whether its figures are right."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    MembershipApplication,
    MembershipStatusChange,
    Organization,
    Person,
    Signature,
    Statement,
    StatementText,
    StatementVersion,
)
from alianza.coalition.selectors_staff import month_starts
from alianza.coalition.services.membership import membership_apply, membership_status_set

pytestmark = pytest.mark.django_db

DASHBOARD = "coalition-staff-dashboard"


def months_ago(count: int) -> datetime:
    """Noon on the 15th of the month ``count`` months before this one, in local time."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - count
    return timezone.make_aware(datetime(index // 12, index % 12 + 1, 15, 12))


def sign(statement: Statement, email: str, *, status: str = "confirmed", listed: bool = False,
         confirmed_at: datetime | None = None) -> Signature:
    person = Person.objects.create(name=email.split("@")[0], email=email)
    return Signature.objects.create(
        statement=statement, version=statement.versions.first(), person=person, status=status,
        listed=listed, language="en", source="test",
        confirmed_at=confirmed_at if status == "confirmed" else None,
    )


def become_member(name: str, *, when: datetime | None = None) -> Organization:
    organization = Organization.objects.create(name=name, kind="nonprofit")
    change = membership_status_set(organization=organization, status="member")
    if when:
        MembershipStatusChange.objects.filter(pk=change.pk).update(changed_at=when)
    return organization


def test_anonymous_visitors_are_sent_to_log_in(client):
    url = reverse(DASHBOARD)
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_people_without_staff_rights_are_refused(request, persona):
    client = request.getfixturevalue(persona)

    response = client.get(reverse(DASHBOARD))

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_staff_see_the_dashboard_with_links_to_their_tools(staff_client):
    response = staff_client.get(reverse(DASHBOARD))

    assert response.status_code == 200
    page = response.content.decode()
    for name in ["coalition-applications", "coalition-my-workgroups", "coalition-imports",
                 "admin:index"]:
        assert f'href="{reverse(name)}"' in page


def test_dashboard_figures_count_what_they_say(staff_client, statement, workgroup):
    other = Statement.objects.create(slug="family-engagement")
    version = StatementVersion.objects.create(statement=other, number=1)
    StatementText.objects.create(version=version, language="en", title="Family Engagement",
                                 body="Families lead.")
    this_month, two_months_ago = months_ago(0), months_ago(2)
    sign(statement, "a@example.org", listed=True, confirmed_at=this_month)
    sign(statement, "b@example.org", listed=True, confirmed_at=this_month)
    sign(statement, "c@example.org", confirmed_at=two_months_ago)
    sign(statement, "old@example.org", confirmed_at=months_ago(14))  # outside the chart
    sign(statement, "p1@example.org", status="pending")
    sign(statement, "p2@example.org", status="pending")
    sign(statement, "w@example.org", status="withdrawn")
    sign(other, "d@example.org", confirmed_at=this_month)

    become_member("Members Now")
    become_member("Members Earlier", when=months_ago(3))
    lapsed = become_member("Lapsed Later", when=months_ago(3))
    membership_status_set(organization=lapsed, status="lapsed", reason="Dues unpaid")
    for name in ["Applicant One", "Applicant Two"]:
        applicant = Person.objects.create(name=name, email=f"{name.split()[1]}@example.org")
        membership_apply(organization=Organization.objects.create(name=name), contact=applicant,
                         mission_alignment="Aligned.", is_nonprofit=True, language="en",
                         source="test")
    MembershipApplication.objects.filter(organization__name="Applicant Two").update(
        status=MembershipApplication.Status.DECLINED)
    for email in ["p1@example.org", "p2@example.org"]:
        workgroup.memberships.create(person=Person.objects.get(email=email), language="en",
                                     status="confirmed")
    workgroup.memberships.create(person=Person.objects.get(email="w@example.org"),
                                 language="en")  # pending: not counted

    figures = staff_client.get(reverse(DASHBOARD)).context["figures"]

    assert figures.confirmed_signatures == 5
    assert figures.waiting_confirmation == 0  # pending signature rows are not requests
    assert figures.members == 2
    assert figures.pending_applications == 1
    by_statement = {row.slug: row for row in figures.statements}
    assert (by_statement["statement-of-agreement"].confirmed,
            by_statement["statement-of-agreement"].listed,
            by_statement["statement-of-agreement"].pending) == (4, 2, 0)
    assert by_statement["family-engagement"].confirmed == 1
    assert [(w.slug, w.size) for w in figures.workgroups] == [("policy", 2)]
    assert len(figures.months) == 12
    assert figures.months[-1].month == timezone.localdate().replace(day=1)
    series = {m.month: (m.signatures, m.members) for m in figures.months}
    assert series[this_month.date().replace(day=1)] == (3, 1)
    assert series[two_months_ago.date().replace(day=1)] == (1, 0)
    assert series[months_ago(3).date().replace(day=1)] == (0, 2)
    assert sum(m.signatures for m in figures.months) == 4


def test_the_chart_comes_with_a_table_of_the_same_figures(staff_client, statement):
    sign(statement, "a@example.org", confirmed_at=months_ago(0))

    page = staff_client.get(reverse(DASHBOARD)).content.decode()

    assert page.count('role="img"') == 2
    assert "<svg" in page and "<table" in page
    month = timezone.localtime(months_ago(0)).strftime("%B %Y")
    assert f'<th scope="row">{month}</th><td class="number">1</td><td class="number">0</td>' in page


def test_the_dashboard_speaks_spanish(staff_client):
    with translation.override("es"):
        url = reverse(DASHBOARD)

    response = staff_client.get(url)

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_months_run_oldest_first_across_the_new_year():
    months = month_starts(count=12, today=date(2025, 3, 31))

    assert months[0] == date(2024, 4, 1)
    assert months[-1] == date(2025, 3, 1)
    assert all(b - a <= timedelta(days=31) for a, b in zip(months, months[1:], strict=False))


def test_staff_need_the_dashboard_permission_to_see_its_figures(client, django_user_model):
    # Being staff is not a right in itself: every staff page names the permission it needs.
    user = django_user_model.objects.create_user("clerk", "clerk@example.org", "x", is_staff=True)
    assert not Permission.objects.filter(user=user).exists()
    client.force_login(user)
    assert client.get(reverse(DASHBOARD)).status_code == 403

    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(reverse(DASHBOARD)).status_code == 200
