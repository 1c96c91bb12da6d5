"""The one rule for which email addresses Alianza accepts, used by every form and import.

Decision: an address must be deliverable by every path that sends mail (the outbox through
Django's SMTP backend, and the bulk engine, which writes ASCII headers and does not offer
SMTPUTF8), and by the mail servers of the people we write to, many of which do not offer
SMTPUTF8 either. So:

- an internationalised *domain* (``ana@educación.org``) is accepted and stored in its
  ASCII-compatible punycode form (``ana@xn--educacin-13a.org``): it is the same mailbox,
  and every server can deliver it;
- a non-ASCII *local part* (``josé@example.org``) has no ASCII equivalent and needs
  SMTPUTF8 end to end, so it is refused at entry with a clear message in the person's
  language, rather than accepted and then silently dropped from mailings;
- IP-literal domains (``user@[192.0.2.1]``) are refused: they bypass DNS, and with it SPF,
  DMARC and MX policy; no real correspondent uses them;
- quoted local parts and the characters ``< > " , ; \\`` are refused: they are legal in
  RFC 5322 but break header building and are far more often typing mistakes or injection
  attempts than real mailboxes.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # RFC 5321 path limit, less the angle brackets
MAX_LOCAL_LENGTH = 64

MESSAGES = {
    "invalid": _("Enter a valid email address."),
    "non_ascii_local": _(
        "We cannot send email to addresses with accented or non-Latin letters before the "
        "“@” yet. Please use another address."
    ),
    "ip_literal": _(
        "Enter an address with a domain name after the “@” (such as example.org), not a "
        "numeric IP address."
    ),
    "too_long": _("This email address is too long."),
}

_FORBIDDEN = set(" \t\r\n<>\"(),;:\\[]")
# Django's validator checks the syntax once the domain is ASCII; IP literals are refused
# before it is asked.
_syntax = EmailValidator()
# The everyday address, checked with one regular expression: segments of thousands of
# people are checked address by address. Anything else takes the full path below.
_PLAIN = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"
)


def email_address_problem(value: str) -> str | None:
    """The code of what is wrong with ``value`` (see ``MESSAGES``), or None."""
    try:
        email_address_normalize(value)
    except ValidationError as error:
        return error.code
    return None


def email_address_normalize(value: str) -> str:
    """``value`` as the address Alianza stores and sends to: trimmed, lower-cased, domain in
    punycode. Raises ``ValidationError`` with a code of ``MESSAGES`` and a translated
    message."""
    address = (value or "").strip()
    lowered = address.lower()
    if (_PLAIN.fullmatch(lowered) and len(lowered) <= MAX_LENGTH
            and lowered.index("@") <= MAX_LOCAL_LENGTH):
        return lowered
    if not address or address.count("@") != 1:
        raise _error("invalid")
    local, domain = address.rsplit("@", 1)
    if domain.startswith("[") or _looks_like_ip(domain):
        raise _error("ip_literal")
    if not local.isascii():
        raise _error("non_ascii_local")
    if not local or any(ch in _FORBIDDEN for ch in local) or any(
            ch in _FORBIDDEN for ch in domain):
        raise _error("invalid")
    try:
        ascii_domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        raise _error("invalid") from None
    address = f"{local}@{ascii_domain}".lower()
    if len(local) > MAX_LOCAL_LENGTH or len(address) > MAX_LENGTH:
        raise _error("too_long")
    try:
        _syntax(address)
    except ValidationError:
        raise _error("invalid") from None
    return address


def _looks_like_ip(domain: str) -> bool:
    parts = domain.split(".")
    return len(parts) == 4 and all(part.isdigit() for part in parts)


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


class EmailAddressField(forms.CharField):
    """A form field for an email address under the rule above; cleans to the stored form."""

    widget = forms.EmailInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return email_address_normalize(value) if value else value


def email_formfield_overrides() -> dict:
    """``ModelAdmin.formfield_overrides`` so staff forms in the admin follow the same rule."""
    from django.db import models

    return {models.EmailField: {"form_class": EmailAddressField}}
