"""Read and check the next batches of a file while the database writes the current one.

Reading and checking rows is Python's work; writing a batch is mostly the database's, during
which Python only waits on the socket. A thread that reads ahead uses that wait, so on a
machine with a free core the import takes about as long as its slower half, not the sum of
both. The thread touches no database connection, only the file and pure checks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from queue import Empty, Full, Queue
from typing import TypeVar

from django.utils import translation

T = TypeVar("T")

_END = object()
POLL_SECONDS = 0.1


def read_ahead(items: Iterator[T], *, depth: int = 2) -> Iterator[T]:
    """Yield what ``items`` yields, computed up to ``depth`` items ahead in a thread.

    An exception raised by ``items`` is raised here, where its item would have been.
    When the caller stops early (an error, a discarded import), the thread stops too and
    ``items`` is closed, so a file it holds open is released.
    """
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    # The thread words a refusal (a file that can't be read) in the caller's language.
    language = translation.get_language()

    def put(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                queue.put(entry, timeout=POLL_SECONDS)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            with translation.override(language):
                for item in items:
                    if not put((item, None)):
                        return
            put((_END, None))
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            put((_END, error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            try:
                item, error = queue.get(timeout=POLL_SECONDS)
            except Empty:
                if not thread.is_alive() and queue.empty():
                    raise RuntimeError("the rows reader stopped without a word") from None
                continue
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        thread.join()
