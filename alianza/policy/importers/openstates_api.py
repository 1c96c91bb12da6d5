"""Fetching bills (and committee events) from the Open States API v3, for deployments that
have a key (``OPENSTATES_API_KEY``).

Pages are written to files first and imported from them, so a fetch that stops halfway
leaves files that can be imported or fetched again, and the import is the same code path
as for files handed over by hand. Each page file keeps the address it came from (without
the key, which travels in the ``X-API-KEY`` header) as ``source_url``, which the import
records as each bill's source.

Only the standard library; transient failures (a refused connection, 429, 5xx) are retried
with exponential backoff, honouring ``Retry-After``; anything else stops the fetch.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

API_URL = "https://v3.openstates.org"
BILL_INCLUDES = ("actions", "sponsorships", "votes", "versions", "abstracts", "sources")
EVENT_INCLUDES = ("agenda", "participants")
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_PAGES = 2000


class OpenStatesApiError(Exception):
    """The API refused (``status`` set: a bad key is 401/403) or could not be reached."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


@dataclass
class OpenStatesClient:
    api_key: str
    base_url: str = API_URL
    retries: int = 4
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    timeout: float = 60.0
    pause: float = 1.0  # between pages: the API's free tier limits requests per minute
    sleep: Callable[[float], None] = time.sleep
    requests_made: list[str] = field(default_factory=list)

    @classmethod
    def from_environment(cls, **options: Any) -> OpenStatesClient | None:
        key = os.environ.get("OPENSTATES_API_KEY", "").strip()
        return cls(api_key=key, **options) if key else None

    def url(self, endpoint: str, params: Sequence[tuple[str, str]]) -> str:
        return (f"{self.base_url.rstrip('/')}/{endpoint.lstrip('/')}?"
                f"{urllib.parse.urlencode(list(params))}")

    def get(self, url: str) -> dict:
        """One page as JSON, retrying what may pass."""
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self.requests_made.append(url)
            request = urllib.request.Request(url, headers={
                "X-API-KEY": self.api_key, "Accept": "application/json",
                "User-Agent": "Alianza bill import"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
            except urllib.error.HTTPError as error:
                if error.code not in RETRY_STATUSES or attempt == self.retries:
                    raise OpenStatesApiError(f"HTTP {error.code} from the Open States API",
                                             url=url, status=error.code) from None
                self.sleep(_retry_after(error.headers.get("Retry-After"), delay))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    reason = getattr(error, "reason", error)
                    raise OpenStatesApiError(f"Open States API unreachable: {reason}",
                                             url=url) from None
                self.sleep(delay)
            else:
                try:
                    data = json.loads(body)
                except ValueError:
                    raise OpenStatesApiError("The Open States API answered with something "
                                             "other than JSON", url=url) from None
                if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                    raise OpenStatesApiError("The Open States API answered without results",
                                             url=url)
                return data
            delay *= 2
        raise AssertionError("unreachable")

    def fetch_pages(self, endpoint: str, params: Sequence[tuple[str, str]], folder: Path,
                    *, prefix: str) -> list[Path]:
        """Every page of ``endpoint`` into ``folder`` as ``<prefix>-0001.json``...;
        returns the files written."""
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        page = 1
        while page <= MAX_PAGES:
            url = self.url(endpoint, [*params, ("page", str(page))])
            data = self.get(url)
            data["source_url"] = url
            target = folder / f"{prefix}-{page:04d}.json"
            partial = target.with_suffix(".json.part")
            partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            partial.replace(target)  # a half-written page is never taken for a whole one
            written.append(target)
            pagination = data.get("pagination") or {}
            last = pagination.get("max_page") or 1
            if page >= last:
                break
            page += 1
            self.sleep(self.pause)
        return written

    def fetch_bills(self, *, jurisdiction: str, session: str, folder: Path,
                    updated_since: str = "", per_page: int = 20) -> list[Path]:
        params = [("jurisdiction", jurisdiction), ("session", session),
                  *[("include", name) for name in BILL_INCLUDES],
                  ("sort", "updated_asc"), ("per_page", str(per_page))]
        if updated_since:
            params.append(("updated_since", updated_since))
        return self.fetch_pages("bills", params, folder, prefix=f"bills-{session}")

    def fetch_events(self, *, jurisdiction: str, folder: Path, after: str = "",
                     per_page: int = 20) -> list[Path]:
        params = [("jurisdiction", jurisdiction), ("require_bills", "true"),
                  *[("include", name) for name in EVENT_INCLUDES], ("per_page", str(per_page))]
        if after:
            params.append(("after", after))
        return self.fetch_pages("events", params, folder, prefix="events")


def _retry_after(header: str | None, default: float) -> float:
    try:
        return min(max(float(header), 0.0), 300.0) if header else default
    except ValueError:
        return default
