"""Background work for bill alerts: the immediate emails about new changes (queued on
commit by ``bill_changes_announce``; their emails go through the outbox)."""

from __future__ import annotations

from alianza.core.tasks_compat import task


@task()
def bill_alerts_immediate_task(change_ids: list[int]) -> int:
    from alianza.policy.services.alerts import alerts_send_immediate

    return alerts_send_immediate(change_ids=change_ids)
