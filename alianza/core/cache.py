"""A database cache whose counters stay right when several processes count at once.

Rate limits count with ``cache.add`` then ``cache.incr``. Django's database cache increments
by reading the value and writing it back, so two workers can both read 4 and both write 5,
and each write also resets the entry's expiry. Here the row is locked for the increment
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already serialise
writers) and only the value is rewritten, keeping the expiry of the rate-limit window.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta: int = 1, version: int | None = None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}",
                           [cache_key])
            current = self.get(key, version=version) if cursor.fetchone() else None
            if current is None:
                raise ValueError(f"Key '{key}' not found")
            value = current + delta
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                           [pickled, cache_key])
        return value

    def decr(self, key, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version=version)
