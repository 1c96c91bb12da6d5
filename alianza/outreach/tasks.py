"""Background tasks: they take ids and call services."""

from alianza.core.tasks_compat import task
from alianza.outreach.services import automation, sending


@task()
def mailing_start(mailing_id: int) -> list[str]:
    return sending.mailing_start(mailing_id=mailing_id)


@task()
def mailing_deliver(mailing_id: int) -> int:
    return sending.mailing_deliver_all(mailing_id=mailing_id)


@task()
def outreach_tick() -> dict:
    return automation.outreach_tick().__dict__
