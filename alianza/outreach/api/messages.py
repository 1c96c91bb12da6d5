"""OSDI messages: the mass emails (mailings), read-only.

Shaped as Action Network's messages. A mailing written in several languages is shown in
the site's default language (else the first one written); ``alianza:languages`` lists
every language it has. ``statistics`` count deliveries and their events the way the
staff report does: opens and clicks only when the mailing counted them (tracking on).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from ninja import Router, Schema
from pydantic import Field

from alianza.coalition.api.common import ORIGIN_SYSTEM, api_language, modified_with
from alianza.core.i18n import pick_text
from alianza.core.osdi import (
    osdi_collection,
    osdi_collection_schema,
    osdi_family_permissions_register,
    osdi_get,
    osdi_href,
    osdi_identifiers,
    osdi_identifiers_map,
    osdi_time,
)
from alianza.core.site import site_contact_email, site_name
from alianza.outreach.models import (
    Delivery,
    Mailing,
    MailingContent,
    MailingEvent,
    MailingList,
)
from alianza.outreach.services.email_layout import markdown_blocks, markdown_html, markdown_text
from alianza.outreach.services.rendering import html_to_text

router = Router()

FILTERS = {"modified_date": "modified_at", "created_date": "created_at",
           "status": "status", "sent_start_date": "started_at"}
# Our statuses as Action Network names them ("cancelled" has no counterpart there).
STATUSES = {Mailing.Status.DRAFT: "draft", Mailing.Status.SCHEDULED: "scheduled",
            Mailing.Status.SENDING: "sending", Mailing.Status.SENT: "sent",
            Mailing.Status.CANCELLED: "cancelled"}


class Statistics(Schema):
    sent: int
    opened: int | None = None
    clicked: int | None = None
    unsubscribed: int
    bounced: int
    spam_reports: int
    failed: int = Field(alias="alianza:failed")


class Target(Schema):
    href: str | None = None
    name: str | None = None


class Message(Schema):
    identifiers: list[str]
    origin_system: str
    created_date: str | None
    modified_date: str | None
    name: str
    subject: str
    body: str
    body_text: str = Field(alias="alianza:body_text")
    from_: str = Field(alias="from")
    reply_to: str
    status: str
    type: str
    sent_start_date: str | None = None
    scheduled_start_date: str | None = Field(None, alias="alianza:scheduled_start_date")
    total_targeted: int
    targets: list[Target]
    statistics: Statistics
    language: str = Field(alias="alianza:language")
    languages: list[str] = Field(alias="alianza:languages")
    links: dict[str, dict[str, str]] = Field(alias="_links")


MessageCollection = osdi_collection_schema("messages", Message)


def _mailings() -> QuerySet[Mailing]:
    return Mailing.objects.select_related("segment").prefetch_related("contents")


def _statistics(mailings: list[Mailing]) -> dict[int, dict]:
    """Every mailing's figures in two grouped queries, whatever the page's size."""
    ids = [m.pk for m in mailings]
    statuses: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for row in (Delivery.objects.filter(mailing_id__in=ids).values("mailing_id", "status")
                .annotate(n=Count("id"))):
        statuses[row["mailing_id"]][row["status"]] = row["n"]
    events: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for row in (MailingEvent.objects.filter(mailing_id__in=ids).values("mailing_id", "kind")
                .annotate(n=Count("delivery_id", distinct=True))):
        events[row["mailing_id"]][row["kind"]] = row["n"]
    figures = {}
    for mailing in mailings:
        by_status, by_kind = statuses[mailing.pk], events[mailing.pk]
        bounced = by_status.get(Delivery.Status.BOUNCED, 0)
        figures[mailing.pk] = {
            "sent": by_status.get(Delivery.Status.SENT, 0) + bounced,
            "opened": by_kind.get(MailingEvent.Kind.OPEN, 0) if mailing.tracking else None,
            "clicked": by_kind.get(MailingEvent.Kind.CLICK, 0) if mailing.tracking else None,
            "unsubscribed": by_kind.get(MailingEvent.Kind.UNSUBSCRIBE, 0),
            "bounced": bounced,
            "spam_reports": by_kind.get(MailingEvent.Kind.COMPLAINT, 0),
            "alianza:failed": by_status.get(Delivery.Status.FAILED, 0),
        }
    return figures


def _body(content: MailingContent | None) -> tuple[str, str]:
    """The body as HTML and as plain text, without the email's layout and footer."""
    if content is None:
        return "", ""
    if content.body_markdown.strip():
        parts = []
        for block in markdown_blocks(content.body_markdown):
            if block.kind == "button":
                parts.append(markdown_html(f"[{block.text}]({block.url})"))
            else:
                parts.append(markdown_html(block.text))
        return "\n".join(parts), markdown_text(content.body_markdown).strip()
    return content.html_body, html_to_text(content.html_body).strip()


def _targets(request: HttpRequest, mailings: list[Mailing]) -> dict[int, list[dict]]:
    """The segment by name, and the mailing lists it draws on as links to them."""
    slugs = {slug for m in mailings if m.segment_id
             for slug in (m.segment.definition or {}).get("lists", []) or []}
    lists = {}
    if slugs and hasattr(MailingList, "uuid"):
        lists = dict(MailingList.objects.filter(slug__in=slugs).values_list("slug", "uuid"))
    targets = {}
    for mailing in mailings:
        if mailing.segment_id is None:
            targets[mailing.pk] = []
            continue
        found = [{"name": mailing.segment.name}]
        for slug in (mailing.segment.definition or {}).get("lists", []) or []:
            if slug in lists:
                found.append({"href": osdi_href(request, "lists", str(lists[slug])),
                              "name": slug})
        targets[mailing.pk] = found
    return targets


def messages_serialize(request: HttpRequest, mailings: list[Mailing]) -> list[dict]:
    foreign = osdi_identifiers_map(Mailing, [m.pk for m in mailings])
    statistics = _statistics(mailings)
    targets = _targets(request, mailings)
    default_from = str(site_name())
    items = []
    for mailing in mailings:
        contents = list(mailing.contents.all())
        content = pick_text(contents, api_language())
        html, text = _body(content)
        items.append({
            "identifiers": osdi_identifiers(mailing, foreign.get(mailing.pk)),
            "origin_system": ORIGIN_SYSTEM,
            "created_date": osdi_time(mailing.created_at),
            "modified_date": osdi_time(mailing.modified_at),
            "name": mailing.name,
            "subject": content.subject if content else "",
            "body": html,
            "alianza:body_text": text,
            "from": mailing.from_name or default_from,
            "reply_to": mailing.reply_to.strip() or site_contact_email(),
            "status": STATUSES.get(mailing.status, mailing.status),
            "type": "email",
            "sent_start_date": osdi_time(mailing.started_at),
            "alianza:scheduled_start_date": osdi_time(mailing.scheduled_at),
            "total_targeted": mailing.recipient_count,
            "targets": targets[mailing.pk],
            "statistics": statistics[mailing.pk],
            "alianza:language": content.language if content else api_language(),
            "alianza:languages": sorted(c.language for c in contents),
            "_links": {"self": {"href": osdi_href(request, "messages", str(mailing.uuid))}},
        })
    return items


@router.get("", response=MessageCollection, by_alias=True, exclude_none=True,
            summary=gettext_noop("List messages"),
            description=gettext_noop(
                "Every mailing, drafts included."))
def messages_list(request: HttpRequest):
    return osdi_collection(request, _mailings(), name="messages", filters=FILTERS,
                           serialize=lambda rows: messages_serialize(request, rows))


@router.get("/{message_id}", response=Message, by_alias=True, exclude_none=True,
            summary=gettext_noop("Get a message"))
def message_get(request: HttpRequest, message_id: str):
    mailing = osdi_get(_mailings(), message_id, label=_("Message"))
    return messages_serialize(request, [mailing])[0]


def register() -> None:
    from alianza.core.osdi import osdi_resource_register

    osdi_family_permissions_register(
        family="messages", read=("outreach.view_mailing",),
        write=("outreach.change_mailing",))

    osdi_resource_register(name="messages", family="messages", router=router,
                           title=gettext_lazy("Messages"), order=60)
    modified_with(MailingContent, Mailing, lambda content: content.mailing_id)
