"""Who may use the staff pages: anonymous visitors log in, others without the right get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def staff_with(perm: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff and user.has_perm(perm)):
                return render(request, "evidence/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


can_import = staff_with("evidence.import_dataset")
can_run = staff_with("evidence.run_student_rules")
