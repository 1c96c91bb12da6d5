"""Editable email templates: render staff-written wording in a sandbox.

``alianza.core.services.email_queue`` asks :func:`email_template_render` first; when no
row exists for the key and language, or the row cannot be rendered, the file template is
used, so a mistake in an edited template never stops an email.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from decimal import Decimal
from typing import Any

from django.db import models
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.functional import Promise

from alianza.outreach.models import EmailTemplate

logger = logging.getLogger(__name__)


class SandboxEngine(Engine):
    default_builtins: list[str] = []


_engine = SandboxEngine(builtins=["alianza.outreach.sandbox"], autoescape=False)

_PLAIN = (str, int, float, bool, Decimal, datetime.date, datetime.datetime, type(None))


def plain(value: Any, depth: int = 0) -> Any:
    """Data only: models become dicts of their own fields, so templates call no methods."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Promise):
        return str(value)
    if depth > 3:
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()
                if not str(k).startswith("_")}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, models.Model):
        data = {f.name: getattr(value, f.attname) for f in value._meta.concrete_fields
                if not f.is_relation}
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), depth + 1)
                for f in dataclasses.fields(value)}
    return str(value)


def template_check(source: str) -> None:
    """Raise TemplateSyntaxError when ``source`` is not valid in the sandbox."""
    _engine.from_string(source)


def render_source(source: str, context: dict[str, Any]) -> str:
    return _engine.from_string(source).render(Context(plain(context), autoescape=False))


def email_template_render(
    *, key: str, language: str, context: dict[str, Any]
) -> tuple[str, str, str] | None:
    """(subject, text, html) from the edited template for ``key`` in ``language``, if any."""
    row = EmailTemplate.objects.filter(key=key, language=language).first()
    if row is None:
        return None
    try:
        subject = " ".join(render_source(row.subject, context).split())
        body = render_source(row.body, context)
    except (TemplateSyntaxError, Exception):  # noqa: BLE001 - fall back to the file template
        logger.exception("Email template %s (%s) could not be rendered", key, language)
        return None
    return subject, body, ""
