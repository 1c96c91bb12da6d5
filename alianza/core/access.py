"""Who may open the staff pages: anonymous visitors log in, others without the right get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORBIDDEN_TEMPLATE = "coalition/staff/forbidden.html"


def forbidden(request: HttpRequest, template: str = FORBIDDEN_TEMPLATE) -> HttpResponse:
    return render(request, template, status=403)


def staff_required(perm: str | None = None, *, template: str = FORBIDDEN_TEMPLATE) -> Callable:
    """Anonymous visitors go to the login page; logged-in people without the right get 403.

    Django's ``staff_member_required`` sends logged-in non-staff back to the login form,
    which reads as "wrong password"; a plain 403 page says what is going on.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff) or (perm and not user.has_perm(perm)):
                return forbidden(request, template)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
