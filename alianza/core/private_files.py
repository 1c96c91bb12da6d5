"""Files that wait for a background task and are then deleted (uploaded contact lists). Never
served to anyone.

They live on the "private" storage when settings define one (S3 in a deployment with several
servers, so that the worker that runs the task finds the file the web server received), and
otherwise in DATA_DIR on this machine. Names are relative to that storage, so a name saved
before S3 was turned on still points at the same file on a single server.

Readers that need a path on disk (the CSV and spreadsheet readers) get one through
``private_file_local``: the file itself on disk, or a temporary copy of the object.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile


def private_storage() -> Storage:
    if "private" in settings.STORAGES:
        return storages["private"]
    # Looked up each time: DATA_DIR is read when asked, as tests point it elsewhere.
    return FileSystemStorage(location=settings.DATA_DIR)


def private_file_save(upload: UploadedFile, *, folder: str, default_suffix: str = ".csv") -> str:
    """Store ``upload`` under ``folder`` with a random name; returns the name to keep."""
    suffix = Path(upload.name or "").suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else default_suffix
    return private_storage().save(f"{folder}/{uuid.uuid4().hex}{suffix}", upload)


def private_file_exists(name: str) -> bool:
    return bool(name) and private_storage().exists(name)


def private_file_delete(name: str) -> None:
    if name:
        private_storage().delete(name)  # a missing file is not an error for either backend


def private_files_listed(folder: str) -> list[tuple[str, datetime]]:
    """Every file directly in ``folder``, with when it was last written."""
    storage = private_storage()
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    listed = []
    for name in files:
        try:
            listed.append((f"{folder}/{name}", storage.get_modified_time(f"{folder}/{name}")))
        except FileNotFoundError:  # deleted by a worker since the folder was read
            continue
    return listed


@contextmanager
def private_file_local(name: str) -> Iterator[Path]:
    """A path on this machine to read the stored file from, for as long as the block runs."""
    storage = private_storage()
    try:
        local = Path(storage.path(name))
    except NotImplementedError:  # object storage: no path, so copy it here for the reader
        local = None
    if local is not None:
        yield local
        return
    directory = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, suffix=Path(name).suffix) as copy:
        with storage.open(name, "rb") as source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.flush()
        yield Path(copy.name)
