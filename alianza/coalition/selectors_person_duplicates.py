"""Likely duplicate people, for staff to merge or to mark as different.

A pair is offered when the two share an address (one's further address is the other's
main one), or when their names are the same once case, accents, punctuation and word order
are set aside *and* something else agrees: the same phone number, or addresses that differ
by a typo or a provider ("rosa.diaz@gmail.com", "rosadiaz@yahoo.com"). A common name alone
is not enough: two María Garcías are usually two people. People are grouped by name key
first, so the work grows with the number of people, not with the number of pairs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Person, PersonDistinct, PersonEmail

MAX_PAIRS = 500
LOCAL_PART_SIMILARITY = 0.8
MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class PersonPair:
    first: Person
    second: Person
    score: float
    reason: str


def person_name_key(name: str) -> str:
    """"María José Díaz" and "diaz, maria jose" share a key."""
    decomposed = unicodedata.normalize("NFKD", (name or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(sorted(re.sub(r"[\W_\d]+", " ", plain).split()))


def phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits.startswith("1"):  # +1 for North America
        digits = digits[1:]
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def _local_part(address: str) -> str:
    local = address.split("@", 1)[0].split("+", 1)[0]
    return re.sub(r"[._-]", "", local)


def _addresses_alike(a: str, b: str) -> bool:
    first, second = _local_part(a), _local_part(b)
    if not first or not second:
        return False
    return first == second or SequenceMatcher(None, first, second).ratio() >= \
        LOCAL_PART_SIMILARITY


REASONS = {
    "address": _("The same email address"),
    "phone": _("Same name and phone number"),
    "email": _("Same name and a similar email address"),
}
_SCORES = {"address": 1.0, "phone": 0.95, "email": 0.9}


def person_duplicate_pairs(*, limit: int = MAX_PAIRS) -> list[PersonPair]:
    """Likely duplicate pairs, the surest first; pairs staff said are different people
    and erased people are left out."""
    rows = list(Person.objects.filter(erased_at__isnull=True).order_by()
                .values_list("pk", "name", "email", "phone"))
    found: dict[tuple[int, int], str] = {}

    def offer(a: int, b: int, reason: str) -> None:
        pair = (min(a, b), max(a, b))
        if pair not in found or _SCORES[reason] > _SCORES[found[pair]]:
            found[pair] = reason

    owner = {email: pk for pk, _name, email, _phone in rows}
    for pk, email in PersonEmail.objects.filter(person__erased_at__isnull=True).order_by() \
            .values_list("person_id", "email"):
        if email in owner and owner[email] != pk:
            offer(pk, owner[email], "address")

    groups: dict[str, list[tuple[int, str, str]]] = {}
    for pk, name, email, phone in rows:
        key = person_name_key(name)
        if key:
            groups.setdefault(key, []).append((pk, email, phone_key(phone)))
    for members in groups.values():
        if len(members) > 50:  # a name this common says nothing; pairs would swamp the list
            continue
        for (a, email_a, phone_a), (b, email_b, phone_b) in combinations(members, 2):
            if phone_a and phone_a == phone_b:
                offer(a, b, "phone")
            elif _addresses_alike(email_a, email_b):
                offer(a, b, "email")
    if not found:
        return []
    distinct = set(PersonDistinct.objects.values_list("first_id", "second_id"))
    ranked = sorted(((pair, reason) for pair, reason in found.items() if pair not in distinct),
                    key=lambda item: (-_SCORES[item[1]], item[0]))[:limit]
    people = Person.objects.in_bulk({pk for pair, _reason in ranked for pk in pair})
    return [PersonPair(people[a], people[b], _SCORES[reason], str(REASONS[reason]))
            for (a, b), reason in ranked if a in people and b in people]


def person_likely_duplicates(person: Person) -> list[Person]:
    """Others who share an address with ``person`` or bear the same name (a few indexed
    queries, for the person's own page; the duplicates page looks further)."""
    if person.erased_at is not None:
        return []
    addresses = [person.email, *person.other_emails.values_list("email", flat=True)]
    condition = Q(email__in=addresses) | Q(other_emails__email__in=addresses)
    if person.name.strip():
        condition |= Q(name__iexact=person.name.strip())
    candidates = Person.objects.filter(condition, erased_at__isnull=True) \
        .exclude(pk=person.pk).distinct().order_by("name", "pk")[:20]
    distinct = set(PersonDistinct.objects.filter(first=person).values_list("second_id",
                                                                           flat=True))
    distinct |= set(PersonDistinct.objects.filter(second=person).values_list("first_id",
                                                                             flat=True))
    return [p for p in candidates if p.pk not in distinct]
