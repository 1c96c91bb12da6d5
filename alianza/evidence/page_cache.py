"""The public data pages are cached for anonymous readers (alianza/core/page_cache.py) and
dropped when what they show changes: a dataset imported, published from a district's run,
replaced or discarded, or a place renamed. Figures are written in bulk inside the same
transaction as their dataset, whose save bumps the namespace once it commits. Uploads and
student runs waiting for staff show on no public page and bump nothing."""

from __future__ import annotations

from django.apps import apps

from alianza.core.page_cache import bump_on_changes

NAMESPACE = "evidence"
# ``year`` as the pages write it (2023-24); ``sort`` one of the listing's orders; a search
# by name inside a county's or district's list is rendered afresh.
PAGE_PARAMS = {"year": r"|\d{4}-\d{2}", "page": r"\d{1,5}", "sort": r"[a-z_]{0,20}", "q": ""}
# What people type in the data search: short words, as "LAUSD" or "Los Ángeles". Kept ten
# minutes, so that many different queries cannot fill the cache for long.
SEARCH_PARAMS = {"q": r"[\w .,'()-]{0,40}"}
SEARCH_CACHE_SECONDS = 10 * 60


def connect() -> None:
    bump_on_changes(NAMESPACE, [apps.get_model("evidence", "Dataset"),
                                apps.get_model("evidence", "Entity")])
