"""Reads for staff and workgroup leads: dashboard figures, the review queue, rosters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from alianza.coalition.models import (
    Affiliation,
    AffiliationClaim,
    JoinConfirmation,
    MembershipApplication,
    MembershipStatusChange,
    Organization,
    Signature,
    Statement,
    Workgroup,
)
from alianza.coalition.selectors import (
    CONFIRMED_MEMBERS,
    WorkgroupView,
    statement_for_reader,
    workgroup_for_reader,
    workgroups_public_list,
)
from alianza.coalition.services.tokens import CONFIRM_MAX_AGE

# Dashboard ------------------------------------------------------------------------------


@dataclass
class StatementCounts:
    slug: str
    title: str
    confirmed: int
    listed: int
    # Join requests naming this statement whose address has not confirmed yet: since
    # signatures are only created on confirmation, these are the signatures to come.
    pending: int


@dataclass
class MonthCounts:
    month: date  # the first day of the month
    signatures: int
    members: int


@dataclass
class DashboardFigures:
    statements: list[StatementCounts]
    confirmed_signatures: int
    waiting_confirmation: int  # join requests whose emailed link has not been opened yet
    pending_claims: int  # claims to speak for an organization, waiting for staff
    claim_organizations: list[Organization]
    members: int
    pending_applications: int
    workgroups: list[WorkgroupView]
    months: list[MonthCounts]


def join_requests_waiting(*, now: datetime | None = None):
    """Join requests still waiting for their address to confirm, whose link still works."""
    now = now or timezone.now()
    return JoinConfirmation.objects.filter(
        confirmed_at__isnull=True, created_at__gt=now - timedelta(seconds=CONFIRM_MAX_AGE))


def statement_signature_counts(*, now: datetime | None = None) -> list[StatementCounts]:
    confirmed = Q(signatures__status=Signature.Status.CONFIRMED)
    statements = (
        Statement.objects.annotate(
            confirmed=Count("signatures", filter=confirmed),
            listed=Count("signatures", filter=confirmed & Q(signatures__listed=True)),
        )
        .order_by("created_at", "pk")
    )
    waiting = dict(
        join_requests_waiting(now=now).filter(statement_id__isnull=False)
        .values("statement_id").annotate(total=Count("pk")).values_list("statement_id", "total")
        .order_by()
    )
    return [
        StatementCounts(
            slug=statement.slug, title=statement_for_reader(statement).title,
            confirmed=statement.confirmed, listed=statement.listed,
            pending=waiting.get(statement.pk, 0),
        )
        for statement in statements
    ]


def month_starts(*, count: int, today: date) -> list[date]:
    """The first days of the ``count`` months ending with the month of ``today``, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _month_of(value: datetime | date) -> date:
    # TruncMonth gives an aware datetime in the current time zone on every backend.
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def monthly_counts(*, months: int = 12, now: datetime | None = None) -> list[MonthCounts]:
    """Confirmed signatures and organizations that became members, per month."""
    today = timezone.localdate(now) if now else timezone.localdate()
    starts = month_starts(count=months, today=today)
    since = timezone.make_aware(datetime(starts[0].year, starts[0].month, 1))
    signatures = (
        Signature.objects.filter(status=Signature.Status.CONFIRMED, confirmed_at__gte=since)
        .annotate(month=TruncMonth("confirmed_at")).values("month")
        .annotate(total=Count("pk")).order_by()
    )
    # A status change is the one record of when an organization became a member.
    members = (
        MembershipStatusChange.objects.filter(
            to_status=Organization.Membership.MEMBER, changed_at__gte=since
        )
        .annotate(month=TruncMonth("changed_at")).values("month")
        .annotate(total=Count("pk")).order_by()
    )
    by_month_signatures: dict[date, int] = {}
    for row in signatures:
        key = _month_of(row["month"])
        by_month_signatures[key] = by_month_signatures.get(key, 0) + row["total"]
    by_month_members: dict[date, int] = {}
    for row in members:
        key = _month_of(row["month"])
        by_month_members[key] = by_month_members.get(key, 0) + row["total"]
    return [
        MonthCounts(month=start, signatures=by_month_signatures.get(start, 0),
                    members=by_month_members.get(start, 0))
        for start in starts
    ]


CLAIM_LINKS = 10  # organizations linked from the dashboard; the rest are in the list


def dashboard_figures(*, now: datetime | None = None) -> DashboardFigures:
    statements = statement_signature_counts(now=now)
    claims = AffiliationClaim.objects.filter(status=AffiliationClaim.Status.PENDING)
    return DashboardFigures(
        statements=statements,
        confirmed_signatures=Signature.objects.filter(
            status=Signature.Status.CONFIRMED).count(),
        waiting_confirmation=join_requests_waiting(now=now).count(),
        pending_claims=claims.count(),
        claim_organizations=list(Organization.objects.filter(
            pk__in=claims.values("organization_id")).order_by("name")[:CLAIM_LINKS]),
        members=Organization.objects.filter(
            membership_status=Organization.Membership.MEMBER
        ).count(),
        pending_applications=MembershipApplication.objects.filter(
            status=MembershipApplication.Status.PENDING
        ).count(),
        workgroups=workgroups_public_list(),
        months=monthly_counts(now=now),
    )


# Membership review ----------------------------------------------------------------------

QUEUE_FILTERS = [
    MembershipApplication.Status.PENDING,
    MembershipApplication.Status.APPROVED,
    MembershipApplication.Status.DECLINED,
]


def applications_for_review(*, status: str = MembershipApplication.Status.PENDING
                            ) -> QuerySet[MembershipApplication]:
    """Pending applications oldest first (fair queue); decided ones most recent first."""
    applications = MembershipApplication.objects.select_related(
        "organization", "contact", "decided_by"
    ).filter(status=status)
    if status == MembershipApplication.Status.PENDING:
        return applications.order_by("created_at", "pk")
    return applications.order_by("-decided_at", "-pk")


def application_counts() -> dict[str, int]:
    rows = MembershipApplication.objects.values("status").annotate(total=Count("pk")).order_by()
    counts = {status.value: 0 for status in QUEUE_FILTERS}
    counts.update({row["status"]: row["total"] for row in rows})
    return counts


def application_for_review(*, pk: int) -> MembershipApplication | None:
    return (
        MembershipApplication.objects.select_related("organization", "contact", "decided_by")
        .filter(pk=pk).first()
    )


def application_contact_title(application: MembershipApplication) -> str:
    affiliation = Affiliation.objects.filter(
        person_id=application.contact_id, organization_id=application.organization_id
    ).first()
    return affiliation.title if affiliation else ""


def application_contact_claim(application: MembershipApplication) -> AffiliationClaim | None:
    """The applying contact's claim to speak for the organization, if staff have not
    accepted it yet: until then the application rests on an unverified word."""
    return AffiliationClaim.objects.filter(
        person_id=application.contact_id, organization_id=application.organization_id,
        status=AffiliationClaim.Status.PENDING,
    ).first()


def organization_status_history(organization: Organization) -> QuerySet[MembershipStatusChange]:
    return (
        MembershipStatusChange.objects.filter(organization=organization)
        .select_related("changed_by").order_by("changed_at", "pk")
    )


def organization_applications(organization: Organization) -> QuerySet[MembershipApplication]:
    return organization.applications.select_related("decided_by").order_by("created_at", "pk")


# Workgroup rosters ----------------------------------------------------------------------


def user_sees_every_roster(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
        and user.has_perm("coalition.view_workgroupmembership")
    )


def workgroups_with_roster_access(user) -> list[WorkgroupView]:
    """Workgroups whose roster ``user`` may see: every one for staff, else those they lead."""
    if not user.is_authenticated:
        return []
    workgroups = Workgroup.objects.prefetch_related("texts").annotate(
        size=Count("memberships", filter=CONFIRMED_MEMBERS))
    if not user_sees_every_roster(user):
        workgroups = workgroups.filter(leads=user)
    return [workgroup_for_reader(w, size=w.size) for w in workgroups.order_by("slug")]
