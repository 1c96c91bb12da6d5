"""Turning a mailing into per-recipient text: merge fields, plain text, footer.

Each language's content is compiled once into ``%``-format strings, so rendering one
recipient is a single C-level string substitution — cheap enough for 100,000 recipients.
Merge fields are a fixed, known set: nothing a sender writes can reach Python objects.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alianza.core.site import site_name

MERGE_FIELDS = ("name", "organization")
_MERGE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


class MergeFieldError(ValueError):
    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def merge_fields_used(text: str) -> list[str]:
    return [match.strip() for match in _MERGE.findall(text)]


def merge_compile(text: str, *, extra: tuple[str, ...] = ()) -> str:
    """``Hello {{ name }}`` → ``Hello %(name)s``; raises MergeFieldError for anything else."""
    allowed = set(MERGE_FIELDS) | set(extra)
    out, position = [], 0
    for match in _MERGE.finditer(text):
        field = match.group(1).strip()
        if field not in allowed:
            raise MergeFieldError(field)
        out.append(text[position:match.start()].replace("%", "%%"))
        out.append(f"%({field})s")
        position = match.end()
    rest = text[position:]
    if "{{" in rest or "{%" in rest or "{%" in text:
        raise MergeFieldError(rest[rest.find("{"):][:30] if "{" in rest else "{%")
    out.append(rest.replace("%", "%%"))
    return "".join(out)


class _TextExtractor(HTMLParser):
    """A small HTML → plain-text converter: paragraphs, line breaks, lists, link targets."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr",
              "blockquote", "section", "article", "header", "footer", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and href.startswith(("http://", "https://", "mailto:")):
                self.parts.append(f" ({href.removeprefix('mailto:')})")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@dataclass
class CompiledContent:
    """One language of one mailing, ready for per-recipient substitution."""

    language: str
    subject: str  # %-format
    subject_has_fields: bool
    html: str  # %-format, footer included
    text: str  # %-format, footer included


def _pct(text: str) -> str:
    return text.replace("%", "%%")


def consent_reason(*, language: str, list_name: str, granted_at: datetime | None) -> str:
    """The footer's "why you get this", true to the consent the delivery rests on."""
    with translation.override(language):
        when = date_format(timezone.localtime(granted_at) if granted_at else timezone.now(),
                           "DATE_FORMAT")
        if list_name:
            return _("You receive this email because you subscribed to “%(list)s” from "
                     "%(site)s on %(date)s.") % {"list": list_name, "site": site_name(),
                                                 "date": when}
        return _("You receive this email because you agreed to receive email updates from "
                 "%(site)s on %(date)s.") % {"site": site_name(), "date": when}


def _footer(language: str, postal_address: str) -> tuple[str, str]:
    """The footer in ``language`` as %-format strings with the per-recipient reason and
    links."""
    with translation.override(language):
        unsubscribe = _("Unsubscribe")
        preferences = _("Email preferences")
    address_html = "<br>".join(html.escape(line) for line in postal_address.splitlines())
    footer_html = (
        '<hr><p style="font-size:13px;color:#444">'
        f"%(why)s<br>{_pct(address_html)}<br>"
        f'<a href="%(unsubscribe_url)s">{_pct(html.escape(unsubscribe))}</a> · '
        f'<a href="%(preferences_url)s">{_pct(html.escape(preferences))}</a></p>'
    )
    footer_text = (
        f"\n-- \n%(why)s\n{_pct(postal_address.strip())}\n\n"
        f"{_pct(unsubscribe)}: %(unsubscribe_url)s\n{_pct(preferences)}: %(preferences_url)s\n"
    )
    return footer_html, footer_text


def content_compile(
    *, language: str, subject: str, html_body: str = "", postal_address: str,
    body_markdown: str = "", brand=None,
) -> CompiledContent:
    """One language ready for recipients: from Markdown in the branded layout, or, for
    mailings written before the Markdown editor, from their HTML as written."""
    subject_compiled = merge_compile(" ".join(subject.split()))
    footer_html, footer_text = _footer(language, postal_address)
    if body_markdown.strip():
        from alianza.outreach.services import email_layout

        full_html = merge_compile(
            email_layout.email_html(language=language, subject=subject, source=body_markdown,
                                    brand=brand or email_layout.brand_current(),
                                    postal_address=postal_address),
            extra=email_layout.FOOTER_FIELDS)
        text = merge_compile(email_layout.markdown_text(body_markdown)) + footer_text
        return CompiledContent(
            language=language, subject=subject_compiled,
            subject_has_fields="%(" in subject_compiled, html=full_html, text=text)
    body_html = merge_compile(html_body)
    if "</body>" in body_html:
        full_html = body_html.replace("</body>", footer_html + "</body>", 1)
    else:
        full_html = (
            f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"></head>'
            f"<body>{body_html}{footer_html}</body></html>"
        )
    # The text part comes from the sender's HTML before merge: merge markers survive as text.
    text = merge_compile(html_to_text(html_body)) + footer_text
    return CompiledContent(
        language=language, subject=subject_compiled, subject_has_fields="%(" in subject_compiled,
        html=full_html, text=text,
    )


def pick_language(available: list[str], wanted: str) -> str:
    """The recipient's language, its primary subtag, else English, else the first written."""
    wanted = (wanted or "").lower()
    lowered = {code.lower(): code for code in available}
    for candidate in (wanted, wanted.split("-")[0], settings.LANGUAGE_CODE, "en"):
        if candidate in lowered:
            return lowered[candidate]
    return available[0]
