"""The coalition's filters and bulk actions on the staff people list (see ``core.people``)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language, get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import (
    Affiliation,
    Organization,
    Person,
    Signature,
    Statement,
    Workgroup,
    WorkgroupMembership,
)
from alianza.coalition.selectors import (
    county_choices_in_use,
    distinct_values,
    in_counties,
    statement_for_reader,
    workgroup_for_reader,
)
from alianza.core.people import (
    PersonBulkAction,
    PersonFilter,
    person_bulk_action_register,
    person_filter_register,
)

GROUP = pgettext_lazy("people filters", "Coalition")

MEMBER_CONTACT = "member-contact"
PRIMARY_CONTACT = "primary-contact"


def language_label(code: str) -> str:
    """A language as its speakers write it ("Español"), the code when Django has no name."""
    try:
        return get_language_info(code)["name_local"].capitalize()
    except KeyError:
        return code


def _language_choices() -> list[tuple[str, str]]:
    tags = distinct_values(Person, "preferred_language")
    bases = {tag.split("-")[0].lower() for tag in tags if tag}
    bases |= {code for code, _name in settings.LANGUAGES}
    return sorted(((code, language_label(code)) for code in bases), key=lambda c: c[1])


def _language_apply(people: QuerySet, values: list[str]) -> QuerySet:
    # A base language matches its regional tags too: "es" finds "es-MX". The tags in use
    # are few and read through the index, so the filter is a plain IN the planner can size.
    wanted = {code.lower() for code in values}
    tags = [tag for tag in distinct_values(Person, "preferred_language")
            if tag and tag.split("-")[0].lower() in wanted]
    return people.filter(preferred_language__in=tags)


def _county_choices() -> list[tuple[str, str]]:
    return county_choices_in_use(Person)


def _workgroup_choices() -> list[tuple[str, str]]:
    language = get_language()
    return [(w.slug, workgroup_for_reader(w, language, size=0).name)
            for w in Workgroup.objects.prefetch_related("texts").order_by("slug")]


def _workgroup_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=WorkgroupMembership.objects.confirmed().filter(
        workgroup__slug__in=values).values("person_id"))


def _statement_choices() -> list[tuple[str, str]]:
    language = get_language()
    return [(s.slug, statement_for_reader(s, language).title or s.slug)
            for s in Statement.objects.order_by("created_at", "pk")]


def _statement_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=Signature.objects.filter(
        statement__slug__in=values, status=Signature.Status.CONFIRMED).values("person_id"))


def _membership_choices() -> list[tuple[str, object]]:
    return [(MEMBER_CONTACT, _("Contact of a member organization")),
            (PRIMARY_CONTACT, _("Primary contact of a member organization"))]


def _membership_apply(people: QuerySet, values: list[str]) -> QuerySet:
    contacts = Affiliation.objects.filter(
        organization__membership_status=Organization.Membership.MEMBER)
    if MEMBER_CONTACT not in values:  # only the narrower choice was asked for
        contacts = contacts.filter(is_primary_contact=True)
    return people.filter(pk__in=contacts.values("person_id"))


def _organization_choices() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in
            Organization.objects.order_by("name").values_list("pk", "name")]


def _organization_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=Affiliation.objects.filter(
        organization_id__in=[int(v) for v in values if v.isdigit()]).values("person_id"))


def register_people_parts() -> None:
    for person_filter in [
        PersonFilter("language", _("Preferred language"), _language_choices, _language_apply,
                     order=10, group=GROUP),
        PersonFilter("county", pgettext_lazy("people filter", "County"), _county_choices,
                     lambda people, values: people.filter(in_counties(values)),
                     order=11, group=GROUP),
        PersonFilter("workgroup", pgettext_lazy("people filter", "Workgroup"),
                     _workgroup_choices, _workgroup_apply, order=12, group=GROUP),
        PersonFilter("signed", _("Signed the statement"), _statement_choices,
                     _statement_apply, order=13, group=GROUP),
        PersonFilter("membership", pgettext_lazy("people filter", "Membership"),
                     _membership_choices, _membership_apply, order=14, group=GROUP),
        PersonFilter("organization", pgettext_lazy("people filter", "Organization"),
                     _organization_choices, _organization_apply, order=15, group=GROUP),
    ]:
        person_filter_register(person_filter)
    from alianza.coalition.people_export import export_csv, export_xlsx

    person_bulk_action_register(PersonBulkAction(
        "export-csv", _("Download as CSV"), "coalition.view_person", export_csv, order=90))
    person_bulk_action_register(PersonBulkAction(
        "export-xlsx", _("Download as Excel (XLSX)"), "coalition.view_person", export_xlsx,
        order=91))
