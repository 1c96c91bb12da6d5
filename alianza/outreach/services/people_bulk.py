"""Writes staff make on many people at once from the people list: tag them, add them to a
mailing list, save the list's filters as a segment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.coalition.models import Person
from alianza.outreach.models import MailingList, Segment, Subscription, Tag
from alianza.outreach.selectors_consent import general_email_consents
from alianza.outreach.services.segments import segment_definition, segment_save

_CHUNK = 2000
STAFF_SOURCE = "staff-people-list"


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    ids = sorted(set(ids))
    return [ids[start:start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


@transaction.atomic
def tag_people_add(*, tag_name: str, person_ids: Sequence[int]) -> tuple[Tag, int]:
    """Tag people, creating the tag when no tag has that name or slug. Returns the tag and
    how many people newly carry it."""
    name = " ".join(tag_name.split())
    slug = slugify(name)
    if not slug:
        raise ValidationError(_("A tag needs letters or digits in its name."))
    tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.filter(slug=slug).first()
    if tag is None:
        tag = Tag(slug=slug, name=name)
        tag.full_clean()
        tag.save()
    through = Tag.people.through
    added = 0
    for chunk in _chunks(person_ids):
        present = set(through.objects.filter(tag=tag, person_id__in=chunk)
                      .values_list("person_id", flat=True))
        rows = [through(tag=tag, person_id=pid) for pid in chunk if pid not in present]
        through.objects.bulk_create(rows, ignore_conflicts=True)
        added += len(rows)
    return tag, added


SKIP_REASONS = {
    "no_consent": gettext_lazy("no consent to email updates on record"),
    "withdrawn": gettext_lazy("unsubscribed from email"),
    "left_list": gettext_lazy("left this list before"),
    "pending": gettext_lazy("asked to join this list and has not confirmed yet"),
}


@dataclass
class ListAddResult:
    added: int = 0
    already: int = 0
    skipped: Counter = field(default_factory=Counter)

    def skipped_labels(self) -> list[tuple[str, int]]:
        return [(str(SKIP_REASONS[key]), n) for key, n in self.skipped.items() if n]


@transaction.atomic
def mailing_list_people_add(*, mailing_list: MailingList, person_ids: Sequence[int],
                            user) -> ListAddResult:
    """Subscribe people to a list on the strength of their own consent to email updates.

    Only a person whose newest general email consent is a grant is added: staff cannot
    give consent for anyone. Someone who left this list, or whose own request to join is
    waiting for confirmation, is left as they are. No consent row is written: the person
    did not act; the subscription's source and wording say who added them and why.
    """
    result = ListAddResult()
    now = timezone.now()
    who = getattr(user, "get_username", lambda: "")()
    for chunk in _chunks(person_ids):
        granted, _stopped, withdrawn = general_email_consents(chunk)
        current = dict(Subscription.objects.filter(mailing_list=mailing_list,
                                                   person_id__in=chunk)
                       .values_list("person_id", "status"))
        languages = dict(Person.objects.filter(pk__in=chunk)
                         .values_list("pk", "preferred_language"))
        new = []
        for pid in chunk:
            status = current.get(pid)
            if status == Subscription.Status.CONFIRMED:
                result.already += 1
            elif pid not in granted:
                result.skipped["withdrawn" if pid in withdrawn else "no_consent"] += 1
            elif status == Subscription.Status.UNSUBSCRIBED:
                result.skipped["left_list"] += 1
            elif status == Subscription.Status.PENDING:
                result.skipped["pending"] += 1
            else:
                basis = granted[pid]
                new.append(Subscription(
                    person_id=pid, mailing_list=mailing_list,
                    status=Subscription.Status.CONFIRMED, source=STAFF_SOURCE,
                    wording=(f"Added by staff ({who}) on the strength of the consent to email "
                             f"updates ({basis.scope}) given {basis.granted_at.isoformat()}."),
                    language=languages.get(pid, "en"), confirmed_at=now))
        if status_expired := [pid for pid in chunk if current.get(pid)
                              == Subscription.Status.EXPIRED and pid in granted]:
            # An expired request left a row behind: it becomes the subscription.
            Subscription.objects.filter(mailing_list=mailing_list,
                                        person_id__in=status_expired).delete()
        Subscription.objects.bulk_create(new)
        result.added += len(new)
    return result


def segment_from_people_query(*, name: str, people_query: str) -> Segment:
    """Save the people list's filters as a segment that follows them."""
    name = " ".join(name.split())
    if Segment.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("Another segment already has this name."))
    return segment_save(segment=None, name=name,
                        definition=segment_definition(people_query=people_query))
