"""Writes for mailings as staff compose them: drafts, scheduling, sending now, unscheduling.

Checks and the start of sending live in ``validation`` and ``sending``; this module is
the part the staff pages need on top of them.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.outreach.models import Mailing, MailingContent, Segment
from alianza.outreach.services import sending

logger = logging.getLogger(__name__)


@transaction.atomic
def mailing_save(
    *,
    mailing: Mailing | None,
    name: str,
    segment: Segment | None,
    from_name: str,
    reply_to: str,
    tracking: bool,
    contents: dict[str, tuple[str, str]],
    user=None,
) -> Mailing:
    """Create or update a draft. ``contents`` maps a language to (subject, Markdown body);
    a language with both blank is removed, so its readers get the default language.

    A mailing written before the Markdown editor is converted on its first save: its HTML
    was shown in the editor (Markdown keeps HTML as it is) and is kept from now on as the
    Markdown body, so the sanitiser and the branded layout apply to it too."""
    if mailing is not None:
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        # Checked under the lock: a stale page must not rewrite a mailing being sent.
        if mailing.status != Mailing.Status.DRAFT:
            raise ValidationError(_("Only a draft can be changed; this mailing is “%(status)s”.")
                                  % {"status": mailing.get_status_display()})
    else:
        mailing = Mailing(status=Mailing.Status.DRAFT, created_by=user)
    mailing.name = " ".join(name.split())
    mailing.segment = segment
    mailing.from_name = from_name.strip()
    mailing.reply_to = reply_to.strip()
    mailing.tracking = tracking
    mailing.problem = ""
    mailing.full_clean(exclude=["created_by"])
    mailing.save()
    for language, (subject, body) in contents.items():
        if not subject.strip() and not body.strip():
            MailingContent.objects.filter(mailing=mailing, language=language).delete()
            continue
        content = MailingContent.objects.filter(mailing=mailing, language=language).first() \
            or MailingContent(mailing=mailing, language=language)
        content.subject = " ".join(subject.split())
        content.body_markdown = body
        content.html_body = ""
        content.full_clean(exclude=["mailing"])
        content.save()
    return mailing


def _enqueue_start(mailing_id: int) -> None:
    from alianza.outreach.tasks import mailing_start

    try:
        mailing_start.enqueue(mailing_id)
    except Exception:  # noqa: BLE001 - the tick starts scheduled mailings that are due
        logger.exception("Could not enqueue the start of mailing %s", mailing_id)


def mailing_send_at(*, mailing: Mailing, when: datetime | None) -> list[str]:
    """Schedule a draft for ``when``, or start it now when ``when`` is None.

    "Now" is a schedule for the present moment plus a queued start, so a worker that
    is down only delays it: the periodic tick starts any scheduled mailing that is due.
    Returns the problems that stopped it; nothing is sent when there are any.
    """
    if mailing.status != Mailing.Status.DRAFT:
        return [_("Only a draft can be sent or scheduled; this mailing is “%(status)s”.")
                % {"status": mailing.get_status_display()}]
    now = timezone.now()
    errors = sending.mailing_schedule(mailing=mailing, when=when or now)
    if errors:
        return errors
    if not Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED).exists():
        return [_("This mailing changed while you were looking at it. Reload the page.")]
    if when is None or when <= now:
        transaction.on_commit(lambda: _enqueue_start(mailing.pk))
    return []


def mailing_unschedule(*, mailing: Mailing) -> bool:
    """A scheduled mailing goes back to being a draft. False when it has already started."""
    return bool(Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED)
                .update(status=Mailing.Status.DRAFT, scheduled_at=None,
                        modified_at=timezone.now()))
