"""Background work for events: reminders (their emails go through the outbox)."""

from __future__ import annotations

from alianza.core.tasks_compat import task


@task()
def reminder_send_task(reminder_id: int) -> bool:
    from alianza.convenings.services import reminder_send

    return reminder_send(reminder_id=reminder_id)

