"""Staff settings of a statement that are not its text: the signature goal."""

from __future__ import annotations

from django.db import transaction

from alianza.coalition.models import Statement


@transaction.atomic
def statement_goal_set(*, statement: Statement, goal: int | None) -> Statement:
    """Set (or, with None, clear) how many confirmed signatures the coalition aims for."""
    statement.signature_goal = goal
    statement.full_clean()
    statement.save(update_fields=["signature_goal"])
    return statement
