"""The periodic tick: scheduled mailings, stalled sends, expiring sign-ups, welcome series."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from alianza.core.services import email_queue
from alianza.outreach import conf
from alianza.outreach.models import (
    Delivery,
    EmailTemplate,
    Mailing,
    Subscription,
    Suppression,
    WelcomeStep,
)
from alianza.outreach.selectors_consent import consent_gate
from alianza.outreach.services import sending
from alianza.outreach.services.subscriptions import preferences_url, subscriptions_expire

logger = logging.getLogger(__name__)


@dataclass
class TickResult:
    started: int = 0
    resumed: int = 0
    finished: int = 0
    expired: int = 0
    welcomed: int = 0


def outreach_tick(*, enqueue: bool = True) -> TickResult:
    """Run everything that is due. Safe to run often and from several places at once."""
    now = timezone.now()
    result = TickResult(expired=subscriptions_expire())
    for pk in Mailing.objects.filter(status=Mailing.Status.SCHEDULED, scheduled_at__lte=now) \
            .values_list("pk", flat=True):
        if not sending.mailing_start(mailing_id=pk, queue_delivery=enqueue):
            result.started += 1
    stale = now - timedelta(seconds=conf.claim_timeout())
    for pk in Mailing.objects.filter(status=Mailing.Status.SENDING).values_list("pk", flat=True):
        if sending.mailing_finish_if_done(mailing_id=pk):
            result.finished += 1
            continue
        rows = Delivery.objects.filter(mailing_id=pk)
        active = rows.filter(status=Delivery.Status.SENDING, claimed_at__gte=stale).exists()
        due = rows.filter(sending._claimable(now)).exists()
        if enqueue and due and not active:
            # Nobody is working on it (a worker died, or retries came due): queue it again.
            sending._enqueue_deliver(pk)
            result.resumed += 1
    result.welcomed = welcome_series_send()
    return result


def _template_language(key: str, language: str) -> str | None:
    languages = set(EmailTemplate.objects.filter(key=key).values_list("language", flat=True))
    for candidate in (language, language.split("-")[0], settings.LANGUAGE_CODE):
        if candidate in languages:
            return candidate
    return None


def welcome_series_send() -> int:
    """Queue each confirmed subscriber's next welcome email once its delay has passed."""
    now = timezone.now()
    queued = 0
    suppressed = set(Suppression.objects.filter(lifted_at__isnull=True)
                     .values_list("address", flat=True))
    steps = list(WelcomeStep.objects.filter(is_active=True).order_by("mailing_list", "position"))
    for step in steps:
        previous = WelcomeStep.objects.filter(
            mailing_list=step.mailing_list, position__lt=step.position
        ).aggregate(p=Max("position"))["p"] or 0
        due = Subscription.objects.select_related("person", "mailing_list").filter(
            mailing_list=step.mailing_list, status=Subscription.Status.CONFIRMED,
            welcome_steps_sent=previous,
            confirmed_at__lte=now - timedelta(hours=step.delay_hours),
        )[:500]
        due = list(due)
        # Welcome emails are bulk mail: they pass the same consent gate as any mailing.
        gate = consent_gate(list_slugs=[step.mailing_list.slug],
                            person_ids=[s.person_id for s in due])
        for subscription in due:
            # Claim the step first so two ticks never send the same welcome email.
            claimed = Subscription.objects.filter(
                pk=subscription.pk, welcome_steps_sent=previous
            ).update(welcome_steps_sent=step.position)
            person = subscription.person
            language = _template_language(step.template_key, person.preferred_language)
            basis = gate.basis(person.pk, via_list=True, via_other=False)
            if not claimed or language is None or person.email in suppressed or basis is None:
                continue
            email_queue(
                to=person.email, template=step.template_key,
                context={"person": person, "preferences_url": preferences_url(person),
                         "list": subscription.mailing_list.slug},
                language=language, purpose="outreach-welcome",
                transactional=False, consent_scope=basis.scope,
            )
            queued += 1
    return queued
