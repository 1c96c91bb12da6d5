"""Alerts about tracked bills: who is told, in which language, how often, and never twice.

These run with real commits so the task queued on commit runs, as in production; the
outbox rows are what the mail server would be handed."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alianza.coalition.models import Consent, Workgroup
from alianza.core.models import OutboundEmail
from alianza.outreach.models import Suppression
from alianza.policy.models import AlertPreference, AlertSent, BillChange
from alianza.policy.services.alerts import (
    alert_token,
    alerts_send_digests,
    alerts_send_immediate,
    last_digest_moment,
)
from alianza.policy.services.tracker import bill_action_add, hearing_add
from tests.policy import factories_d as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

TODAY = datetime.date(2024, 5, 1)


@pytest.fixture
def group(db) -> Workgroup:
    from alianza.coalition.models import WorkgroupText

    group = Workgroup.objects.create(slug="policy")
    WorkgroupText.objects.create(workgroup=group, language="en", name="Policy Workgroup")
    return group


@pytest.fixture
def bill(group):
    return f.bill_create("AB 1947", workgroup=group, short_title_en="Funding for English learners",
                         short_title_es="Fondos para estudiantes de inglés")


def _emails(to: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=to).order_by("pk"))


def _backdate_changes(hours: int = 30) -> None:
    """As if the changes had come in yesterday, before the daily email's hour."""
    BillChange.objects.update(created_at=timezone.now() - datetime.timedelta(hours=hours))


def test_followers_who_want_it_at_once_are_told_in_their_own_language(bill, group):
    staff = f.policy_staff("ana")
    AlertPreference.objects.create(user=staff, frequency="immediate")
    rosa = f.member_create(group, "rosa@example.org", language="es-MX")
    AlertPreference.objects.create(person=rosa, frequency="immediate")

    bill_action_add(bill=bill, date=TODAY, description="Referred to Com. on ED.")

    [english] = _emails("ana@example.org")
    assert english.language == "en" and english.kind == "transactional"
    assert english.subject == "AB 1947: news on a bill we follow"
    assert "Referred to Com. on ED." in english.body_text
    assert "Funding for English learners" in english.body_text
    assert "/en/policy/bills/20232024/ab-1947/" in english.body_text
    assert "/en/policy/staff/bills/alerts/" in english.body_text
    [spanish] = _emails("rosa@example.org")
    assert spanish.language == "es"
    assert spanish.subject == "AB 1947: novedades de un proyecto de ley que seguimos"
    assert "Hola, Rosa Castillo:" in spanish.body_text
    assert "Fondos para estudiantes de inglés" in spanish.body_text
    assert "Nueva acción: Referred to Com. on ED." in spanish.body_text
    # The token's signed part names Rosa; its timestamp may be a second older than now.
    payload = alert_token(person_id=rosa.pk, email=rosa.email).split(":")[0]
    assert re.search(rf"/es/policy/bills/alerts/{re.escape(payload)}:[\w-]+:[\w-]+/",
                     spanish.body_text)
    assert AlertSent.objects.count() == 2


def test_daily_followers_get_one_email_with_the_days_changes_from_the_tick(bill, group):
    f.policy_staff("ana")  # no preference: daily
    rosa = f.member_create(group, "rosa@example.org", language="es")
    bill_action_add(bill=bill, date=TODAY, description="Referred to Com. on ED.")
    hearing_add(bill=bill, body="Assembly Education Committee", location="Room 1100",
                starts_at=timezone.make_aware(datetime.datetime(2024, 5, 15, 13, 30)))
    assert not OutboundEmail.objects.exists()

    _backdate_changes()
    out = StringIO()
    call_command("policy_tick", stdout=out)
    call_command("policy_tick", stdout=StringIO())

    assert "bill alerts: TickResult(immediate=0, daily=2)" in out.getvalue()
    [digest] = _emails("rosa@example.org")
    assert digest.subject == "Resumen diario: novedades de los proyectos de ley que seguimos"
    assert "Referred to Com. on ED." in digest.body_text
    assert "Audiencia programada: Assembly Education Committee · 13:30 · Room 1100" in \
        digest.body_text
    assert digest.body_text.index("Referred") < digest.body_text.index("Audiencia")
    assert AlertSent.objects.filter(person=rosa, frequency="daily").count() == 2
    [english] = _emails("ana@example.org")
    assert english.subject == "Daily summary: news on the bills we follow"
    assert english.language == "en"


def test_the_daily_email_goes_once_a_day_and_later_news_waits_for_the_next(bill, group):
    rosa = f.member_create(group, "rosa@example.org")
    bill_action_add(bill=bill, date=TODAY, description="First news.")
    _backdate_changes()
    now = timezone.now()
    assert alerts_send_digests(now=now) == 1
    bill_action_add(bill=bill, date=TODAY, description="Second news.")
    assert alerts_send_digests(now=now + datetime.timedelta(minutes=5)) == 0
    assert len(_emails(rosa.email)) == 1
    next_day = last_digest_moment(now) + datetime.timedelta(days=1, minutes=1)
    assert alerts_send_digests(now=next_day) == 1
    second = _emails(rosa.email)[1]
    assert "Second news." in second.body_text and "First news." not in second.body_text


def test_a_change_is_never_told_twice_to_one_inbox(bill, group):
    staff = f.policy_staff("ana", email="ana@example.org")
    AlertPreference.objects.create(user=staff, frequency="immediate")
    # The same address is also on the workgroup's roster, with another choice.
    member = f.member_create(group, "ana@example.org", language="es", name="Ana")
    AlertPreference.objects.create(person=member, frequency="daily")

    bill_action_add(bill=bill, date=TODAY, description="Passed the Assembly.")
    alerts_send_immediate()
    _backdate_changes()
    alerts_send_digests(now=timezone.now())
    call_command("policy_tick", stdout=StringIO())

    assert len(_emails("ana@example.org")) == 1
    assert AlertSent.objects.count() == 1


def test_switching_from_daily_to_immediate_does_not_repeat_what_the_digest_told(bill, group):
    rosa = f.member_create(group, "rosa@example.org")
    bill_action_add(bill=bill, date=TODAY, description="Old news.")
    _backdate_changes()
    alerts_send_digests(now=timezone.now())
    AlertPreference.objects.create(person=rosa, frequency="immediate")
    bill_action_add(bill=bill, date=TODAY, description="New news.")
    alerts_send_immediate()
    bodies = [e.body_text for e in _emails(rosa.email)]
    assert len(bodies) == 2 and "Old news." not in bodies[1] and "New news." in bodies[1]


def test_people_who_should_not_hear_are_not_told(bill, group, django_user_model):
    other = Workgroup.objects.create(slug="grassroots")
    f.member_create(group, "pending@example.org", confirmed=False)
    f.member_create(other, "elsewhere@example.org")
    off = f.member_create(group, "off@example.org")
    AlertPreference.objects.create(person=off, frequency="off")
    f.member_create(group, "bounced@example.org")
    Suppression.objects.create(address="bounced@example.org", reason="hard-bounce")
    stopped = f.member_create(group, "stopped@example.org")
    Consent.objects.create(person=stopped, kind="email", scope="all", granted=False,
                           wording="Stop all email", language="en", source="preferences")
    django_user_model.objects.create_superuser("root", "root@example.org")
    f.member_create(group, "rosa@example.org")
    bill_action_add(bill=bill, date=TODAY, description="Referred.")
    _backdate_changes()
    alerts_send_digests(now=timezone.now())
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["rosa@example.org"]


def test_untracked_bills_and_news_older_than_a_membership_are_not_told(bill, group):
    untracked = f.bill_create("SB 5", tracked=False, workgroup=group)
    rosa = f.member_create(group, "rosa@example.org")
    AlertPreference.objects.create(person=rosa, frequency="immediate")
    BillChange.objects.create(bill=untracked, kind="action", occurred_on=TODAY,
                              description="Untracked news.")
    BillChange.objects.create(bill=bill, kind="action", occurred_on=TODAY,
                              description="Before she joined.")
    newcomer = f.member_create(group, "new@example.org", joined_days_ago=0)
    AlertPreference.objects.create(person=newcomer, frequency="immediate")
    BillChange.objects.filter(description="Before she joined.").update(
        created_at=timezone.now() - datetime.timedelta(hours=2))
    alerts_send_immediate()
    assert [e.to for e in OutboundEmail.objects.all()] == ["rosa@example.org"]
    assert "Untracked news." not in OutboundEmail.objects.get().body_text


def test_changes_recorded_by_an_import_are_swept_up_by_the_tick(bill):
    staff = f.policy_staff("ana")
    AlertPreference.objects.create(user=staff, frequency="immediate")
    BillChange.objects.create(bill=bill, kind="vote", occurred_on=TODAY,
                              description="Assembly Floor: 62 yes, 10 no.")
    call_command("policy_tick", stdout=StringIO())
    [email] = _emails("ana@example.org")
    assert "Vote: Assembly Floor: 62 yes, 10 no." in email.body_text


def test_a_member_chooses_how_often_through_the_link_in_the_email(bill, group):
    rosa = f.member_create(group, "rosa@example.org")
    token = alert_token(person_id=rosa.pk, email=rosa.email)
    client = Client()
    page = client.get(f"/es/policy/bills/alerts/{token}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Hola, Rosa Castillo." in page.content.decode()
    saved = client.post(f"/es/policy/bills/alerts/{token}/", {"frequency": "immediate"})
    assert "Guardado." in saved.content.decode()
    assert AlertPreference.objects.get(person=rosa).frequency == "immediate"
    bad = client.post(f"/es/policy/bills/alerts/{token}/", {"frequency": "hourly"})
    assert bad.status_code == 400
    assert AlertPreference.objects.get(person=rosa).frequency == "immediate"


def test_a_forged_or_outdated_link_changes_nothing(bill, group):
    rosa = f.member_create(group, "rosa@example.org")
    token = alert_token(person_id=rosa.pk, email=rosa.email)
    client = Client()
    forged = client.post(f"/en/policy/bills/alerts/{token[:-2]}xx/", {"frequency": "off"})
    assert forged.status_code == 404 and "This link does not work" in forged.content.decode()
    rosa.email = "rosa.new@example.org"
    rosa.save()
    assert client.post(f"/en/policy/bills/alerts/{token}/",
                       {"frequency": "off"}).status_code == 404
    assert not AlertPreference.objects.exists()


def test_staff_set_their_own_choice_and_staff_without_the_role_cannot(bill, django_user_model):
    ana = f.policy_staff("ana")
    client = Client()
    client.force_login(ana)
    page = client.get("/en/policy/staff/bills/alerts/").content.decode()
    assert 'value="daily"' in page and "checked" in page
    client.post("/en/policy/staff/bills/alerts/", {"frequency": "off"})
    assert AlertPreference.objects.get(user=ana).frequency == "off"
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", is_staff=True)
    other = Client()
    other.force_login(clerk)
    assert other.post("/en/policy/staff/bills/alerts/",
                      {"frequency": "immediate"}).status_code == 403
    assert not AlertPreference.objects.filter(user=clerk).exists()
    bill_action_add(bill=bill, date=TODAY, description="Referred.")
    alerts_send_immediate()
    _backdate_changes()
    alerts_send_digests(now=timezone.now())
    assert not OutboundEmail.objects.exists()
