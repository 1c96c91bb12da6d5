"""The import reads its next batches in a thread: what the reader yields, raises or holds
open must reach the import as if it had read them itself."""

from __future__ import annotations

import threading

import pytest
from django.utils import translation

from alianza.coalition.imports.ahead import read_ahead


def test_every_item_arrives_in_order():
    assert list(read_ahead(iter(range(50)))) == list(range(50))


def test_an_error_of_the_reader_is_raised_where_its_item_would_have_been():
    def reader():
        yield 1
        yield 2
        raise ValueError("row 3 can't be read")

    seen = []
    with pytest.raises(ValueError, match="row 3"):
        for item in read_ahead(reader()):
            seen.append(item)
    assert seen == [1, 2]


def test_stopping_early_closes_the_reader_and_ends_its_thread():
    closed = threading.Event()

    def reader():
        try:
            yield from range(1000)
        finally:
            closed.set()

    items = read_ahead(reader())
    assert next(items) == 0
    items.close()

    assert closed.is_set()
    assert not any(t.name == "import-read-ahead" for t in threading.enumerate())


def test_the_reader_speaks_the_callers_language():
    def reader():
        yield translation.get_language()

    with translation.override("es"):
        assert list(read_ahead(reader())) == ["es"]
