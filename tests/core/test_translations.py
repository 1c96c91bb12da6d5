"""Every string a user can see exists in Spanish."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

APP_ROOT = Path(settings.BASE_DIR) / "alianza"
CATALOGUES = sorted(APP_ROOT.glob("*/locale/es/LC_MESSAGES/django.po"))


def test_spanish_pages_use_the_plural_form_for_many(client, db):
    from django.utils import translation

    with translation.override("es"):
        from django.utils.translation import ngettext

        text = ngettext("%(total)s member", "%(total)s members", 5) % {"total": 5}
    assert text == "5 miembros"


def test_every_app_with_user_facing_text_has_a_spanish_catalogue():
    apps_with_templates = {p.parent.parent.name for p in APP_ROOT.glob("*/templates/*")}
    apps_with_catalogues = {p.parents[3].name for p in CATALOGUES}
    assert apps_with_templates <= apps_with_catalogues


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_spanish_catalogues_are_complete(path: Path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {path}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_plural_entries_fill_every_form_the_language_has(path: Path):
    """Spanish in Django has three plural forms; a missing one shows English to readers."""
    import re

    catalogue = polib.pofile(str(path))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    short = [
        entry.msgid for entry in catalogue
        if entry.msgid_plural and not entry.obsolete
        and sorted(k for k, v in entry.msgstr_plural.items() if v) != list(range(forms))
    ]
    assert not short, f"plural entries missing forms in {path}: {short[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_placeholders_survive_translation(path: Path):
    import re

    placeholder = re.compile(r"%\(\w+\)s|\{\w+\}")
    for entry in polib.pofile(str(path)).translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else list(
            entry.msgstr_plural.values()
        )
        source = set(placeholder.findall(entry.msgid_plural or entry.msgid))
        for text in translations:
            assert set(placeholder.findall(text)) <= source | set(
                placeholder.findall(entry.msgid)
            ), f"{entry.msgid!r} → {text!r}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (gettext) not installed")
def test_catalogues_hold_every_string_in_the_source(tmp_path: Path):
    """Extract strings from a copy of the source and compare with the catalogues."""
    copy = tmp_path / "alianza"
    shutil.copytree(APP_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    manage = Path(settings.BASE_DIR) / "manage.py"
    problems = []
    for original in CATALOGUES:
        app = original.parents[3].name
        subprocess.run(
            [sys.executable, str(manage), "makemessages", "-l", "es", "--no-obsolete",
             "--no-location"],
            cwd=copy / app, check=True, capture_output=True,
        )
        extracted = polib.pofile(str(copy / app / "locale/es/LC_MESSAGES/django.po"))
        known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(original))}
        new = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known]
        if new:
            problems.append(f"{app}: {new[:10]}")
    assert not problems, "strings missing from the catalogues (run makemessages): " + "; ".join(
        problems
    )
