"""Where uploaded files wait for their background task, and how they are removed.

Through the private storage (``core.private_files``): with S3 configured, the worker that
runs the task may be on another server than the web process that received the file. A
reader that needs a path gets a local copy for as long as it reads (``stored_local``),
deleted when it is done; only the stored object remains, until the task or the sweep
deletes it.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from alianza.core.private_files import (
    private_file_delete,
    private_file_exists,
    private_file_local,
    private_file_save,
)

__all__ = ["stored_delete", "stored_exists", "stored_local", "upload_store"]

stored_local = private_file_local  # a path to read the stored file from, within a ``with``


def upload_store(upload: UploadedFile, *, folder: str, default_suffix: str = ".csv") -> str:
    """Store ``upload`` under ``folder`` with a random name; the name to keep."""
    return private_file_save(upload, folder=folder, default_suffix=default_suffix)


def stored_exists(relative: str) -> bool:
    return private_file_exists(relative)


def stored_delete(relative: str) -> None:
    private_file_delete(relative)
