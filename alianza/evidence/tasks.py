"""Background work for the evidence module. Tasks take ids and call services."""

from alianza.core.tasks_compat import task
from alianza.evidence.services import runs, uploads


@task()
def dataset_upload_process(upload_id: int) -> None:
    uploads.dataset_upload_run(upload_id=upload_id)


@task()
def student_run_process(run_id: int) -> None:
    runs.student_run_execute(run_id=run_id)
