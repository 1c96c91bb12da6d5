"""XLSForm ``relevant`` expressions to ``alianza.listening.logic`` conditions and back.

Only the tests people write in practice are understood: ``${q} = 'v'``, ``${q} != 'v'``,
``selected(${q}, 'v')``, ``${q} > 3`` (and ``>=``, ``<``, ``<=``), ``${q} != ''`` (answered),
``${q} = ''`` (unanswered), joined with ``and``/``or``, ``not(...)`` and parentheses.
Anything else raises ``RelevantError``: a form whose logic we cannot follow exactly must not
be imported with different logic.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[A-Za-z_][\w.\-]*\})|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>!=|>=|<=|=|>|<)|(?P<punct>[(),])"
    r"|(?P<word>[A-Za-z_][\w\-]*))"
)
_OPS = {"=": "eq", "!=": "ne", ">": "gt", ">=": "ge", "<": "lt", "<=": "le"}
_SYMBOLS = {value: key for key, value in _OPS.items()}


class RelevantError(ValueError):
    """An expression outside the supported subset."""


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise RelevantError(text[position:position + 20])
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise RelevantError(token[1] if token else "end")
        self.index += 1
        return token[1]

    def parse(self) -> dict:
        condition = self.expression()
        if self.peek() is not None:
            raise RelevantError(self.peek()[1])
        return condition

    def expression(self) -> dict:
        parts = [self.conjunction()]
        while self.peek() == ("word", "or"):
            self.index += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else {"any": parts}

    def conjunction(self) -> dict:
        parts = [self.unary()]
        while self.peek() == ("word", "and"):
            self.index += 1
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else {"all": parts}

    def unary(self) -> dict:
        token = self.peek()
        if token == ("word", "not"):
            self.index += 1
            self.take("punct", "(")
            inner = self.expression()
            self.take("punct", ")")
            if inner.get("op") == "selected":
                return {**inner, "op": "not_selected"}
            return {"not": inner}
        if token == ("punct", "("):
            self.index += 1
            inner = self.expression()
            self.take("punct", ")")
            return inner
        if token == ("word", "selected"):
            self.index += 1
            self.take("punct", "(")
            name = self.take("ref")[2:-1]
            self.take("punct", ",")
            value = self.literal()
            self.take("punct", ")")
            return {"q": name, "op": "selected", "v": str(value)}
        name = self.take("ref")[2:-1]
        op = _OPS[self.take("op")]
        value = self.literal()
        if value == "" and op in {"eq", "ne"}:
            return {"q": name, "op": "unanswered" if op == "eq" else "answered"}
        if op in {"gt", "ge", "lt", "le"} and not isinstance(value, int | float):
            raise RelevantError(str(value))
        return {"q": name, "op": op, "v": value}

    def literal(self) -> Any:
        token = self.peek()
        if token is None:
            raise RelevantError("end")
        self.index += 1
        kind, text = token
        if kind == "str":
            return text[1:-1]
        if kind == "num":
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
        raise RelevantError(text)


def to_condition(expression: str | None) -> dict | None:
    """The condition an XLSForm ``relevant`` expression states (None when blank)."""
    if not expression or not str(expression).strip():
        return None
    return _Parser(str(expression)).parse()


def _quote(value: Any) -> str:
    if isinstance(value, bool):
        value = str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


def to_expression(condition: dict | None, *, nested: bool = False) -> str:
    """The XLSForm ``relevant`` expression for a condition ('' for none)."""
    if not condition:
        return ""
    for group, joiner in (("all", " and "), ("any", " or ")):
        if group in condition:
            text = joiner.join(to_expression(part, nested=True) for part in condition[group])
            return f"({text})" if nested and len(condition[group]) > 1 else text
    if "not" in condition:
        return f"not({to_expression(condition['not'])})"
    ref, op = "${" + condition["q"] + "}", condition["op"]
    if op == "answered":
        return f"{ref} != ''"
    if op == "unanswered":
        return f"{ref} = ''"
    if op == "selected":
        return f"selected({ref}, {_quote(condition['v'])})"
    if op == "not_selected":
        return f"not(selected({ref}, {_quote(condition['v'])}))"
    return f"{ref} {_SYMBOLS[op]} {_quote(condition['v'])}"
