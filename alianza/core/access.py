"""Who may open the staff pages, and which pages no cache may keep.

Every staff view names the permission it needs (``@staff_required("app.codename")``);
anonymous visitors go to the login page, logged-in people without the right get 403. Pages
about people (staff pages, rosters, pages reached through a personal link) are sent with
``Cache-Control: private, no-store`` so that neither a shared proxy nor the browser's back
button keeps a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

FORBIDDEN_TEMPLATE = "coalition/staff/forbidden.html"

# The attribute a protected view carries; Django's own decorators copy it outwards through
# functools.wraps, so the persona tests can read what each URL requires.
ACCESS_ATTRIBUTE = "access_rule"


@dataclass(frozen=True)
class AccessRule:
    perms: tuple[str, ...]


def url_allowed(user: Any, url: str) -> bool:
    """Whether ``user`` may open the page at ``url``, by the permissions its view names.

    For links to other pages (a timeline's entries): a link that leads to a 403 is only a
    dead end. A URL that resolves to no view, or to one without an access rule, is allowed.
    """
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return True
    rule = getattr(match.func, ACCESS_ATTRIBUTE, None)
    if rule is None:
        return True
    return bool(user.is_active and user.is_staff and user.has_perms(rule.perms))


def forbidden(request: HttpRequest, template: str = FORBIDDEN_TEMPLATE) -> HttpResponse:
    return keep_private(render(request, template, status=403))


def keep_private(response: HttpResponse) -> HttpResponse:
    """No shared or browser cache may store this answer (it includes ``private, no-store``)."""
    add_never_cache_headers(response)
    return response


def staff_required(*perms: str | None, perm: str | None = None,
                   template: str = FORBIDDEN_TEMPLATE) -> Callable:
    """Anonymous visitors go to the login page; active staff need every permission named.

    Django's ``staff_member_required`` sends logged-in non-staff back to the login form,
    which reads as "wrong password"; a plain 403 page says what is going on. The check runs
    before the view looks anything up, so a 403 never reveals whether an object exists.
    """
    needed = tuple(p for p in (*perms, perm) if p)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return keep_private(redirect_to_login(request.get_full_path()))
            if not (user.is_active and user.is_staff and user.has_perms(needed)):
                return forbidden(request, template)
            return keep_private(view(request, *args, **kwargs))

        setattr(wrapper, ACCESS_ATTRIBUTE, AccessRule(perms=needed))
        return wrapper

    return decorator


def private_page(view: Callable) -> Callable:
    """For pages about one person that are not staff pages: rosters, personal links."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return keep_private(view(request, *args, **kwargs))

    return wrapper


def may_manage(user: Any, obj: Any, *, perm: str, owner_field: str = "created_by") -> bool:
    """Object-level rule: the person who started ``obj``, or staff allowed to manage them all."""
    owner_id = getattr(obj, f"{owner_field}_id", None)
    return bool(user.has_perm(perm) or (owner_id is not None and owner_id == user.pk))
