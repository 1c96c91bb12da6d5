from alianza.core.tasks_compat import task


@task()
def webhook_deliver(delivery_id: int) -> bool:
    from alianza.core.webhooks.services import webhook_deliver_now

    return webhook_deliver_now(delivery_id=delivery_id)
