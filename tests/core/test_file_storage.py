"""Uploaded files go through Django's storage API, so a deployment may keep them on S3."""

from __future__ import annotations

import subprocess
import sys

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_files_saved_through_the_storage_api_land_in_the_s3_bucket(s3_storage):
    name = default_storage.save("library/1/en/report.pdf", ContentFile(b"%PDF-1.7 test"))

    assert f"media/{name}" in s3_storage.object_names()
    with default_storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.7 test"


def test_the_bucket_setting_switches_the_default_storage_to_s3(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.STORAGES['default']['BACKEND'], "
            "settings.STORAGES['default']['OPTIONS']['bucket_name'])")
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"DJANGO_SETTINGS_MODULE": "alianza.settings", "MEDIA_S3_BUCKET": "coalition-files",
             "ALIANZA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )

    assert found.stdout.split() == ["storages.backends.s3.S3Storage", "coalition-files"]
