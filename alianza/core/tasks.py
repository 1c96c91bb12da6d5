from alianza.core import services
from alianza.core.tasks_compat import task


@task()
def email_deliver(outbound_id: int) -> bool:
    return services.email_deliver_now(outbound_id=outbound_id)
