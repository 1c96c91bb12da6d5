"""Outreach on a person's page: their mailing lists and tags (a panel), and on the
timeline their subscriptions, the emails sent to them, bounces, complaints and
unsubscribes. Opens and clicks are left out: counted per mailing, not per person."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from alianza.core.i18n import pick_text
from alianza.core.people import (
    PersonPanel,
    TimelineEntry,
    person_panel_register,
    person_timeline_register,
    timeline_merge,
    timeline_stream,
)
from alianza.core.templatetags.alianza_languages import language_label
from alianza.outreach.models import Delivery, MailingEvent, Subscription

TIMELINE_EVENT_KINDS = (MailingEvent.Kind.HARD_BOUNCE, MailingEvent.Kind.SOFT_BOUNCE,
                        MailingEvent.Kind.COMPLAINT, MailingEvent.Kind.UNSUBSCRIBE)


def _list_name(subscription: Subscription) -> str:
    text = pick_text(subscription.mailing_list.texts.all())
    return text.name if text else subscription.mailing_list.slug


def _subscriptions(person) -> Iterator[TimelineEntry]:
    rows = Subscription.objects.filter(person=person).select_related("mailing_list") \
        .prefetch_related("mailing_list__texts")
    asked = timeline_stream(rows.order_by("-created_at", "-pk"), lambda s: TimelineEntry(
        at=s.created_at, kind="subscription",
        title=_("Asked to join the list “%(list)s”") % {"list": _list_name(s)},
        detail=" · ".join(str(part) for part in (s.source, language_label(s.language))
                          if part)))
    confirmed = timeline_stream(
        rows.filter(confirmed_at__isnull=False).order_by("-confirmed_at", "-pk"),
        lambda s: TimelineEntry(
            at=s.confirmed_at, kind="subscription",
            title=_("Confirmed the list “%(list)s”") % {"list": _list_name(s)}))
    left = timeline_stream(
        rows.filter(unsubscribed_at__isnull=False).order_by("-unsubscribed_at", "-pk"),
        lambda s: TimelineEntry(
            at=s.unsubscribed_at, kind="unsubscribed",
            title=_("Unsubscribed from the list “%(list)s”") % {"list": _list_name(s)}))
    return timeline_merge(asked, confirmed, left)


def _emails(person) -> Iterator[TimelineEntry]:
    sent = timeline_stream(
        Delivery.objects.filter(person=person, sent_at__isnull=False)
        .select_related("mailing").only("sent_at", "address", "status", "mailing__name")
        .order_by("-sent_at", "-pk"),
        lambda d: TimelineEntry(
            at=d.sent_at, kind="email-sent",
            title=_("Email sent: %(mailing)s") % {"mailing": d.mailing.name},
            detail=f"{d.address} · {d.get_status_display()}",
            url=reverse("outreach-staff-mailing-report", args=[d.mailing_id])))
    events = timeline_stream(
        MailingEvent.objects.filter(delivery__person=person, kind__in=TIMELINE_EVENT_KINDS)
        .select_related("mailing").order_by("-created_at", "-pk"),
        lambda e: TimelineEntry(
            at=e.created_at,
            kind="unsubscribed" if e.kind == MailingEvent.Kind.UNSUBSCRIBE else "bounce",
            title=f"{e.get_kind_display()}: {e.mailing.name if e.mailing else e.address}",
            detail=" · ".join(part for part in (e.address, e.detail) if part)))
    return timeline_merge(sent, events)


def _panel_rows(person) -> list[tuple]:
    rows = [(_list_name(s), s.get_status_display()) for s in Subscription.objects.filter(
        person=person).select_related("mailing_list").prefetch_related("mailing_list__texts")
        .order_by("mailing_list__slug")]
    tags = ", ".join(person.outreach_tags.order_by("name").values_list("name", flat=True))
    if tags:
        rows.append((pgettext_lazy("outreach", "Tags"), tags))
    return rows


def register() -> None:
    person_timeline_register("outreach-lists", _subscriptions,
                             label=gettext_lazy("Mailing lists"), order=20)
    person_timeline_register("outreach-emails", _emails,
                             label=pgettext_lazy("timeline", "Emails"), order=21)
    person_panel_register(PersonPanel(name="outreach", title=gettext_lazy(
        "Mailing lists and tags"), rows=_panel_rows, order=20))
