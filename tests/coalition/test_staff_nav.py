"""The staff menu offers only the pages the person may open; rosters follow the permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from alianza.core import roles

pytestmark = pytest.mark.django_db


def menu_for(client, django_user_model, role: str) -> str:
    user = django_user_model.objects.create_user(role.split()[0].lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    response = client.get(reverse("coalition-staff-dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('class="staff-nav"'):html.index("</nav>", html.index("staff-nav"))]


def test_analysts_are_offered_the_data_pages_and_not_contacts_or_email(client, django_user_model):
    menu = menu_for(client, django_user_model, roles.DATA_ANALYST)
    assert reverse("evidence-staff-runs") in menu
    assert reverse("evidence-staff-datasets") in menu
    for hidden in ["coalition-imports", "coalition-organizations", "outreach-staff-mailings"]:
        assert reverse(hidden) not in menu


def test_outreach_staff_are_offered_email_and_not_imports(client, django_user_model):
    menu = menu_for(client, django_user_model, roles.OUTREACH)
    assert reverse("outreach-staff-mailings") in menu
    assert reverse("coalition-imports") not in menu
    assert reverse("evidence-staff-runs") not in menu


def test_coalition_staff_are_offered_membership_and_imports(client, django_user_model):
    menu = menu_for(client, django_user_model, roles.COALITION_STAFF)
    for shown in ["coalition-applications", "coalition-organizations", "coalition-imports"]:
        assert reverse(shown) in menu
    assert reverse("outreach-staff-mailings") not in menu


def test_staff_without_the_roster_permission_lead_only_their_own_workgroups(
        django_user_model, workgroup, other_workgroup):
    from alianza.coalition.selectors import workgroups_led_by

    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    workgroup.leads.add(clerk)
    assert list(workgroups_led_by(clerk)) == [workgroup]
    clerk.groups.add(Group.objects.get(name=roles.COALITION_STAFF))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    assert set(workgroups_led_by(clerk)) == {workgroup, other_workgroup}
