"""The English-learner rule engine: pure, columnar (Polars), no Django.

Entry points: :func:`evaluate` (run the rule sets on canonical frames), the readers in
:mod:`.readers`, :func:`.suppression.suppressed_aggregates`, and :data:`RULE_SETS`.
"""

from .engine import RunResult, classify, evaluate
from .options import LocalCriteria, Options
from .registry import RULE_SETS, RuleSet, get_rule_set

__all__ = [
    "RULE_SETS",
    "LocalCriteria",
    "Options",
    "RuleSet",
    "RunResult",
    "classify",
    "evaluate",
    "get_rule_set",
]
