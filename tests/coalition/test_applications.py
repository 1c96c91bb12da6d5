"""The membership review queue: who may decide, what the applicant receives, the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import MembershipApplication, Organization, Person
from alianza.coalition.services.membership import membership_apply

# Decisions email the applicant after the transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "coalition-applications"
ROSA = "rosa@familias-unidas.example.org"


def apply(organization_name: str, contact_name: str, email: str, *,
          language: str = "es", mission: str = "Organizamos a familias inmigrantes.",
          ) -> MembershipApplication:
    organization = Organization.objects.create(name=organization_name, kind="parent_group")
    contact = Person.objects.create(name=contact_name, email=email, preferred_language=language)
    contact.affiliations.create(organization=organization, title="Directora")
    membership_apply(organization=organization, contact=contact, mission_alignment=mission,
                     is_nonprofit=True, language=language, source="test")
    return MembershipApplication.objects.get(organization=organization)


@pytest.fixture
def application(db) -> MembershipApplication:
    return apply("Familias Unidas por la Educación", "Rosa Castillo", ROSA)


def detail_url(application: MembershipApplication) -> str:
    return reverse("coalition-application-detail", args=[application.pk])


def decide(client, application, **data):
    return client.post(detail_url(application), {"action": "decide", **data})


def refresh(application: MembershipApplication) -> MembershipApplication:
    return MembershipApplication.objects.select_related("organization").get(pk=application.pk)


# Access -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    for url in [reverse(QUEUE), detail_url(application)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_leads_and_member_contacts_can_neither_see_nor_decide(request, persona, application,
                                                              smtp_server):
    client = request.getfixturevalue(persona)

    assert client.get(reverse(QUEUE)).status_code == 403
    assert client.get(detail_url(application)).status_code == 403
    assert decide(client, application, decision="approve").status_code == 403
    assert refresh(application).status == MembershipApplication.Status.PENDING
    assert smtp_server.messages == []


def test_anonymous_decisions_are_not_carried_out(client, application, smtp_server):
    response = decide(client, application, decision="approve")

    assert response.status_code == 302
    assert refresh(application).status == MembershipApplication.Status.PENDING
    assert smtp_server.messages == []


def test_staff_who_may_only_view_applications_cannot_decide(client, django_user_model,
                                                            application):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", "v@example.org", "x",
                                                   is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_membershipapplication"))
    client.force_login(viewer)

    assert client.get(detail_url(application)).status_code == 200
    assert decide(client, application, decision="approve").status_code == 403
    assert refresh(application).status == MembershipApplication.Status.PENDING


def test_staff_without_the_permission_are_refused(client, django_user_model, application):
    clerk = django_user_model.objects.create_user("clerk", "c@example.org", "x", is_staff=True)
    client.force_login(clerk)

    assert client.get(reverse(QUEUE)).status_code == 403


# The queue ----------------------------------------------------------------------------


def test_the_queue_lists_pending_applications_oldest_first(staff_client, application):
    newer = apply("Padres en Acción", "Luis Ortega", "luis@example.org", language="en",
                  mission="We train parent leaders.")
    MembershipApplication.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - timedelta(days=3))

    page = staff_client.get(reverse(QUEUE)).content.decode()

    assert page.index("Familias Unidas por la Educación") < page.index("Padres en Acción")
    assert ROSA in page and "Rosa Castillo" in page
    assert "Organizamos a familias inmigrantes." in page
    assert "We train parent leaders." in page
    assert newer.organization.name in page


def test_decided_applications_appear_only_under_their_filter(staff_client, application):
    declined = apply("Otra Organización", "Ana Ruiz", "ana@example.org")
    decide(staff_client, declined, decision="decline", reason="Outside our region.")

    pending = staff_client.get(reverse(QUEUE)).content.decode()
    declined_page = staff_client.get(reverse(QUEUE), {"status": "declined"}).content.decode()
    approved_page = staff_client.get(reverse(QUEUE), {"status": "approved"}).content.decode()

    assert "Familias Unidas" in pending and "Otra Organización" not in pending
    assert "Otra Organización" in declined_page and "Familias Unidas" not in declined_page
    assert "Otra Organización" not in approved_page


def test_an_unknown_filter_falls_back_to_the_pending_queue(staff_client, application):
    response = staff_client.get(reverse(QUEUE), {"status": "<script>", "page": "x"})

    assert response.status_code == 200
    assert "Familias Unidas" in response.content.decode()


def test_an_unknown_application_is_not_found(staff_client, application):
    url = reverse("coalition-application-detail", args=[application.pk + 1000])

    assert staff_client.get(url).status_code == 404


# Decisions ----------------------------------------------------------------------------


def test_approving_makes_a_member_and_emails_the_applicant_in_spanish(staff_client, application,
                                                                     smtp_server, staff_user):
    response = decide(staff_client, application, decision="approve")

    assert response.status_code == 302
    application = refresh(application)
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == staff_user
    assert application.organization.membership_status == Organization.Membership.MEMBER
    assert application.organization.member_since == timezone.localdate()
    [message] = smtp_server.to(ROSA)
    assert message["To"] == ROSA
    assert message["Content-Language"] == "es"
    # A long Spanish subject is folded; some Python versions read it back with two spaces
    # where the line was folded.
    assert "Familias Unidas por la Educación" in " ".join(message["Subject"].split())
    body = smtp_server.body(message)
    assert "Rosa Castillo" in body and "Hello" not in body
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="es">' in html
    page = staff_client.get(response["Location"]).content.decode()
    assert ROSA in page  # the confirmation names who was emailed


def test_declining_sends_the_reason_to_the_applicant(staff_client, application, smtp_server):
    reason = "Solo aceptamos organizaciones del condado de Los Ángeles."

    response = decide(staff_client, application, decision="decline", reason=f"  {reason}  ")

    assert response.status_code == 302
    application = refresh(application)
    assert application.status == MembershipApplication.Status.DECLINED
    assert application.decision_reason == reason
    assert application.organization.membership_status == Organization.Membership.DECLINED
    [message] = smtp_server.to(ROSA)
    assert message["Content-Language"] == "es"
    assert reason in smtp_server.body(message)


def test_an_english_speaking_applicant_gets_english(staff_client, smtp_server):
    application = apply("Parents United", "Pat Lee", "pat@example.org", language="en")

    decide(staff_client, application, decision="approve")

    [message] = smtp_server.to("pat@example.org")
    assert message["Content-Language"] == "en"
    assert "Hello Pat Lee," in smtp_server.body(message)


def test_declining_without_a_reason_is_refused_and_nothing_is_sent(staff_client, application,
                                                                  smtp_server):
    response = decide(staff_client, application, decision="decline", reason="   ")

    assert response.status_code == 400
    assert "Please give a reason when declining an application." in response.content.decode()
    assert refresh(application).status == MembershipApplication.Status.PENDING
    assert smtp_server.messages == []


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}, {"decision": "approve",
                                                              "reason": "x" * 3001}])
def test_malformed_decisions_are_refused_without_an_error_page(staff_client, application,
                                                               smtp_server, data):
    response = decide(staff_client, application, **data)

    assert response.status_code == 400
    assert refresh(application).status == MembershipApplication.Status.PENDING
    assert smtp_server.messages == []


def test_a_second_decision_is_refused_with_a_clear_message(staff_client, application,
                                                          smtp_server):
    decide(staff_client, application, decision="approve")

    again = decide(staff_client, application, decision="approve")
    changed_mind = decide(staff_client, application, decision="decline", reason="No.")

    assert again.status_code == 302 and changed_mind.status_code == 302
    page = staff_client.get(again["Location"]).content.decode()
    assert "This application has already been decided." in page
    assert refresh(application).status == MembershipApplication.Status.APPROVED
    assert len(smtp_server.to(ROSA)) == 1


# Status history -----------------------------------------------------------------------


def test_staff_can_mark_a_member_as_lapsed_and_see_the_whole_history(staff_client, application,
                                                                     smtp_server):
    decide(staff_client, application, decision="approve", reason="Bienvenidos.")

    response = staff_client.post(detail_url(application), {
        "action": "status", "status-status": "lapsed", "status-reason": "Dues unpaid for 2025.",
    })

    assert response.status_code == 302
    organization = refresh(application).organization
    assert organization.membership_status == Organization.Membership.LAPSED
    history = list(organization.status_history.values_list("from_status", "to_status"))
    assert history == [("none", "applied"), ("applied", "member"), ("member", "lapsed")]
    page = staff_client.get(detail_url(application)).content.decode()
    assert "Dues unpaid for 2025." in page
    for label in ["Applied", "Member", "Lapsed"]:
        assert label in page


def test_marking_a_member_as_withdrawn_needs_a_reason(staff_client, application, smtp_server):
    decide(staff_client, application, decision="approve")

    response = staff_client.post(detail_url(application), {
        "action": "status", "status-status": "withdrawn", "status-reason": "",
    })

    assert response.status_code == 400
    assert refresh(application).organization.membership_status == "member"


def test_a_stale_status_form_cannot_lapse_an_organization_that_is_not_a_member(
    staff_client, application
):
    response = staff_client.post(detail_url(application), {
        "action": "status", "status-status": "lapsed", "status-reason": "Dues unpaid.",
    }, follow=True)

    assert "Only a current member can be marked as lapsed or withdrawn." in (
        response.content.decode())
    assert refresh(application).organization.membership_status == "applied"


def test_the_status_form_offers_only_lapsed_or_withdrawn(staff_client, application,
                                                         smtp_server):
    decide(staff_client, application, decision="approve")

    response = staff_client.post(detail_url(application), {
        "action": "status", "status-status": "none", "status-reason": "Testing.",
    })

    assert response.status_code == 400
    assert refresh(application).organization.membership_status == "member"
