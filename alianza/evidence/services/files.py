"""Where uploaded files wait for their background task, and how they are removed."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


def upload_store(upload: UploadedFile, *, folder: str, default_suffix: str = ".csv") -> str:
    """Write ``upload`` under DATA_DIR/``folder`` with a random name; the relative path."""
    directory = Path(settings.DATA_DIR) / folder
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else default_suffix
    relative = Path(folder) / f"{uuid.uuid4().hex}{suffix}"
    with open(Path(settings.DATA_DIR) / relative, "wb") as destination:
        for chunk in upload.chunks():
            destination.write(chunk)
    return str(relative)


def stored_path(relative: str) -> Path:
    return Path(settings.DATA_DIR) / relative


def stored_delete(relative: str) -> None:
    if relative:
        stored_path(relative).unlink(missing_ok=True)
