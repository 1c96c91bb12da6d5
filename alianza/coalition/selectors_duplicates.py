"""Likely duplicate organizations, for staff to merge or to mark as different.

Two organizations are offered as a pair when their match keys (names without legal
suffixes such as "Inc." or "LLC", small connecting words, punctuation and spaces) are equal,
or nearly equal: a typo or a missing word in a long name. Near matches are only compared
within a block of names sharing their first letters, which keeps the work close to linear
in the number of organizations.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from django.db.models import Count

from alianza.coalition.models import Organization, OrganizationDistinct

SIMILARITY_THRESHOLD = 0.88
BLOCK_PREFIX = 4  # near matches must share their first letters
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
    rows = list(Organization.objects.order_by().values_list("pk", "match_key"))
    blocks: dict[str, list[tuple[int, str]]] = {}
    for pk, key in rows:
        if key:
            blocks.setdefault(key[:BLOCK_PREFIX], []).append((pk, key))
    scores: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        for (a, key_a), (b, key_b) in combinations(sorted(members), 2):
            score = 1.0 if key_a == key_b else _similarity(key_a, key_b)
            if score >= SIMILARITY_THRESHOLD:
                scores[(a, b)] = score
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


def _similarity(a: str, b: str) -> float:
    if abs(len(a) - len(b)) > max(len(a), len(b)) * (1 - SIMILARITY_THRESHOLD):
        return 0.0  # cannot reach the threshold; skip the costly comparison
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
