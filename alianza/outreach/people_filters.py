"""Outreach's filters and bulk actions on the staff people list (see ``core.people``)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from alianza.coalition.models import Consent
from alianza.core.people import (
    PersonBulkAction,
    PersonFilter,
    person_bulk_action_register,
    person_filter_register,
)
from alianza.outreach.models import MailingList, Subscription, Tag
from alianza.outreach.selectors_consent import LIST_PREFIX
from alianza.outreach.selectors_staff import list_choices, tag_choices
from alianza.outreach.services.people_bulk import (
    mailing_list_people_add,
    segment_from_people_query,
    tag_people_add,
)

GROUP = pgettext_lazy("people filters", "Email")

CONSENT_CONFIRMED = "confirmed"
CONSENT_UNSUBSCRIBED = "unsubscribed"
CONSENT_NONE = "none"


def _tag_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=Tag.people.through.objects.filter(
        tag__slug__in=values).values("person_id"))


def _list_apply(people: QuerySet, values: list[str]) -> QuerySet:
    return people.filter(pk__in=Subscription.objects.filter(
        mailing_list__slug__in=values, status=Subscription.Status.CONFIRMED
    ).values("person_id"))


def _consent_choices() -> list[tuple[str, object]]:
    return [(CONSENT_CONFIRMED, _("Consented to email updates")),
            (CONSENT_UNSUBSCRIBED, _("Unsubscribed from email")),
            (CONSENT_NONE, _("No email consent on record"))]


def _consent_apply(people: QuerySet, values: list[str]) -> QuerySet:
    """The same rule as the sending gate (``selectors_consent``): a person's newest email
    consent of a general scope (not one list's) says whether they may get updates.

    Written as "rows with no newer row" sets rather than a subquery per person, so the
    database reads the consents once, whatever the number of people."""
    general = Consent.objects.filter(kind=Consent.Kind.EMAIL).exclude(
        scope__startswith=LIST_PREFIX)
    newer = general.filter(person_id=OuterRef("person_id")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), id__gt=OuterRef("id")))
    newest = general.filter(person__isnull=False).exclude(Exists(newer))
    matches = Q(pk__in=[])
    if CONSENT_CONFIRMED in values:
        matches |= Q(pk__in=newest.filter(granted=True).values("person_id"))
    if CONSENT_UNSUBSCRIBED in values:
        matches |= Q(pk__in=newest.filter(granted=False).values("person_id"))
    if CONSENT_NONE in values:
        matches |= ~Q(pk__in=general.filter(person__isnull=False).values("person_id"))
    return people.filter(matches)


class TagForm(forms.Form):
    tag = forms.CharField(label=gettext_lazy("Tag"), max_length=100,
                          help_text=gettext_lazy("An existing tag, or a new one to create."))


class ListForm(forms.Form):
    mailing_list = forms.ChoiceField(label=gettext_lazy("Mailing list"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailing_list"].choices = list_choices()


class SegmentNameForm(forms.Form):
    segment_name = forms.CharField(label=gettext_lazy("Name of the segment"), max_length=200)


def _tag_run(person_ids: Sequence[int], user, data) -> str:
    form = TagForm(data, prefix="tag")
    if not form.is_valid():
        raise ValidationError(_("Type the tag to add."))
    tag, added = tag_people_add(tag_name=form.cleaned_data["tag"], person_ids=person_ids)
    return ngettext("%(count)d person newly tagged “%(tag)s” (of %(total)d chosen).",
                    "%(count)d people newly tagged “%(tag)s” (of %(total)d chosen).",
                    added) % {"count": added, "tag": tag.name, "total": len(person_ids)}


def _list_run(person_ids: Sequence[int], user, data) -> str:
    form = ListForm(data, prefix="list")
    if not form.is_valid():
        raise ValidationError(_("Choose a mailing list."))
    mailing_list = MailingList.objects.get(slug=form.cleaned_data["mailing_list"])
    result = mailing_list_people_add(mailing_list=mailing_list, person_ids=person_ids,
                                     user=user)
    name = dict(list_choices()).get(mailing_list.slug, mailing_list.slug)
    message = ngettext("%(count)d person added to “%(list)s”.",
                       "%(count)d people added to “%(list)s”.",
                       result.added) % {"count": result.added, "list": name}
    if result.already:
        message += " " + ngettext("%(count)d was already on it.", "%(count)d were already on it.",
                                  result.already) % {"count": result.already}
    skipped = result.skipped_labels()
    if skipped:
        total = sum(n for _label, n in skipped)
        message += " " + ngettext("%(count)d was not added:", "%(count)d were not added:",
                                  total) % {"count": total}
        message += " " + "; ".join(f"{n} — {label}" for label, n in skipped) + "."
    return message


def _segment_run(person_ids: Sequence[int], user, data) -> str:
    form = SegmentNameForm(data, prefix="segment")
    if not form.is_valid():
        raise ValidationError(_("Give the segment a name."))
    segment = segment_from_people_query(name=form.cleaned_data["segment_name"],
                                        people_query=data.get("people_query", ""))
    return format_html(_("Saved as the segment <a href=\"{url}\">{name}</a>; mailings to it "
                         "reach the people these filters select who consented to email."),
                       url=reverse("outreach-staff-segment", args=[segment.pk]),
                       name=segment.name)


def register_people_parts() -> None:
    for person_filter in [
        PersonFilter("tag", pgettext_lazy("people filter", "Tag"), tag_choices, _tag_apply,
                     order=20, group=GROUP),
        PersonFilter("list", gettext_lazy("Subscribed to the list"), list_choices,
                     _list_apply, order=21, group=GROUP),
        PersonFilter("email_consent", gettext_lazy("Email consent"), _consent_choices,
                     _consent_apply, order=22, group=GROUP),
    ]:
        person_filter_register(person_filter)
    for action in [
        PersonBulkAction("tag", gettext_lazy("Add a tag"), "outreach.change_tag", _tag_run,
                         form=lambda data: TagForm(data, prefix="tag"), order=10),
        PersonBulkAction("list", gettext_lazy("Add to a mailing list"),
                         "outreach.change_mailinglist", _list_run,
                         form=lambda data: ListForm(data, prefix="list"), order=20),
        PersonBulkAction("segment", gettext_lazy("Save these filters as a segment"),
                         "outreach.add_segment", _segment_run,
                         form=lambda data: SegmentNameForm(data, prefix="segment"), order=30,
                         on_query=True),
    ]:
        person_bulk_action_register(action)
