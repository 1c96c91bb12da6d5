"""Reads for the coalition's public pages and staff views."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import translation

from alianza.coalition.models import (
    CoalitionProfile,
    Organization,
    OrganizationText,
    Person,
    Signature,
    Statement,
    StatementText,
    Workgroup,
    WorkgroupMembership,
)
from alianza.coalition.places import county_match, county_name
from alianza.core.i18n import pick_text


@dataclass
class StatementView:
    statement: Statement
    slug: str
    version_number: int
    title: str
    summary: str
    body: str
    language: str
    share_message: str = ""
    goal: int | None = None


def statement_for_reader(statement: Statement, language: str | None = None) -> StatementView:
    version = statement.current_version()
    text: StatementText | None = pick_text(version.texts.all(), language) if version else None
    return StatementView(
        statement=statement, slug=statement.slug,
        version_number=version.number if version else 0,
        title=text.title if text else statement.slug,
        summary=text.summary if text else "",
        body=text.body if text else "",
        language=text.language if text else "",
        share_message=text.share_message if text else "",
        goal=statement.signature_goal,
    )


def statement_open_first() -> Statement | None:
    return Statement.objects.filter(is_open=True).order_by("created_at").first()


def statements_open() -> QuerySet[Statement]:
    return Statement.objects.filter(is_open=True).order_by("created_at")


def signatories_public_list(
    *, statement: Statement, query: str = "", kind: str = ""
) -> QuerySet[Signature]:
    """Confirmed signatures whose signer agreed to be listed, newest first."""
    signatures = (
        Signature.objects.filter(
            statement=statement, status=Signature.Status.CONFIRMED, listed=True
        )
        .select_related("person", "organization")
        .only("title", "confirmed_at", "person__name", "organization__name",
              "organization__county")
        .order_by("-confirmed_at", "-pk")
    )
    if kind == "individual":
        signatures = signatures.filter(organization__isnull=True)
    elif kind == "organization":
        signatures = signatures.filter(organization__isnull=False)
    query = " ".join(query.split())[:100]
    if query:
        signatures = signatures.filter(
            Q(person__name__icontains=query)
            | Q(organization__name__icontains=query)
            | Q(title__icontains=query)
        )
    return signatures


def signature_counts(*, statement: Statement) -> dict[str, int]:
    confirmed = Signature.objects.filter(statement=statement, status=Signature.Status.CONFIRMED)
    return confirmed.aggregate(
        total=Count("pk"),
        organizations=Count("pk", filter=Q(organization__isnull=False)),
        individuals=Count("pk", filter=Q(organization__isnull=True)),
        listed=Count("pk", filter=Q(listed=True)),
    )


def coalition_profile() -> dict[str, str]:
    profile = CoalitionProfile.objects.prefetch_related("texts").first()
    if profile is None:
        return {"name": settings.SITE_NAME, "tagline": "", "about": "", "contact_email": ""}
    text = pick_text(profile.texts.all())
    return {
        "name": profile.name,
        "tagline": text.tagline if text else "",
        "about": text.about if text else "",
        "contact_email": profile.contact_email,
    }


def public_overview() -> dict:
    profile = coalition_profile()
    statement = statement_open_first()
    return {
        "coalition_name": profile["name"],
        "tagline": profile["tagline"],
        "signatories": Signature.objects.filter(status=Signature.Status.CONFIRMED).count(),
        "members": Organization.objects.filter(
            membership_status=Organization.Membership.MEMBER
        ).count(),
        "workgroups": Workgroup.objects.count(),
        "statement": statement_for_reader(statement) if statement else None,
    }


def organizations_by_role(role: str) -> QuerySet[Organization]:
    return Organization.objects.filter(coalition_role=role).order_by("name")


def members_public_list(
    *, query: str = "", kind: str = "", county: str = "", region: str = ""
) -> QuerySet[Organization]:
    members = Organization.objects.filter(membership_status=Organization.Membership.MEMBER)
    query = " ".join(query.split())[:100]
    if query:
        # The descriptions in every language: a Spanish word finds a member from the
        # English page too.
        described = OrganizationText.objects.filter(description__icontains=query)
        members = members.filter(Q(name__icontains=query) | Q(description__icontains=query)
                                 | Q(pk__in=described.values("organization_id")))
    if kind:
        members = members.filter(kind=kind)
    if county:
        code = county_match(county)
        members = members.filter(Q(county_code=code) if code else Q(county__iexact=county))
    if region:
        members = members.filter(region__iexact=region)
    return members.order_by("name")


@dataclass
class WorkgroupView:
    workgroup: Workgroup
    slug: str
    name: str
    description: str
    size: int
    meeting: object = None  # the next meeting (selectors_public.MeetingView), when asked for


# Only confirmed sign-ups count anywhere: a pending one is just an unanswered email.
CONFIRMED_MEMBERS = Q(memberships__status=WorkgroupMembership.Status.CONFIRMED)


def workgroups_public_list() -> list[WorkgroupView]:
    language = translation.get_language()
    rows = (
        Workgroup.objects.prefetch_related("texts")
        .annotate(size=Count("memberships", filter=CONFIRMED_MEMBERS)).order_by("slug")
    )
    return [workgroup_for_reader(w, language, size=w.size) for w in rows]


def workgroup_for_reader(workgroup: Workgroup, language: str | None = None, *,
                         size: int | None = None) -> WorkgroupView:
    text = pick_text(workgroup.texts.all(), language)
    return WorkgroupView(
        workgroup=workgroup, slug=workgroup.slug,
        name=text.name if text else workgroup.slug,
        description=text.description if text else "",
        size=size if size is not None else workgroup.memberships.confirmed().count(),
    )


def workgroup_roster(*, workgroup: Workgroup) -> QuerySet[WorkgroupMembership]:
    return (
        WorkgroupMembership.objects.confirmed().filter(workgroup=workgroup)
        .select_related("person", "organization").order_by("person__name")
    )


def workgroup_pending_count(*, workgroup: Workgroup) -> int:
    """How many sign-ups wait for confirmation; who they are is not shown to anyone."""
    return WorkgroupMembership.objects.pending().filter(workgroup=workgroup).count()


def workgroups_led_by(user) -> QuerySet[Workgroup]:
    # Being staff is not enough to see every workgroup's roster: the roster permission is.
    if user.is_staff and user.has_perm("coalition.view_workgroupmembership"):
        return Workgroup.objects.all()
    return Workgroup.objects.filter(leads=user)


def user_can_see_roster(user, workgroup: Workgroup) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("coalition.view_workgroupmembership"):
        return True
    return workgroup.leads.filter(pk=user.pk).exists()


def in_counties(values: list[str]) -> Q:
    """People or organizations in these counties, for filters such as mailing segments.

    ``values`` are county codes; a county name (as older saved filters hold) is matched to
    its code, and text that is none of the 58 matches records that kept that exact text.
    """
    codes = {code for value in values if (code := county_match(value))}
    texts = {value for value in values if not county_match(value)}
    return Q(county_code__in=codes) | Q(county__in=texts)


def distinct_values(model: type[Person] | type[Organization], column: str) -> list[str]:
    """The distinct values of an indexed column. On PostgreSQL, a recursive query hops from
    one value to the next through the index (a "loose index scan"): a handful of lookups
    instead of reading every row, which matters at a hundred thousand people."""
    if connection.vendor != "postgresql":
        return list(model.objects.order_by().values_list(column, flat=True).distinct())
    table = connection.ops.quote_name(model._meta.db_table)
    name = connection.ops.quote_name(model._meta.get_field(column).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE hop(v) AS (SELECT min({name}) FROM {table} UNION ALL "
            f"SELECT (SELECT min({name}) FROM {table} WHERE {name} > hop.v) FROM hop "
            f"WHERE hop.v IS NOT NULL) SELECT v FROM hop WHERE v IS NOT NULL")
        return [row[0] for row in cursor.fetchall()]


def county_choices_in_use(model: type[Person] | type[Organization] = Person
                          ) -> list[tuple[str, str]]:
    """The counties some record is in, by name, then unmatched text as written."""
    # order_by(): the models' default ordering would otherwise join the DISTINCT and
    # return one row per record instead of one per county.
    codes = set(distinct_values(model, "county_code")) - {""}
    texts = set(model.objects.exclude(county="").order_by().values_list("county", flat=True)
                .distinct())
    return sorted(((code, county_name(code)) for code in codes), key=lambda c: c[1]) + [
        (text, text) for text in sorted(texts)]
