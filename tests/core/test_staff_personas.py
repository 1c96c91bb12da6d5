"""Every staff page, visited by every persona: who gets in, who is refused, nothing is cached.

The pages are found by walking the URLconf, not listed by hand, so a new staff page is
covered the day it is added — and fails here if it does not name a permission.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from alianza.coalition.models import (
    ContactImport,
    MembershipApplication,
    Organization,
    Person,
    Workgroup,
    WorkgroupMeeting,
    WorkgroupMembership,
)
from alianza.core.access import ACCESS_ATTRIBUTE, AccessRule
from alianza.core.models import SiteExport
from alianza.core.osdi.tokens import api_token_create
from alianza.core.private_files import private_storage
from alianza.core.roles import ROLES
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint
from alianza.evidence.models import DatasetUpload, StudentRun
from alianza.listening.models import Partner
from alianza.outreach.models import Mailing, MailingList, Segment, Suppression
from tests.convenings.pages import PUBLIC_PAGES as CONVENINGS_PUBLIC_PAGES
from tests.library.pages import PUBLIC_PAGES as LIBRARY_PUBLIC_PAGES
from tests.listening.factories import needs_survey
from tests.listening.pages import PUBLIC_PAGES as LISTENING_PUBLIC_PAGES
from tests.policy.pages import PUBLIC_PAGES as POLICY_PUBLIC_PAGES

pytestmark = pytest.mark.django_db

STAFF_AREAS = ("alianza.coalition.urls", "alianza.outreach.urls", "alianza.evidence.urls",
               "alianza.library.urls", "alianza.convenings.urls", "alianza.policy.urls",
               "alianza.listening.urls", "alianza.core.webhooks.urls",
               "alianza.core.api_token_urls", "alianza.core.urls_site_export")
# Permissions given to no role on purpose (docs/roles.md): only superusers and accounts
# granted them by hand open these pages. The full export is everyone's data at once.
NO_ROLE_PERMISSIONS = {"core.export_site"}

# Pages anyone may open. A page in the staff areas that is neither listed here nor guarded
# fails test_every_page_is_either_public_or_guarded: decide which it is.
PUBLIC_PAGES = {
    "coalition-about", "coalition-join", "coalition-statement",
    "coalition-statement-signatories", "coalition-signatories", "coalition-confirm",
    "coalition-withdraw", "coalition-members", "coalition-workgroups",
    "coalition-workgroup-signup", "coalition-workgroup-thanks", "coalition-workgroup-confirm",
    "coalition-workgroup-joined", "coalition-join-done", "coalition-member-logo",
    "outreach-signup", "outreach-confirm", "outreach-preferences", "outreach-unsubscribe",
    "outreach-open", "outreach-click", "outreach-bounce-webhook", "outreach-signup-done",
    "outreach-confirmed", "outreach-preferences-stopped", "outreach-unsubscribed",
    "outreach-image", "coalition-logo",
    "evidence-index", "evidence-search", "evidence-sources", "evidence-state",
    "evidence-state-csv", "evidence-county", "evidence-district", "evidence-school",
    "evidence-csv",
} | LIBRARY_PUBLIC_PAGES | CONVENINGS_PUBLIC_PAGES | POLICY_PUBLIC_PAGES | (
    LISTENING_PUBLIC_PAGES)
# Pages for workgroup leads, who need not be staff: the roster of a workgroup they lead.
ROSTER_PAGES = {"coalition-workgroup-roster", "coalition-workgroup-roster-csv",
                "coalition-workgroup-roster-remove", "coalition-workgroup-meeting",
                "coalition-workgroup-meeting-cancel",
                "outreach-workgroup-email"}
# The list of one's own workgroups: any signed-in person (it is empty for most).
OWN_PAGES = {"coalition-my-workgroups"}


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    pattern: URLPattern
    rule: AccessRule | None
    # The converters of the includes above the page too (``<int:survey_id>/partners/``).
    converters: tuple = ()

    def __str__(self) -> str:
        return self.name or self.route


def _walk(patterns: list, prefix: str = "", area: str = "",
          converters: tuple = ()) -> Iterator[Page]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_name, "__name__", entry.urlconf_name)
            inner = module if isinstance(module, str) and module in STAFF_AREAS else area
            above = converters + tuple(getattr(entry.pattern, "converters", {}).items())
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner, above)
        elif area:
            rule = getattr(entry.callback, ACCESS_ATTRIBUTE, None)
            yield Page(entry.name or "", prefix + str(entry.pattern), entry, rule,
                       converters + tuple(entry.pattern.converters.items()))


def area_pages() -> list[Page]:
    return list(_walk(get_resolver().url_patterns))


def staff_pages() -> list[Page]:
    return [p for p in area_pages() if p.name not in PUBLIC_PAGES | ROSTER_PAGES | OWN_PAGES]


# One object of each kind, so the right role gets the real page rather than a 404. A page
# about something else gets pk 1: a 404 is that page's normal answer to an unknown object.
@pytest.fixture
def objects(workgroup, django_user_model, settings, tmp_path) -> dict[str, object]:
    settings.DATA_DIR = tmp_path / "data"
    starter = django_user_model.objects.create_user("starter", "starter@example.org",
                                                    is_staff=True)
    organization = Organization.objects.create(name="Familias Unidas")
    contact = Person.objects.create(name="Rosa Castillo", email="rosa@example.org")
    segment = Segment.objects.create(name="Everyone", definition={})
    survey = needs_survey()
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.org/alianza",
                                              events=["signature.confirmed"],
                                              created_by=starter)
    return {
        "import": ContactImport.objects.create(kind="people", original_name="people.csv",
                                               created_by=starter),
        "application": MembershipApplication.objects.create(
            organization=organization, contact=contact, mission_alignment="Families first.",
            is_nonprofit=True, language="en"),
        "organization": organization,
        "person": contact,
        "mailing": Mailing.objects.create(name="November news", segment=segment),
        "segment": segment,
        "list": MailingList.objects.create(slug="updates"),
        "suppression": Suppression.objects.create(address="gone@example.org",
                                                  reason=Suppression.Reason.MANUAL),
        "upload": DatasetUpload.objects.create(original_name="lep.xlsx"),
        "run": StudentRun.objects.create(district_code="19647330000000",
                                         original_name="students.csv", layout="alianza",
                                         ltel_rule_set="ec-313.1", seal_rule_set="seal"),
        "workgroup": workgroup,
        "membership": WorkgroupMembership.objects.create(
            workgroup=workgroup, person=contact, language="en",
            status=WorkgroupMembership.Status.CONFIRMED),
        "survey": survey,
        "partner": Partner.objects.create(survey=survey, name="Familias Unidas"),
        # Keys are looked for in page names ("core-api-token-revoke"), so they say enough
        # not to match another app's ("events-staff-export-csv").
        "api-token": api_token_create(user=starter, name="Sync", scopes=["*"])[0],
        "webhook": endpoint,
        "delivery": WebhookDelivery.objects.create(
            endpoint=endpoint, event="signature.confirmed", payload={},
            status=WebhookDelivery.Status.DELIVERED, attempts=1, last_status_code=200),
        "site-export": SiteExport.objects.create(
            requested_by=starter, language="en", status=SiteExport.Status.DONE, progress=100,
            file_name=private_storage().save("site-exports/all.zip", ContentFile(b"PK\x05\x06"))),
        # Last: other pages whose name says "meeting" (policy's) look for their own objects.
        "meeting": WorkgroupMeeting.objects.create(
            workgroup=workgroup, starts_at=timezone.now() + timedelta(days=7), place="Fresno"),
    }


def url_for(page: Page, objects: dict[str, object]) -> str:
    kwargs = {}
    for key, converter in page.converters:
        if type(converter).__name__ == "IntConverter":
            # ``survey_id`` names its object; otherwise the page's name says what it is about.
            found = objects.get(key.removesuffix("_id")) or next(
                (obj for word, obj in objects.items() if word in page.name), None)
            kwargs[key] = found.pk if found is not None else 1
        elif key == "slug" and "workgroup" in page.name:
            kwargs[key] = objects["workgroup"].slug
        else:
            kwargs[key] = "x"
    return reverse(page.name, kwargs=kwargs)


def visit(client: Client, url: str):
    """GET, or POST for pages that take only POST (an empty form: nothing is done)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


def assert_private(response, page: Page) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, (
        f"{page}: Cache-Control is {cache_control!r}")


def login(django_user_model, username: str, *, staff: bool = False,
          groups: tuple[str, ...] = (), perms: list[Permission] | None = None) -> Client:
    # No password: hashing one per persona would make this file slow for nothing.
    user = django_user_model.objects.create_user(username, f"{username}@example.org",
                                                 is_staff=staff)
    user.groups.add(*Group.objects.filter(name__in=groups))
    if perms:
        user.user_permissions.add(*perms)
    client = Client()
    client.force_login(user)
    return client


def role_members(django_user_model) -> dict[str, Client]:
    return {name: login(django_user_model, f"role{index}", staff=True, groups=(name,))
            for index, name in enumerate(ROLES)}


# The pages found ------------------------------------------------------------------------


def test_the_walk_finds_the_staff_pages_of_each_area():
    names = {page.name for page in staff_pages()}
    assert {"coalition-staff-dashboard", "coalition-imports", "outreach-staff-mailing-send",
            "evidence-staff-runs"} <= names
    assert len(names) >= 30


def test_a_staff_page_added_without_a_permission_check_is_caught(settings, monkeypatch):
    settings.ROOT_URLCONF = "tests.core.urls_new_staff_page"
    monkeypatch.setattr(sys.modules[__name__], "STAFF_AREAS", ("new_area_urls",))
    found = {page.name: page.rule for page in staff_pages()}
    assert found == {"x-guarded": AccessRule(perms=("coalition.view_dashboard",)),
                     "x-forgotten": None}


def test_every_page_is_either_public_or_guarded():
    unguarded = [str(p) for p in staff_pages() if p.rule is None]
    assert not unguarded, (
        f"Pages with no permission check: {unguarded}. Decorate them with "
        "@staff_required('app.codename'), or add them to PUBLIC_PAGES if anyone may open them.")


def test_every_staff_page_names_a_specific_permission():
    # "Is staff" alone is not a right: each page says which permission it needs.
    vague = [str(p) for p in staff_pages() if p.rule is not None and not p.rule.perms]
    assert not vague, f"Pages that check only is_staff: {vague}"


def test_every_permission_a_page_needs_is_held_by_some_role():
    held = {perm for perms in ROLES.values() for perm in perms}
    orphans = {f"{p}: {perm}" for p in staff_pages() if p.rule for perm in p.rule.perms
               if perm not in held | NO_ROLE_PERMISSIONS}
    assert not orphans, f"No role grants these; add them to ROLES in core/roles.py: {orphans}"


def test_the_permissions_kept_from_every_role_are_held_by_none():
    held = {perm for perms in ROLES.values() for perm in perms}
    assert not NO_ROLE_PERMISSIONS & held


# The personas ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, objects):
    login_path = reverse(settings.LOGIN_URL)
    for page in staff_pages() + [p for p in area_pages() if p.name in ROSTER_PAGES | OWN_PAGES]:
        response = visit(client, url_for(page, objects))
        assert response.status_code == 302, f"{page}: {response.status_code}"
        assert response["Location"].startswith(login_path), page


def test_signed_in_people_who_are_not_staff_are_refused(django_user_model, objects):
    client = login(django_user_model, "parent")
    for page in staff_pages() + [p for p in area_pages() if p.name in ROSTER_PAGES]:
        response = visit(client, url_for(page, objects))
        assert response.status_code == 403, f"{page}: {response.status_code}"
        assert_private(response, page)


def test_non_staff_holding_permissions_are_still_refused(django_user_model, objects):
    # Permissions granted to an account that is not (or no longer) staff give nothing.
    client = login(django_user_model, "former", groups=tuple(ROLES))
    for page in staff_pages():
        assert visit(client, url_for(page, objects)).status_code == 403, page


def test_staff_without_permissions_are_refused_everywhere(django_user_model, objects):
    client = login(django_user_model, "clerk", staff=True)
    for page in staff_pages() + [p for p in area_pages() if p.name in ROSTER_PAGES]:
        response = visit(client, url_for(page, objects))
        assert response.status_code == 403, f"{page}: {response.status_code}"
        assert_private(response, page)
    own = visit(client, reverse("coalition-my-workgroups"))
    assert own.status_code == 200
    assert_private(own, Page("coalition-my-workgroups", "", None, None))


def test_the_right_role_gets_each_page(django_user_model, objects):
    members = role_members(django_user_model)
    for page in staff_pages():
        roles = [name for name, perms in ROLES.items() if set(page.rule.perms) <= set(perms)]
        if not roles and set(page.rule.perms) <= NO_ROLE_PERMISSIONS:
            # Given by hand to one account, or held by a superuser.
            perms = [Permission.objects.get(codename=perm.split(".")[1],
                                            content_type__app_label=perm.split(".")[0])
                     for perm in page.rule.perms]
            key = f"holding {', '.join(page.rule.perms)} by hand"
            if key not in members:
                members[key] = login(django_user_model, f"byhand{len(members)}", staff=True,
                                     perms=perms)
            roles = [key]
        assert roles, f"{page}: no role may open it"
        for role in roles:
            response = visit(members[role], url_for(page, objects))
            assert response.status_code not in (401, 403) and response.status_code < 500, (
                f"{page} as {role}: {response.status_code}")
            if response.status_code == 302:
                assert not response["Location"].startswith(reverse(settings.LOGIN_URL)), page
            assert_private(response, page)


def test_a_wrong_role_is_refused_each_page(django_user_model, objects):
    members = role_members(django_user_model)
    refused_somewhere = False
    for page in staff_pages():
        for role, perms in ROLES.items():
            if set(page.rule.perms) <= set(perms):
                continue
            refused_somewhere = True
            response = visit(members[role], url_for(page, objects))
            assert response.status_code == 403, f"{page} as {role}: {response.status_code}"
            assert_private(response, page)
    assert refused_somewhere


def test_staff_with_every_other_permission_are_refused_each_page(django_user_model, objects):
    """Each page's own permission is what opens it: all the others together do not."""
    everything = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for index, page in enumerate(staff_pages()):
        others = [perm for key, perm in everything.items() if key not in page.rule.perms]
        client = login(django_user_model, f"almost{index}", staff=True, perms=others)
        response = visit(client, url_for(page, objects))
        assert response.status_code == 403, f"{page}: {response.status_code}"


def test_leads_see_the_rosters_of_their_own_workgroups_only(django_user_model, objects):
    objects["workgroup"].leads.add(django_user_model.objects.create_user("lead1", "l@example.org"))
    Workgroup.objects.create(slug="grassroots").leads.add(
        django_user_model.objects.create_user("lead2", "m@example.org"))
    lead, other_lead = Client(), Client()
    lead.force_login(django_user_model.objects.get(username="lead1"))
    other_lead.force_login(django_user_model.objects.get(username="lead2"))
    members = role_members(django_user_model)
    for page in [p for p in area_pages() if p.name in ROSTER_PAGES]:
        url = url_for(page, objects)
        for client, expected in [(lead, 200), (other_lead, 403),
                                 (members["Coalition staff"], 200), (members["Outreach"], 403),
                                 (members["Data analysts"], 403)]:
            response = client.get(url)
            assert response.status_code == expected, f"{page}: {response.status_code}"
            assert_private(response, page)


# The settings pages: API tokens, webhooks and the full export -----------------------------


def test_the_settings_pages_answer_the_people_allowed_with_the_page_itself(
        django_user_model, objects):
    """Beyond "not refused": each page, with its real object, answers 200 or goes where it
    should; a token is seen by its owner and by those who manage everyone's tokens."""
    token, export = objects["api-token"], objects["site-export"]
    endpoint, delivery = objects["webhook"], objects["delivery"]
    owner = Client()
    owner.force_login(token.user)
    token.user.groups.add(Group.objects.get(name="Coalition staff"))
    members = role_members(django_user_model)
    manager = login(django_user_model, "tokenkeeper", staff=True, groups=("Coalition staff",),
                    perms=[Permission.objects.get(codename="manage_api_tokens")])
    exporter = login(django_user_model, "exporter", staff=True,
                     perms=[Permission.objects.get(codename="export_site")])
    token_pages = [reverse("core-api-tokens"), reverse("core-api-token-new"),
                   reverse("core-api-token", args=[token.pk]),
                   reverse("core-api-token-revoke", args=[token.pk])]
    for client in (owner, manager):
        for url in token_pages:
            assert client.get(url).status_code == 200, url
    # Another coalition staff member may make tokens, but not see or revoke this one.
    other = members["Coalition staff"]
    assert other.get(token_pages[0]).status_code == 200
    assert token.name not in other.get(token_pages[0]).content.decode()
    assert other.get(token_pages[2]).status_code == 404
    assert other.post(token_pages[3], {"confirm": "on"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    webhooks = members["Coalition staff"]
    for url in [reverse("core-webhooks"), reverse("core-webhook-new"),
                reverse("core-webhook", args=[endpoint.pk]),
                reverse("core-webhook-edit", args=[endpoint.pk])]:
        assert webhooks.get(url).status_code == 200, url
    detail = reverse("core-webhook", args=[endpoint.pk])
    for url in [reverse("core-webhook-action", args=[endpoint.pk, "rotate"]),
                reverse("core-webhook-retry", args=[endpoint.pk, delivery.pk])]:
        response = webhooks.post(url)
        assert (response.status_code, response["Location"]) == (302, detail), url
        assert webhooks.get(url).status_code == 405, url  # a change is never a GET

    page = reverse("core-site-export")
    progress = reverse("core-site-export-progress", args=[export.pk])
    download = reverse("core-site-export-download", args=[export.pk])
    superuser = Client()
    superuser.force_login(django_user_model.objects.create_superuser(
        "root", "root@example.org", None))
    for client in (exporter, superuser):
        assert client.get(page).status_code == 200
        assert client.get(progress, HTTP_HX_REQUEST="true").status_code == 200
        assert client.get(progress)["Location"] == page  # not polled: the whole page
        response = client.get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
    for role, client in members.items():
        for url in (page, progress, download):
            assert client.get(url).status_code == 403, f"{url} as {role}"
