"""Likely duplicate organizations, for staff to merge or to mark as different.

Two organizations are offered as a pair when their match keys (names without legal
suffixes such as "Inc." or "LLC", small connecting words, punctuation and spaces) are equal,
or nearly equal: a typo or a missing word. Near matches are looked for among neighbours
once the keys are sorted, forwards and backwards (so a typo near either end still leaves
the two close): linear in the number of organizations, where comparing every pair would
take minutes for a statewide coalition's thousands.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from django.db.models import Count

from alianza.coalition.models import Organization, OrganizationDistinct

SIMILARITY_THRESHOLD = 0.88
WINDOW = 4  # neighbours compared on each side, in each sort order
MAX_PAIRS = 500


@dataclass(frozen=True)
class DuplicatePair:
    first: Organization
    second: Organization
    similarity: float  # 1.0: the same once legal suffixes and punctuation are set aside

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def organization_duplicate_pairs(*, limit: int = MAX_PAIRS) -> list[DuplicatePair]:
    """Pairs of likely duplicates, the most alike first, leaving out pairs staff
    already said are different organizations."""
    rows = [(key, pk) for pk, key in Organization.objects.order_by().values_list(
        "pk", "match_key") if key]
    scores: dict[tuple[int, int], float] = {}
    groups: dict[str, list[int]] = {}
    for key, pk in rows:
        groups.setdefault(key, []).append(pk)
    for members in groups.values():  # the same key: every pair, however many
        for pair in combinations(sorted(members), 2):
            scores[pair] = 1.0
    keys = sorted(groups)
    for order in (keys, sorted(keys, key=lambda key: key[::-1])):
        for index, key in enumerate(order):
            for other in order[index + 1:index + 1 + WINDOW]:
                score = _similarity(key, other)
                if score >= SIMILARITY_THRESHOLD:
                    for a in groups[key]:
                        for b in groups[other]:
                            scores[(min(a, b), max(a, b))] = score
    if not scores:
        return []
    distinct = set(OrganizationDistinct.objects.values_list("first_id", "second_id"))
    ranked = sorted(((score, pair) for pair, score in scores.items() if pair not in distinct),
                    key=lambda item: (-item[0], item[1]))[:limit]
    ids = {pk for _score, pair in ranked for pk in pair}
    organizations = Organization.objects.annotate(people_count=Count("affiliations")) \
        .in_bulk(ids)
    return [DuplicatePair(organizations[a], organizations[b], score)
            for score, (a, b) in ranked if a in organizations and b in organizations]


def organization_same_match_key(organization: Organization) -> list[Organization]:
    """Other organizations whose name is the same but for legal suffixes and punctuation
    (one indexed query, for the organization's own page)."""
    if not organization.match_key:
        return []
    distinct = OrganizationDistinct.objects.filter(
        first=organization).values_list("second_id", flat=True).union(
        OrganizationDistinct.objects.filter(second=organization).values_list("first_id",
                                                                             flat=True))
    return list(Organization.objects.filter(match_key=organization.match_key)
                .exclude(pk=organization.pk).exclude(pk__in=list(distinct)).order_by("name"))


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # Cheap upper bounds first: most neighbours fail them.
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD \
            or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()
