"""What staff write (Markdown) becomes a branded, responsive email.

Markdown → HTML → sanitised with nh3 → placed in an MJML layout (the coalition's name,
colour and logo) → rendered by MRML → styles inlined with css-inline, because many mail
apps drop ``<style>`` blocks. The plain-text part is written from the same Markdown.

Two additions to Markdown, so nobody needs HTML:

- a button is a line of its own: ``[[Read the report](https://example.org/report)]``;
- an image is Markdown's ``![what it shows](https://…)``; it must be an https address or
  a picture uploaded on the mailing page, so every mail app can load it.

Merge fields (``{{ name }}``) pass through untouched; ``rendering.merge_compile`` turns the
finished HTML into a per-recipient format string, so this runs once per language.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import css_inline
import markdown
import nh3
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from alianza.outreach.services.rendering import html_to_text

BUTTON = re.compile(r"^[ \t]*\[\[([^\]\n]+)\]\(([^()\s]+)\)\][ \t]*$", re.MULTILINE)
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", re.IGNORECASE)
DEFAULT_COLOR = "#1f5f8b"

ALLOWED_TAGS = {"p", "br", "h1", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s",
                "a", "img", "ul", "ol", "li", "blockquote", "hr", "code", "pre", "span",
                "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height", "title"},
                      "th": {"align"}, "td": {"align"}}

# Styles mail apps cannot be trusted to keep in <head>: css-inline copies them onto tags.
_CSS = """
.body p, .body li {{ font-size: 16px; line-height: 1.55; margin: 0 0 14px; color: #1c1c1c; }}
.body h1 {{ font-size: 26px; line-height: 1.25; margin: 8px 0 14px; color: {color}; }}
.body h2 {{ font-size: 21px; line-height: 1.3; margin: 18px 0 10px; color: {color}; }}
.body h3, .body h4 {{ font-size: 18px; line-height: 1.3; margin: 16px 0 8px; color: #1c1c1c; }}
.body a {{ color: {color}; text-decoration: underline; }}
.body img {{ max-width: 100%; height: auto; border: 0; display: block; margin: 8px 0 14px; }}
.body blockquote {{ margin: 0 0 14px; padding: 4px 0 4px 14px; border-left: 4px solid {color};
  color: #333333; }}
.body ul, .body ol {{ padding-left: 22px; margin: 0 0 14px; }}
.body hr {{ border: 0; border-top: 1px solid #d6d6d6; margin: 18px 0; }}
.footer p {{ font-size: 13px; line-height: 1.5; color: #4a4a4a; margin: 0 0 8px; }}
.footer a {{ color: #4a4a4a; text-decoration: underline; }}
"""

FOOTER_FIELDS = ("why", "unsubscribe_url", "preferences_url")


@dataclass(frozen=True)
class Brand:
    name: str
    color: str = DEFAULT_COLOR
    logo_url: str = ""

    @property
    def on_color(self) -> str:
        """Black or white, whichever reads better on the brand colour (WCAG luminance)."""
        red, green, blue = (int(self.color[i:i + 2], 16) / 255 for i in (1, 3, 5))

        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
        return "#000000" if luminance > 0.179 else "#ffffff"


def brand_current() -> Brand:
    from alianza.coalition.models import CoalitionProfile
    from alianza.core.site import site_name

    profile = CoalitionProfile.objects.only("name", "brand_color", "logo").first()
    if profile is None:
        return Brand(name=site_name())
    color = profile.brand_color if re.fullmatch(r"#[0-9a-fA-F]{6}", profile.brand_color or "") \
        else DEFAULT_COLOR
    logo = settings.SITE_URL + reverse("coalition-logo") if profile.logo else ""
    return Brand(name=profile.name, color=color, logo_url=logo)


# Reading the Markdown ---------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # "text" or "button"
    text: str
    url: str = ""


def markdown_blocks(source: str) -> list[Block]:
    """The body cut at its button lines: text, button, text…"""
    blocks, position = [], 0
    for match in BUTTON.finditer(source):
        if source[position:match.start()].strip():
            blocks.append(Block("text", source[position:match.start()]))
        blocks.append(Block("button", match.group(1).strip(), match.group(2).strip()))
        position = match.end()
    if source[position:].strip():
        blocks.append(Block("text", source[position:]))
    return blocks


def image_url_absolute(src: str) -> str:
    """An uploaded picture's address as a mail app must see it: with the site in front."""
    if src.startswith("/") and not src.startswith("//"):
        return settings.SITE_URL.rstrip("/") + src
    return src


_UPLOADED = re.compile(r"/(?:[a-z]{2,3}(?:-[a-z0-9]+)?/)?lists/images/[\w.-]+")


def _is_uploaded(src: str) -> bool:
    """A picture uploaded here, written with or without the site's address, in any language."""
    path = src.removeprefix(settings.SITE_URL.rstrip("/"))
    return bool(_UPLOADED.fullmatch(path))


def markdown_html(source: str) -> str:
    """One text block as safe HTML: scripts, styles, event handlers and odd links removed."""
    raw = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel=None)
    return _IMG_SRC.sub(lambda m: m.group(0).replace(
        m.group(1), html.escape(image_url_absolute(html.unescape(m.group(1))))), clean)


def body_problems_markdown(source: str) -> list[str]:
    """What would make the Markdown send badly: images that cannot load, buttons without
    a web link. Messages are in the active language."""
    problems = []
    for block in markdown_blocks(source):
        if block.kind == "button":
            if not block.url.startswith(("https://", "http://", "mailto:")):
                problems.append(_("The button “%(text)s” needs a link that starts with "
                                  "https://, for example [[%(text)s](https://example.org)].")
                                % {"text": block.text[:60]})
            continue
        raw = markdown.markdown(block.text, extensions=["sane_lists"], output_format="html")
        for src in _IMG_SRC.findall(raw):
            src = html.unescape(src)
            if src.startswith("https://") or _is_uploaded(src):
                continue
            problems.append(_("The image “%(src)s” cannot be shown in email: use an address "
                              "that starts with https://, or upload the picture on this page.")
                            % {"src": src[:80]})
    return problems


def markdown_text(source: str) -> str:
    """The plain-text part: links as “text (address)”, buttons as “Text: address”."""
    parts = []
    for block in markdown_blocks(source):
        if block.kind == "button":
            parts.append(f"{block.text}: {block.url}\n")
        else:
            parts.append(html_to_text(markdown_html(block.text)))
    return "\n".join(part.strip("\n") + "\n" for part in parts if part.strip())


# The layout -------------------------------------------------------------------------------


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _footer_mjml(postal_address: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        unsubscribe, preferences = _("Unsubscribe"), _("Email preferences")
    address = "<br>".join(html.escape(line) for line in postal_address.strip().splitlines())
    return (
        '<mj-section padding="8px 0 24px"><mj-column>'
        '<mj-text css-class="footer" padding="8px 24px">'
        "<p>{{ why }}</p>" + (f"<p>{address}</p>" if address else "")
        + f'<p><a href="{{{{ unsubscribe_url }}}}">{html.escape(unsubscribe)}</a> · '
        f'<a href="{{{{ preferences_url }}}}">{html.escape(preferences)}</a></p>'
        "</mj-text></mj-column></mj-section>"
    )


def _body_mjml(source: str, brand: Brand) -> str:
    parts = []
    for block in markdown_blocks(source):
        if block.kind == "button":
            parts.append(
                f'<mj-button href="{_attr(block.url)}" background-color="{brand.color}" '
                f'color="{brand.on_color}" font-size="16px" font-weight="bold" '
                f'inner-padding="12px 24px" border-radius="6px" align="left" '
                f'padding="6px 24px 18px">{html.escape(block.text)}</mj-button>')
        else:
            parts.append(f'<mj-text css-class="body" padding="0 24px">'
                         f"{markdown_html(block.text)}</mj-text>")
    return "".join(parts)


def email_html(*, language: str, subject: str, source: str, brand: Brand,
               postal_address: str) -> str:
    """The finished HTML of one language, merge fields and footer fields still as ``{{ }}``."""
    import mjml

    if brand.logo_url:
        header = (f'<mj-image src="{_attr(brand.logo_url)}" alt="{_attr(brand.name)}" '
                  f'width="180px" align="left" padding="20px 24px 12px"></mj-image>')
    else:
        header = (f'<mj-text padding="20px 24px 12px" font-size="20px" font-weight="bold" '
                  f'color="{brand.color}">{html.escape(brand.name)}</mj-text>')
    document = (
        f'<mjml lang="{_attr(language)}"><mj-head>'
        f"<mj-title>{html.escape(subject)}</mj-title>"
        '<mj-attributes><mj-all font-family="Arial, Helvetica, sans-serif"></mj-all>'
        "</mj-attributes>"
        f"<mj-style>{_CSS.format(color=brand.color)}</mj-style>"
        "</mj-head>"
        '<mj-body background-color="#f2f2f2" width="600px">'
        f'<mj-section padding="0"><mj-column><mj-divider border-color="{brand.color}" '
        'border-width="6px" padding="0"></mj-divider></mj-column></mj-section>'
        f'<mj-section background-color="#ffffff" padding="0 0 8px"><mj-column>{header}'
        f"{_body_mjml(source, brand)}</mj-column></mj-section>"
        f"{_footer_mjml(postal_address, language)}"
        "</mj-body></mjml>"
    )
    rendered = mjml.mjml2html(document, disable_comments=True)
    inliner = css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)
    return inliner.inline(rendered)
