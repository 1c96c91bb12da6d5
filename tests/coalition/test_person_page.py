"""A person's staff page: contact details, organizations, consents with their history,
lists and tags, and a timeline gathered from every module, with staff notes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import Consent, Person, PersonNote
from alianza.coalition.services.people import consent_record
from alianza.coalition.services.person_notes import person_note_add
from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.outreach.models import Delivery, Mailing
from tests.coalition.person_scene import person_with_everything

pytestmark = pytest.mark.django_db


def page_url(person: Person, **query) -> str:
    url = reverse("coalition-person", args=[person.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def scene(statement, workgroup):
    return person_with_everything(email="rosa@example.org", statement=statement,
                                  workgroup=workgroup)


@pytest.fixture
def coalition_staff(client, django_user_model):
    user = django_user_model.objects.create_user("carmen", "carmen@example.org",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name="Coalition staff"))
    client.force_login(user)
    return client


def test_the_page_shows_contact_details_organizations_and_the_language_by_name(
        coalition_staff, scene):
    organization = scene.person.applications.first().organization
    scene.person.affiliations.create(organization=organization, title="Parent leader")

    with translation.override("es"):
        page = coalition_staff.get(page_url(scene.person)).content.decode()
        organization_url = reverse("coalition-organization-detail", args=[organization.pk])
        data_url = reverse("coalition-person-data", args=[scene.person.pk])

    assert "rosa@example.org" in page and "(213) 555-0101" in page
    assert "Español" in page
    assert organization_url in page and data_url in page


def test_consents_show_their_current_state_and_their_history(coalition_staff, scene):
    consent_record(person=scene.person, kind=Consent.Kind.EMAIL, scope="updates",
                   granted=False, wording="Stop sending me news.", language="es",
                   source="preferences")

    page = coalition_staff.get(page_url(scene.person)).content.decode()

    assert "Withdrawn" in page
    assert "Send me the coalition&#x27;s news." in page and "Stop sending me news." in page
    assert "History (2 records)" in page


def test_the_timeline_shows_an_entry_of_every_kind(coalition_staff, scene):
    page = coalition_staff.get(page_url(scene.person)).content.decode()

    for expected in ("Record created", "Signed “Statement of Agreement”",
                     "Consent given: Email updates", "Signed up for the workgroup",
                     "Applied for membership for Familias Unidas a", "Called about the workshop",
                     "Asked to join the list “Coalition news”", "Email sent: March news a",
                     "Hard bounce: March news a", "Registered for “Spring Convening a”",
                     "Attended “Spring Convening a”", "Asked to be contacted about the survey",
                     "Met the office of Al Muratsuchi A"):
        assert expected in page, expected


def test_lists_and_tags_are_shown_in_a_panel(coalition_staff, scene):
    page = coalition_staff.get(page_url(scene.person)).content.decode()

    assert "Coalition news" in page and "Parents a" in page


def test_the_timeline_is_in_the_readers_language(coalition_staff, scene):
    with translation.override("es"):
        page = coalition_staff.get(page_url(scene.person)).content.decode()

    assert "Firmó «Declaración de Acuerdo»" in page or "Declaración de Acuerdo" in page
    assert "Línea de tiempo" in page


def test_the_timeline_can_show_one_kind_only(coalition_staff, scene):
    page = coalition_staff.get(page_url(scene.person, kind="coalition-notes")).content.decode()

    assert "Called about the workshop" in page
    assert "Email sent" not in page


def test_thousands_of_emails_make_a_short_page_with_more_on_request(
        coalition_staff, scene, django_assert_max_num_queries):
    mailings = Mailing.objects.bulk_create(
        Mailing(name=f"Weekly {n}", status=Mailing.Status.SENT) for n in range(3000))
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(mailing=m, person=scene.person, address=scene.person.email, language="es",
                 status=Delivery.Status.SENT, sent_at=now - timezone.timedelta(minutes=n))
        for n, m in enumerate(mailings))

    with django_assert_max_num_queries(80):
        page = coalition_staff.get(page_url(scene.person)).content.decode()

    assert page.count('<li class="timeline-') == 50
    assert page.count('<li class="timeline-email-sent"') > 30
    assert "shown=100" in page
    more = coalition_staff.get(page_url(scene.person, shown=100)).content.decode()
    assert more.count("<li class=\"timeline-") == 100


def test_staff_add_a_note_and_it_appears_on_the_timeline(coalition_staff, scene):
    response = coalition_staff.post(reverse("coalition-person-note-add", args=[scene.person.pk]),
                                    {"body": "Prefers a call in the evening."})

    assert response.status_code == 302
    note = PersonNote.objects.get(body="Prefers a call in the evening.")
    assert note.author.username == "carmen"
    page = coalition_staff.get(response["Location"].split("#")[0]).content.decode()
    assert "Prefers a call in the evening." in page and "Note by carmen" in page


def test_an_empty_note_is_refused_with_a_message_in_the_readers_language(coalition_staff,
                                                                           scene):
    with translation.override("es"):
        response = coalition_staff.post(
            reverse("coalition-person-note-add", args=[scene.person.pk]), {"body": "   "})

    assert response.status_code == 400
    assert "Escriba la nota antes de guardarla." in response.content.decode()


def test_notes_are_in_the_data_download_and_erased_with_the_person(staff_user, scene):
    person_note_add(person=scene.person, author=staff_user, body="Asked for Spanish materials.")

    data = person_data_export(person=scene.person, actor=staff_user, reason="Her request")
    assert "Asked for Spanish materials." in [n["note"] for n in data["staff_notes"]]

    person_erase(person=scene.person, actor=staff_user, reason="Her request",
                 confirmation="rosa@example.org")
    assert not PersonNote.objects.filter(person=scene.person).exists()


def test_an_erased_person_takes_no_notes(staff_user, scene):
    person_erase(person=scene.person, actor=staff_user, reason="Her request",
                 confirmation="rosa@example.org")
    scene.person.refresh_from_db()

    with pytest.raises(Exception, match="erased"):
        person_note_add(person=scene.person, author=staff_user, body="Too late.")


def test_outsiders_and_staff_without_the_right_are_refused(client, django_user_model, scene):
    outsider = django_user_model.objects.create_user("parent", "parent@example.org")
    client.force_login(outsider)
    assert client.get(page_url(scene.person)).status_code == 403
    assert client.post(reverse("coalition-person-note-add", args=[scene.person.pk]),
                       {"body": "x"}).status_code == 403

    reader = django_user_model.objects.create_user("reader", "reader@example.org",
                                                   is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(reader)
    assert client.get(page_url(scene.person)).status_code == 200
    assert client.post(reverse("coalition-person-note-add", args=[scene.person.pk]),
                       {"body": "x"}).status_code == 403
    assert not PersonNote.objects.filter(body="x").exists()


def test_an_unknown_person_is_not_found(coalition_staff):
    assert coalition_staff.get(reverse("coalition-person", args=[999999])).status_code == 404


def test_timeline_entries_link_only_to_pages_the_reader_may_open(client, django_user_model,
                                                                 scene):
    mailing = Mailing.objects.get(name="March news a")
    report = reverse("outreach-staff-mailing-report", args=[mailing.pk])
    reader = django_user_model.objects.create_user("reader", "reader@example.org",
                                                   is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(reader)

    page = client.get(page_url(scene.person)).content.decode()

    assert "Email sent: March news a" in page and "Attended “Spring Convening a”" in page
    assert f'href="{report}"' not in page
    assert client.get(report).status_code == 403  # the link would have been a dead end
    assert "/staff/" not in "".join(  # no timeline link this reader can't follow
        line for line in page.splitlines() if 'class="timeline-title"' in line)

    everyone = django_user_model.objects.create_superuser("admin", "admin@example.org",
                                                          "x" * 12)
    client.force_login(everyone)
    assert f'href="{report}"' in client.get(page_url(scene.person)).content.decode()
