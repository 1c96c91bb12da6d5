"""Background work for the coalition module. Tasks take ids and call services."""

from alianza.coalition.services import imports
from alianza.core.tasks_compat import task


@task()
def contact_import_process(import_id: int) -> None:
    imports.contact_import_run(import_id=import_id)


@task()
def contact_import_check_process(import_id: int) -> None:
    """The dry run of a contact import, away from the web request that asked for it."""
    imports.contact_import_check_run(import_id=import_id)


@task()
def join_submissions_process() -> int:
    """Carry out waiting join-form submissions in batches (see services.intake)."""
    from alianza.coalition.services import intake

    return intake.join_submissions_drain().done
