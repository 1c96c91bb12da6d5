"""Requesting, building, downloading and sweeping full site exports (core.SiteExport).

The ZIP is written to a temporary file on this machine (rows streamed, memory flat) and
then moved to private storage (core/private_files.py), so on a deployment with several
servers the web server that hands out the download finds what the worker wrote.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alianza.core.models import SiteExport
from alianza.core.private_files import private_file_delete, private_storage
from alianza.core.site_export_build import ExportStepError, site_export_write
from alianza.core.tasks_compat import task_enqueue

logger = logging.getLogger(__name__)

FOLDER = "site-exports"
# An export waiting or running with no sign of life for this long has lost its worker (or
# was never picked up); it is marked failed so that it can be tried again.
STALE_AFTER = timedelta(minutes=15)


def keep_days() -> int:
    """Exports are deleted this many days after they were requested (manage.py
    site_exports_sweep, run daily): a copy of everyone's data should not linger."""
    return settings.SITE_EXPORT_KEEP_DAYS


def site_export_request(*, user, language: str) -> SiteExport:
    """Queue a new export, or return the one already waiting or running (one at a time)."""
    site_exports_fail_stale()
    with transaction.atomic():
        running = (SiteExport.objects.select_for_update()
                   .filter(status__in=(SiteExport.Status.QUEUED, SiteExport.Status.RUNNING))
                   .first())
        if running is not None:
            return running
        export = SiteExport.objects.create(requested_by=user, language=language)
        transaction.on_commit(lambda: _enqueue(export.pk))
    logger.info("site export %s requested by user %s", export.pk, getattr(user, "pk", None))
    return export


def site_exports_fail_stale() -> int:
    """Mark failed the exports whose worker has given no sign of life for STALE_AFTER."""
    before = timezone.now() - STALE_AFTER
    active = (SiteExport.Status.QUEUED, SiteExport.Status.RUNNING)
    silent = (models.Q(heartbeat_at__lt=before)
              | models.Q(heartbeat_at__isnull=True, created_at__lt=before))
    return SiteExport.objects.filter(silent, status__in=active).update(
        status=SiteExport.Status.FAILED, finished_at=timezone.now(),
        error=_("The export stopped: no worker has worked on it for several minutes."))


def site_export_retry(*, export: SiteExport) -> bool:
    """Start a failed export again from the beginning; False when it had not failed."""
    with transaction.atomic():
        updated = SiteExport.objects.filter(pk=export.pk, status=SiteExport.Status.FAILED) \
            .update(status=SiteExport.Status.QUEUED, progress=0, step="", error="",
                    finished_at=None, heartbeat_at=timezone.now())
        if updated:
            transaction.on_commit(lambda: _enqueue(export.pk))
    return bool(updated)


def _enqueue(export_id: int) -> None:
    from alianza.core.tasks import site_export_process

    task_enqueue(site_export_process, export_id)


def site_export_run(*, export_id: int) -> SiteExport | None:
    """The task's work: build the ZIP, store it, and record the outcome on the export."""
    claimed = SiteExport.objects.filter(pk=export_id, status=SiteExport.Status.QUEUED).update(
        status=SiteExport.Status.RUNNING, started_at=timezone.now(), progress=0, step="",
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return None  # already taken by another worker, or discarded
    export = SiteExport.objects.get(pk=export_id)
    SiteExport.objects.filter(pk=export_id).update(attempts=export.attempts + 1)

    def report(percent: int, step: str) -> None:
        SiteExport.objects.filter(pk=export_id).update(progress=percent, step=step[:100],
                                                       heartbeat_at=timezone.now())

    directory = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
    directory.mkdir(parents=True, exist_ok=True)
    try:
        # Step names shown on the staff page are in the language of whoever asked.
        with translation.override(export.language), \
                tempfile.NamedTemporaryFile(dir=directory, suffix=".zip") as temporary:
            manifest = site_export_write(temporary, language=export.language,
                                         on_progress=report)
            temporary.flush()
            size = temporary.tell()
            temporary.seek(0)
            stamp = timezone.now().strftime("%Y%m%d-%H%M")
            name = private_storage().save(
                f"{FOLDER}/alianza-export-{stamp}-{uuid.uuid4().hex[:12]}.zip",
                File(temporary))
    except ExportStepError as error:
        logger.exception("site export %s failed at %s", export_id, error.step)
        return _failed(export_id, step=error.step, message=str(error.error) or
                       type(error.error).__name__)
    except Exception as error:  # noqa: BLE001 - the export says it failed, not the worker
        logger.exception("site export %s failed", export_id)
        return _failed(export_id, step="", message=f"{type(error).__name__}: {error}")
    SiteExport.objects.filter(pk=export_id).update(
        status=SiteExport.Status.DONE, progress=100, step="", file_name=name, size_bytes=size,
        row_counts={entry["file"]: entry["rows"] for entry in manifest["tables"]},
        error="", finished_at=timezone.now(),
    )
    return SiteExport.objects.get(pk=export_id)


def _failed(export_id: int, *, step: str, message: str) -> SiteExport:
    SiteExport.objects.filter(pk=export_id).update(
        status=SiteExport.Status.FAILED, step=step[:100], error=message[:2000],
        finished_at=timezone.now(),
    )
    return SiteExport.objects.get(pk=export_id)


def site_export_downloaded(*, export: SiteExport, user) -> None:
    """Every download is logged: who took a copy of everyone's data, and when."""
    SiteExport.objects.filter(pk=export.pk).update(downloads=export.downloads + 1)
    logger.warning("site export %s downloaded by user %s", export.pk, getattr(user, "pk", None))


def site_exports_sweep(*, days: int | None = None) -> int:
    """Delete exports (rows and ZIPs) requested more than ``days`` ago (by default
    SITE_EXPORT_KEEP_DAYS); returns how many.

    One stuck in "running" that long is deleted too: its worker is long gone.
    """
    cutoff = timezone.now() - timedelta(days=keep_days() if days is None else days)
    removed = 0
    for export in SiteExport.objects.filter(created_at__lt=cutoff):
        private_file_delete(export.file_name)
        export.delete()
        removed += 1
    return removed
