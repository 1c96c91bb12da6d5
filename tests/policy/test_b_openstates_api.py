"""The Open States API client, against a local HTTP server serving the test bill files as
the API would."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alianza.policy.importers.openstates_api import OpenStatesApiError, OpenStatesClient
from alianza.policy.models import Bill
from alianza.policy.services.bill_import import bills_fetch
from tests.policy.bills_b import EVENTS, PAGE_1, PAGE_2

KEY = "test-key-0123"


@dataclass
class FakeApi:
    """What the server answers and what it was asked."""

    base_url: str = ""
    pages: dict[str, list[bytes]] = field(default_factory=dict)
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, list[str]], str]] = field(default_factory=list)


@pytest.fixture
def api() -> Iterator[FakeApi]:
    state = FakeApi(pages={"/bills": [PAGE_1.read_bytes(), PAGE_2.read_bytes()],
                           "/events": [EVENTS.read_bytes()]})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            state.requests.append((url.path, query, self.headers.get("X-API-KEY", "")))
            if self.headers.get("X-API-KEY") != KEY:
                return self._answer(401, b'{"detail": "invalid API key"}')
            if state.failures:
                status, headers = state.failures.pop(0)
                return self._answer(status, b"busy", headers)
            pages = state.pages.get(url.path)
            page = int(query.get("page", ["1"])[0])
            if pages is None or not 1 <= page <= len(pages):
                return self._answer(404, b'{"detail": "not found"}')
            return self._answer(200, pages[page - 1])

        def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def client(api: FakeApi, **options) -> tuple[OpenStatesClient, list[float]]:
    slept: list[float] = []
    return OpenStatesClient(api_key=KEY, base_url=api.base_url, sleep=slept.append,
                            **options), slept


def test_every_page_is_fetched_with_the_key_in_a_header_and_written_to_files(api, tmp_path):
    fetcher, slept = client(api, pause=0.5)
    files = fetcher.fetch_bills(jurisdiction="ca", session="20232024", folder=tmp_path)
    assert [f.name for f in files] == ["bills-20232024-0001.json", "bills-20232024-0002.json"]
    assert [(path, query["page"], key) for path, query, key in api.requests] == [
        ("/bills", ["1"], KEY), ("/bills", ["2"], KEY)]
    query = api.requests[0][1]
    assert query["jurisdiction"] == ["ca"] and query["session"] == ["20232024"]
    assert {"actions", "sponsorships", "votes", "versions", "abstracts"} <= set(
        query["include"])
    assert slept == [0.5]  # a pause between pages, none after the last
    first = json.loads(files[0].read_text())
    assert first["results"] == json.loads(PAGE_1.read_text())["results"]
    assert first["source_url"].startswith(f"{api.base_url}/bills?jurisdiction=ca")
    assert KEY not in first["source_url"]
    assert not list(tmp_path.glob("*.part"))


def test_busy_answers_are_retried_with_growing_waits(api, tmp_path):
    api.failures = [(503, {}), (502, {}), (429, {"Retry-After": "7"})]
    fetcher, slept = client(api, backoff=1.0, pause=0)
    files = fetcher.fetch_bills(jurisdiction="ca", session="20232024", folder=tmp_path)
    assert len(files) == 2
    assert slept[:3] == [1.0, 2.0, 7.0]  # the server's Retry-After wins
    assert len(api.requests) == 5


def test_the_fetch_gives_up_after_its_retries(api, tmp_path):
    api.failures = [(503, {})] * 3
    fetcher, slept = client(api, retries=2, backoff=0.1)
    with pytest.raises(OpenStatesApiError) as failed:
        fetcher.fetch_bills(jurisdiction="ca", session="20232024", folder=tmp_path)
    assert failed.value.status == 503
    assert slept == [0.1, 0.2]


def test_a_refused_key_stops_at_once(api, tmp_path):
    fetcher = OpenStatesClient(api_key="wrong", base_url=api.base_url, sleep=lambda s: None)
    with pytest.raises(OpenStatesApiError) as failed:
        fetcher.fetch_bills(jurisdiction="ca", session="20232024", folder=tmp_path)
    assert failed.value.status == 401
    assert len(api.requests) == 1
    assert not list(tmp_path.iterdir())


def test_an_unreachable_server_is_an_error_after_retries(tmp_path):
    fetcher = OpenStatesClient(api_key=KEY, base_url="http://127.0.0.1:9", retries=1,
                               sleep=lambda s: None, timeout=2)
    with pytest.raises(OpenStatesApiError, match="unreachable"):
        fetcher.fetch_bills(jurisdiction="ca", session="20232024", folder=tmp_path)


def test_an_answer_that_is_not_a_page_of_results_is_refused(api, tmp_path):
    api.pages["/bills"] = [b"<html>maintenance</html>"]
    fetcher, _ = client(api)
    with pytest.raises(OpenStatesApiError, match="other than JSON"):
        fetcher.fetch_bills(jurisdiction="ca", session="20232024", folder=tmp_path)


@pytest.mark.django_db
def test_fetched_bills_and_events_are_imported_with_the_address_they_came_from(api, tmp_path):
    fetcher, _ = client(api, pause=0)
    files, report = bills_fetch(client=fetcher, session="20232024", folder=tmp_path,
                                events=True)
    assert len(files) == 3
    assert (report.created, report.errors, report.hearings_created) == (5, 0, 2)
    bill = Bill.objects.get(identifier="SCR 9105")
    assert bill.source.startswith(f"{api.base_url}/bills?") and bill.source.endswith("page=2")
    assert bill.hearings.count() == 0
    assert Bill.objects.get(identifier="AB 9101").hearings.get().source.startswith(
        f"{api.base_url}/events?")


@pytest.mark.django_db
def test_the_command_fetches_when_a_key_is_set_and_says_so_when_not(api, tmp_path,
                                                                    monkeypatch, capsys):
    monkeypatch.delenv("OPENSTATES_API_KEY", raising=False)
    with pytest.raises(CommandError, match="OPENSTATES_API_KEY"):
        call_command("policy_import_bills", "--fetch", "--session", "2023-24")
    monkeypatch.setenv("OPENSTATES_API_KEY", KEY)
    with pytest.raises(CommandError, match="not a legislative session"):
        call_command("policy_import_bills", "--fetch", "--session", "2023")
    call_command("policy_import_bills", str(tmp_path), "--fetch", "--session", "2023-24",
                 "--api-url", api.base_url)
    out = capsys.readouterr().out
    assert "Fetched 2 pages" in out
    assert "5 bills created" in out
    assert api.requests[0][1]["session"] == ["20232024"]
    monkeypatch.setenv("OPENSTATES_API_KEY", "wrong")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("policy_import_bills", str(tmp_path), "--fetch", "--session", "2023-24",
                     "--api-url", api.base_url)
