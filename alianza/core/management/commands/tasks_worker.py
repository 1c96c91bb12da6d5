"""Run queued tasks with the worker that matches TASKS_BACKEND.

One command for every deployment, so that a process manager or compose file need not know
which queue is configured: the database queue's ``db_worker``, or an rq worker on Redis.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run queued tasks (database queue or Redis through RQ, as TASKS_BACKEND says)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true",
                            help="Run what is queued now, then stop.")
        parser.add_argument("--interval", type=float, default=0.5,
                            help="Database queue: seconds between looks at an empty queue.")
        parser.add_argument("--fork", action="store_true",
                            help="RQ: run each task in a forked process (rq's default worker).")
        parser.add_argument("--name", default=None, help="RQ: the worker's name.")

    def handle(self, *args, burst: bool, interval: float, fork: bool, name: str | None,
               **options) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        verbosity = options["verbosity"]
        if backend == settings.TASKS_BACKEND_ALIASES["rq"]:
            from django_rq.management.commands.rqworker import Command as RQWorker

            queues = settings.TASKS["default"].get("QUEUES") or list(settings.RQ_QUEUES)
            # In-process by default, like db_worker: our tasks are short and take ids, and a
            # forked process per task would open a new database connection for each one.
            worker_class = "rq.worker.Worker" if fork else "rq.worker.SimpleWorker"
            call_command(
                RQWorker(), *queues, job_class="django_tasks_rq.Job",
                worker_class=worker_class, burst=burst, name=name,
                # The scheduler moves delayed tasks (retries after a back-off) onto the queue
                # when due; rq lets one worker at a time do it, whichever holds its lock.
                with_scheduler=True, verbosity=verbosity,
            )
            return
        call_command("db_worker", batch=burst, interval=interval, no_startup_delay=burst,
                     verbosity=verbosity)
