"""The listening pages anyone may open, gathered from each part's ``pages_<part>.py`` module
(tests/core/test_staff_personas.py checks every other page asks for a permission)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

PUBLIC_PAGES: set[str] = {"listening-surveys"}
for _module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if _module.name.startswith("pages_"):
        PUBLIC_PAGES |= importlib.import_module(f"tests.listening.{_module.name}").PUBLIC_PAGES
