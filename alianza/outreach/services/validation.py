"""Checks made before anything is sent: every problem gets a clear, translated message."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alianza.core.email_address import email_address_normalize
from alianza.outreach import conf
from alianza.outreach.models import Mailing
from alianza.outreach.selectors import Resolution, segment_resolve
from alianza.outreach.services.rendering import MERGE_FIELDS, MergeFieldError, merge_compile

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class MailingInvalid(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def display_name_problem(name: str) -> str | None:
    """Why a sender name cannot be used, if it cannot (newlines, a smuggled address)."""
    if _CONTROL.search(name or ""):
        return _("The sender name contains a line break or control character.")
    if any(ch in (name or "") for ch in "<>@\",;"):
        return _("The sender name may not contain an address or the characters < > @ \" , ;")
    return None


def address_problem(address: str) -> str | None:
    """Why ``address`` cannot be sent to, by the site-wide rule (``core.email_address``)."""
    if _CONTROL.search(address or ""):
        return _("The address contains a line break or control character.")
    try:
        email_address_normalize(address)
    except ValidationError as error:
        if error.code in ("non_ascii_local", "ip_literal"):
            return f"“{address[:100]}”: {error.messages[0]}"
        return _("“%(address)s” is not a valid email address.") % {"address": address[:100]}
    return None


def _merge_problem(text: str, language: str) -> str | None:
    try:
        merge_compile(text)
    except MergeFieldError as error:
        fields = ", ".join("{{ " + field + " }}" for field in MERGE_FIELDS)
        if error.field.startswith("{{"):
            # merge_compile reports an opening brace with no closing one by its text.
            return _("The %(language)s version has a merge field that is not closed: "
                     "“%(field)s…”. Write it with two closing braces, like {{ name }}. "
                     "Available: %(fields)s.") % {
                "language": language, "field": error.field[:25].strip(), "fields": fields}
        return _("The %(language)s version uses an unknown merge field “%(field)s”. "
                 "Available: %(fields)s.") % {
            "language": language, "field": error.field[:40], "fields": fields}
    return None


def subject_problems(*, language: str, subject: str) -> list[str]:
    name = _language_name(language)
    errors = []
    if not subject.strip():
        errors.append(_("The %(language)s subject is empty.") % {"language": name})
    if _CONTROL.search(subject):
        errors.append(_("The %(language)s subject contains a line break; a subject must be "
                        "one line.") % {"language": name})
    if problem := _merge_problem(subject, name):
        errors.append(problem)
    return errors


def body_problems(*, language: str, html_body: str = "", body_markdown: str = "") -> list[str]:
    """Problems of one body: Markdown when given, else the HTML of an older mailing."""
    from alianza.outreach.services.email_layout import body_problems_markdown

    name = _language_name(language)
    errors = []
    if body_markdown.strip():
        html_body = body_markdown
    size = len(html_body.encode("utf-8"))
    if size > conf.max_body_bytes():
        errors.append(_("The %(language)s body is %(size)d KB; the limit is %(limit)d KB. "
                        "Link to long documents instead of pasting them.") % {
            "language": name, "size": size // 1000, "limit": conf.max_body_bytes() // 1000})
    if not html_body.strip():
        errors.append(_("The %(language)s body is empty.") % {"language": name})
    if problem := _merge_problem(html_body, name):
        errors.append(problem)
    if body_markdown.strip():
        errors += [f"{name}: {problem}" for problem in body_problems_markdown(body_markdown)]
    return errors


def content_version_problems(*, language: str, subject: str, html_body: str = "",
                             body_markdown: str = "") -> list[str]:
    """Problems of one language version, as typed (before or after it is saved)."""
    return (subject_problems(language=language, subject=subject)
            + body_problems(language=language, html_body=html_body,
                            body_markdown=body_markdown))


def content_problems(mailing: Mailing) -> list[str]:
    errors = []
    contents = list(mailing.contents.all())
    if not contents:
        return [_("Write a subject and body in at least one language.")]
    if settings.LANGUAGE_CODE not in {c.language for c in contents}:
        errors.append(_("Write a version in %(language)s: it is sent to everyone whose own "
                        "language is missing.") % {"language": _language_name(
                            settings.LANGUAGE_CODE)})
    for content in contents:
        errors += content_version_problems(language=content.language, subject=content.subject,
                                           html_body=content.html_body,
                                           body_markdown=content.body_markdown)
    return errors


def mailing_check(*, mailing: Mailing) -> tuple[list[str], Resolution | None]:
    """All problems that stop ``mailing`` from being sent, and who it would reach."""
    errors = content_problems(mailing)
    if mailing.from_name and (problem := display_name_problem(mailing.from_name)):
        errors.append(problem)
    if mailing.reply_to and (problem := address_problem(mailing.reply_to)):
        errors.append(_("Reply-to: %(problem)s") % {"problem": problem})
    resolution = None
    if mailing.segment is None:
        errors.append(_("Choose who receives this mailing (a segment)."))
    else:
        resolution = segment_resolve(definition=mailing.segment.definition)
        if resolution.count == 0:
            left_out = ", ".join(f"{label}: {n}" for label, n in resolution.excluded_labels())
            errors.append(
                _("This segment has no one who can be mailed right now.")
                + (" " + _("Left out: %(reasons)s.") % {"reasons": left_out} if left_out else "")
            )
    return errors, resolution
