"""One mailing, compiled once, rendered per recipient into ready-to-send bytes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from alianza.coalition.models import CoalitionProfile
from alianza.core.site import sender_address, site_contact_email, site_name
from alianza.outreach import conf
from alianza.outreach.models import Mailing, MailingList
from alianza.outreach.selectors import mailing_list_name
from alianza.outreach.services import tokens
from alianza.outreach.services.email_layout import brand_current
from alianza.outreach.services.messages import (
    MailingEnvelope,
    address_header,
    build_message,
    clean_display_name,
)
from alianza.outreach.services.rendering import (
    CompiledContent,
    consent_reason,
    content_compile,
    pick_language,
)

_HREF = re.compile(r'href="(https?://[^"]+)"')


@dataclass
class Outgoing:
    envelope_from: str
    to: str
    raw: bytes
    message_id: str


def _url_pattern(language: str, name: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": "TOKEN"})


class MailingComposer:
    def __init__(self, mailing: Mailing):
        self.mailing = mailing
        profile = CoalitionProfile.objects.first()
        postal = profile.postal_address if profile else ""
        brand = brand_current()
        self.contents: dict[str, CompiledContent] = {
            c.language: content_compile(language=c.language, subject=c.subject,
                                        html_body=c.html_body, body_markdown=c.body_markdown,
                                        postal_address=postal, brand=brand)
            for c in mailing.contents.all()
        }
        self.languages = sorted(self.contents)
        self._pick: dict[str, CompiledContent] = {}
        self._urls: dict[str, tuple[str, str]] = {}
        self._reasons: dict[tuple, str] = {}
        # The coalition's name, as on every other email; a mailing may set its own.
        name = clean_display_name(mailing.from_name) or site_name()
        definition = mailing.segment.definition if mailing.segment else {}
        lists = definition.get("lists") or []
        only_list = len(lists) == 1 and not any(
            definition.get(k) for k in ("tags", "workgroups", "member_organizations",
                                        "statements"))
        self.only_list = lists[0] if only_list else ""
        label = lists[0] if only_list else slugify(mailing.segment.name if mailing.segment
                                                    else mailing.name) or f"m{mailing.pk}"
        self.envelope = MailingEnvelope(
            mailing_id=mailing.pk,
            from_header=address_header(name, sender_address(conf.from_address())),
            list_id=f"<{label}.lists.{conf.sender_domain()}>",
            reply_to=mailing.reply_to.strip() or site_contact_email(),
            dkim=conf.dkim(),
        )

    def content_for(self, language: str) -> CompiledContent:
        content = self._pick.get(language)
        if content is None:
            content = self.contents[pick_language(self.languages, language)]
            self._pick[language] = content
        return content

    def _patterns(self, language: str) -> tuple[str, str]:
        if language not in self._urls:
            self._urls[language] = (_url_pattern(language, "outreach-unsubscribe"),
                                    _url_pattern(language, "outreach-preferences"))
        return self._urls[language]

    def render(
        self, *, delivery_id: int, person_id: int, address: str, name: str,
        organization: str, language: str, test: bool = False, consent_scope: str = "",
        consent_at: datetime | None = None,
    ) -> Outgoing:
        content = self.content_for(language)
        why = self._why(content.language, consent_scope or self.sample_scope(), consent_at)
        unsubscribe_pattern, preferences_pattern = self._patterns(content.language)
        unsubscribe_url = unsubscribe_pattern.replace(
            "TOKEN", tokens.unsubscribe_token(delivery_id))
        preferences_url = preferences_pattern.replace(
            "TOKEN", tokens.preferences_token(person_id, address))
        clean_name = clean_display_name(name)
        values_text = {"name": clean_name, "organization": organization, "why": why,
                       "unsubscribe_url": unsubscribe_url, "preferences_url": preferences_url}
        values_html = {"name": html.escape(clean_name), "organization": html.escape(organization),
                       "why": html.escape(why),
                       "unsubscribe_url": html.escape(unsubscribe_url),
                       "preferences_url": html.escape(preferences_url)}
        if self.mailing.tracking and conf.tracking_allowed():
            content = self._with_tracking(content, delivery_id)
        raw = build_message(
            envelope=self.envelope, content=content, delivery_id=delivery_id,
            to_name=clean_name, to_address=address, values_text=values_text,
            values_html=values_html, unsubscribe_url=unsubscribe_url,
            subject_prefix="[Test] " if test else "",
            extra_headers={"X-Alianza-Test": "yes"} if test else None,
        )
        verp = tokens.verp_token(delivery_id)
        envelope = self.envelope
        return Outgoing(
            envelope_from=f"{envelope.bounce_local}+{verp}@{envelope.bounce_domain}",
            to=address, raw=raw,
            message_id=f"<m{envelope.mailing_id}.{verp}@{envelope.sender_domain}>")

    def sample_scope(self) -> str:
        """The consent a preview or test copy is shown with: the segment's list, if one."""
        return f"list:{self.only_list}" if self.only_list else "updates"

    def _why(self, language: str, scope: str, granted_at: datetime | None) -> str:
        key = (language, scope, granted_at.date() if granted_at else None)
        why = self._reasons.get(key)
        if why is None:
            list_name = ""
            if scope.startswith("list:"):
                slug = scope.removeprefix("list:")
                found = MailingList.objects.filter(slug=slug).prefetch_related("texts").first()
                list_name = mailing_list_name(found, language) if found else slug
            why = self._reasons[key] = consent_reason(
                language=language, list_name=list_name, granted_at=granted_at)
        return why

    def _with_tracking(self, content: CompiledContent, delivery_id: int) -> CompiledContent:
        """Links through the click counter and an image for opens: only when turned on."""
        click = _url_pattern(content.language, "outreach-click")
        pixel = _url_pattern(content.language, "outreach-open").replace(
            "TOKEN", tokens.open_token(delivery_id))

        def rewrite(match: re.Match) -> str:
            url = html.unescape(match.group(1)).replace("%%", "%")
            if "%(" in url:  # the footer's own links stay direct
                return match.group(0)
            token = tokens.click_token(delivery_id, url)
            return f'href="{click.replace("TOKEN", token)}"'

        tracked = _HREF.sub(rewrite, content.html)
        image = f'<img src="{pixel}" width="1" height="1" alt="">'
        tracked = tracked.replace("</body>", image + "</body>", 1)
        return CompiledContent(content.language, content.subject, content.subject_has_fields,
                               tracked, content.text)
