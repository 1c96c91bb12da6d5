"""Rebuild the library's search index from the resource texts stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from alianza.library.models import ResourceText

CHUNK = 500


class Command(BaseCommand):
    help = "Rebuild the library's full-text search index (every resource text, both languages)."

    def handle(self, *args, **options) -> None:
        from modelsearch.backends import get_search_backends

        texts = ResourceText.get_indexed_objects().order_by("pk")
        total = 0
        for backend in get_search_backends(with_auto_update=True):
            index = backend.get_index_for_model(ResourceText)
            with transaction.atomic():
                # Forget texts that no longer exist, then write every row afresh.
                index.delete_stale_model_entries(ResourceText)
                batch: list[ResourceText] = []
                for text in texts.iterator(chunk_size=CHUNK):
                    batch.append(text)
                    if len(batch) == CHUNK:
                        index.add_items(ResourceText, batch)
                        total += len(batch)
                        batch = []
                if batch:
                    index.add_items(ResourceText, batch)
                    total += len(batch)
        if options["verbosity"]:
            self.stdout.write(f"Indexed {total} resource texts.")
