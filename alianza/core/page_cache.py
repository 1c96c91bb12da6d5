"""A rendered-page cache for anonymous readers of public pages that many people read (the
home page, the statement and its signatories, the library, the bill tracker, the data pages).

Each app caches under its own namespaces. A page is kept per namespaces, path, language and
the few query parameters the view names (``?page=2``, ``?year=2023-24``; any other parameter,
free-text search above all, is rendered afresh), for GETs from readers who are not logged in
and have no messages waiting. Every change to a row a namespace's pages show bumps the
namespace's generation token (``bump_on_commit``, from the app's signals, its services, or
after a bulk write), so no page rendered before the change is served after it. The token
lives in the ``shared`` cache (Redis or the database: every web process sees a bump) and each
process remembers it for ``GENERATION_TTL`` seconds; the process that made the change
forgets its copy at once. Every page also depends on ``SITE`` (the coalition's name in the
header), which the coalition bumps when its profile changes.

CSRF tokens in the page (the language switcher's form, a sign-up form, htmx's header) are
stored as markers and the reader's own token is put in when the page is served, so a cached
page never hands one reader's token to another.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import time
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:{}:generation"
GENERATION_TTL = 2
PAGE_TTL = 60 * 60
SITE = "site"
_CSRF_MARKER = "\x00page-cache-csrf\x00"
_TOKEN_CANDIDATE = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")
# Headers the view itself may set and a cached copy must repeat; the middleware adds the
# rest (cookies, Vary: Cookie, Content-Language) to both alike.
_KEPT_HEADERS = ("Vary", "Cache-Control", "Content-Language", "X-Robots-Tag", "Link")
_MAX_KEY = 200
# What mailing tools and social sites add to shared links (a coalition's own email blast
# brings its surge with mc_cid and utm_*): no page reads them, so they are left out of the
# key, and a page rendered for the cache is rendered without them, so that no reader's
# click identifier ends up in another reader's page.
TRACKING_PARAMS = frozenset({
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref",
})

Namespaces = str | Callable[[], Iterable[str]]

# This process's copy of each namespace's token and when it goes stale (time.monotonic()).
# Kept in memory rather than in the "default" cache: with Redis as that cache, reading the
# copy was a second round trip per cached page (1,400 pages/s instead of 2,200 on 2 cores).
_local: dict[str, tuple[str, float]] = {}


def generation(namespace: str) -> str:
    """The namespace's current generation: a random token, so that a cache emptied or
    evicted never brings back a number that pages were already stored under."""
    now = time.monotonic()
    copy = _local.get(namespace)
    if copy is not None and copy[1] > now:
        return copy[0]
    value = str(caches["shared"].get_or_set(GENERATION_KEY.format(namespace),
                                            secrets.token_hex(8), timeout=None))
    _local[namespace] = (value, now + GENERATION_TTL)
    return value


def generations(names: list[str]) -> list[str]:
    """The tokens of several namespaces, with one round trip to the shared cache for all
    those whose copies went stale (the home page depends on one per app)."""
    now = time.monotonic()
    stale = [name for name in names if (copy := _local.get(name)) is None or copy[1] <= now]
    if len(stale) > 1:
        found = caches["shared"].get_many([GENERATION_KEY.format(name) for name in stale])
        for name in stale:
            value = found.get(GENERATION_KEY.format(name))
            if value is not None:
                _local[name] = (str(value), now + GENERATION_TTL)
    return [generation(name) for name in names]


def generation_forget() -> None:
    """Drop this process's copies of the tokens (read the shared ones next time)."""
    _local.clear()


def bump_generation(namespace: str) -> None:
    caches["shared"].set(GENERATION_KEY.format(namespace), secrets.token_hex(8), timeout=None)
    _local.pop(namespace, None)


def bump_on_commit(namespace: str) -> None:
    """After a write: this process at once takes a token of its own (no I/O), so it never
    serves a page from before the write, even inside the writing transaction; after commit
    the shared token is replaced (once per namespace and transaction, however many rows
    it writes), so no other process keeps a page it rendered before the commit."""
    from django.db import transaction

    _local[namespace] = (secrets.token_hex(8), time.monotonic() + GENERATION_TTL)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
            getattr(callback, "page_cache_namespace", None) == namespace
            for _sids, callback, _robust in connection.run_on_commit):
        return

    def after_commit() -> None:
        bump_generation(namespace)

    after_commit.page_cache_namespace = namespace  # type: ignore[attr-defined]
    transaction.on_commit(after_commit)


def bump_on_changes(namespace: str, models: Iterable[type]) -> None:
    """Bump ``namespace`` whenever one of ``models`` is saved or deleted, or one of their
    many-to-many fields changes (fixture loading excepted)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def bump(**kwargs) -> None:
        if not kwargs.get("raw"):
            bump_on_commit(namespace)

    for model in models:
        uid = f"page-cache-{namespace}-{model._meta.label}"
        post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(bump, sender=field.remote_field.through, weak=False,
                                dispatch_uid=f"{uid}-{field.name}")


def _anonymous(request: HttpRequest) -> bool:
    return (request.method == "GET" and not request.user.is_authenticated
            and not len(messages.get_messages(request)))


def _query_part(request: HttpRequest, params: dict[str, re.Pattern[str]]) -> str | None:
    """The query string as part of the key, or None when the page is not to be cached:
    a parameter the view did not name, one given twice, or a value outside its pattern
    (which keeps free text, and so an unbounded number of pages, out of the cache)."""
    if not request.GET:
        return ""
    parts = []
    for name in sorted(request.GET):
        if name in TRACKING_PARAMS:
            continue
        values = request.GET.getlist(name)
        pattern = params.get(name)
        if pattern is None or len(values) != 1 or not pattern.fullmatch(values[0]):
            return None
        parts.append(f"{name}={values[0]}")
    return "&".join(parts)


def _without_tracking(request: HttpRequest) -> None:
    if TRACKING_PARAMS.isdisjoint(request.GET):
        return
    kept = request.GET.copy()
    for name in TRACKING_PARAMS & set(kept):
        del kept[name]
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def _names(namespaces: tuple[Namespaces, ...]) -> list[str]:
    names = [SITE]
    for entry in namespaces:
        for name in ([entry] if isinstance(entry, str) else entry()):
            if name not in names:
                names.append(name)
    return names


def _key(request: HttpRequest, names: list[str], query: str) -> str:
    tokens = ".".join(generations(names))
    htmx = "hx" if request.headers.get("HX-Request") == "true" else "page"
    where = f"{request.path}?{query}"
    if len(where) > _MAX_KEY:
        where = hashlib.sha256(where.encode()).hexdigest()
    return f"page-cache:{names[-1]}:{tokens}:{get_language()}:{htmx}:{where}"


def _without_tokens(request: HttpRequest, body: str) -> str:
    """The page with every CSRF token rendered for this reader put back as a marker: each
    ``{% csrf_token %}`` and ``{{ csrf_token }}`` masks the secret anew, so they are found
    by unmasking, not by comparing text."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body
    return _TOKEN_CANDIDATE.sub(
        lambda found: _CSRF_MARKER if _unmask_cipher_token(found[0]) == secret else found[0],
        body)


def cached_for_anonymous(*namespaces: Namespaces, params: dict[str, str] | None = None,
                         ttl: int = PAGE_TTL) -> Callable:
    """Decorate a view whose page depends only on the namespaces' rows, the path, the
    language and the query parameters named in ``params`` (name → pattern its value must
    match whole). A namespace may be a function returning names, read at each request
    (the home page's, which the apps declare)."""
    patterns = {name: re.compile(pattern) for name, pattern in (params or {}).items()}
    return functools.partial(_cached, namespaces=namespaces, params=patterns, ttl=ttl)


def _cached(view: Callable[..., HttpResponse], *, namespaces: tuple[Namespaces, ...],
            params: dict[str, re.Pattern[str]], ttl: int) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        query = _query_part(request, params)
        if query is None or not _anonymous(request):
            return view(request, *args, **kwargs)
        key = _key(request, _names(namespaces), query)
        pages = caches["default"]
        stored = pages.get(key)
        if stored is None:
            _without_tracking(request)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            body = _without_tokens(request, response.content.decode(response.charset))
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            pages.set(key, (body, response["Content-Type"], headers), ttl)
            return response
        body, content_type, headers = stored
        if _CSRF_MARKER in body:  # only then: asking for a token sets the CSRF cookie
            body = body.replace(_CSRF_MARKER, get_token(request))
        response = HttpResponse(body, content_type=content_type)
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper
