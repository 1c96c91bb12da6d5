"""Skip logic: when a question or section is shown, as data rather than code.

A condition is a small JSON document stored on a question or a section:

    {"q": "role", "op": "eq", "v": "parent"}                 one test
    {"all": [cond, cond, ...]}  /  {"any": [cond, ...]}      every one / at least one
    {"not": cond}

Operators: ``eq`` / ``ne`` (a single choice, text, county or district equals a value),
``selected`` / ``not_selected`` (a multiple choice or ranking includes a value),
``answered`` / ``unanswered``, and ``gt`` / ``ge`` / ``lt`` / ``le`` on numbers and rating
scales. ``q`` names an earlier question. These are the tests XLSForm's ``relevant`` column
uses in practice (``${q} = 'v'``, ``selected(${q}, 'v')``, ``${q} > 3``, joined with
``and``/``or``/``not``); ``xlsform_relevant`` turns the two into each other.

Pure Python with no Django import: the builder, the respondent's pages and the exports share
it, and an unanswered or unknown question makes a test false rather than raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

COMPARISONS = {"gt", "ge", "lt", "le"}
OPERATORS = {"eq", "ne", "selected", "not_selected", "answered", "unanswered", *COMPARISONS}


class ConditionError(ValueError):
    """A condition that is not in the format above; ``code`` names what is wrong."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _as_number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _test(cond: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    op = cond["op"]
    value = answers.get(cond["q"])
    if op == "answered":
        return not is_blank(value)
    if op == "unanswered":
        return is_blank(value)
    if is_blank(value):
        # An unanswered question satisfies no test but "not equal": a person who did not
        # say they are a parent is shown what non-parents are shown.
        return op in {"ne", "not_selected"}
    expected = cond.get("v")
    if op in {"selected", "not_selected"}:
        chosen = value if isinstance(value, list) else [value]
        found = str(expected) in {str(item) for item in chosen}
        return found if op == "selected" else not found
    if op in COMPARISONS:
        left, right = _as_number(value), _as_number(expected)
        if left is None or right is None:
            return False
        return {"gt": left > right, "ge": left >= right,
                "lt": left < right, "le": left <= right}[op]
    if isinstance(value, list):  # eq on a multiple choice: exactly that one choice
        value = value[0] if len(value) == 1 else None
    equal = str(value) == str(expected)
    return equal if op == "eq" else not equal


def evaluate(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Whether something with ``condition`` is shown, given the answers so far."""
    if not condition:
        return True
    if "all" in condition:
        return all(evaluate(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, answers) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], answers)
    return _test(condition, answers)


def validate(condition: Any, *, known: Mapping[str, str] | None = None) -> None:
    """Raise ``ConditionError`` unless ``condition`` is well formed.

    ``known`` maps the names of the questions a condition may refer to (those before it)
    to their types; a reference to any other name is refused.
    """
    if condition is None:
        return
    if not isinstance(condition, Mapping):
        raise ConditionError("not_a_condition")
    for group in ("all", "any"):
        if group in condition:
            parts = condition[group]
            if not isinstance(parts, list) or not parts:
                raise ConditionError("empty_group", group)
            for part in parts:
                validate(part, known=known)
            return
    if "not" in condition:
        validate(condition["not"], known=known)
        return
    if condition.get("op") not in OPERATORS:
        raise ConditionError("unknown_operator", str(condition.get("op")))
    name = condition.get("q")
    if not isinstance(name, str) or not name:
        raise ConditionError("no_question")
    if known is not None and name not in known:
        raise ConditionError("unknown_question", name)
    if condition["op"] not in {"answered", "unanswered"} and "v" not in condition:
        raise ConditionError("no_value", name)


def referenced(condition: Mapping[str, Any] | None) -> set[str]:
    """The question names a condition depends on."""
    if not condition:
        return set()
    for group in ("all", "any"):
        if group in condition:
            return set().union(*(referenced(part) for part in condition[group]))
    if "not" in condition:
        return referenced(condition["not"])
    return {condition["q"]}
