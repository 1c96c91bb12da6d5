from alianza.core import services
from alianza.core.tasks_compat import task


@task()
def email_deliver(outbound_id: int) -> bool:
    return services.email_deliver_now(outbound_id=outbound_id)


@task()
def email_deliver_batch(outbound_ids: list[int]) -> int:
    """Deliver a batch of queued emails (e.g. a burst of confirmations) in one task.

    Each message is claimed and retried on its own, exactly as with ``email_deliver``;
    they share one connection to the mail server.
    """
    return services.email_deliver_many(outbound_ids=outbound_ids)


@task()
def site_export_process(export_id: int) -> None:
    """Build a full site export (alianza/core/services_site_export.py)."""
    from alianza.core.services_site_export import site_export_run

    site_export_run(export_id=export_id)
