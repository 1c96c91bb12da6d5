"""Views made from a description: named and typed as if written by hand in an app's module
(ninja takes the operation id and URL name from the view's name and module, and the path
parameters from its signature), and the method a resource refuses, with an OSDI error."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from alianza.core.osdi.errors import OsdiError
from alianza.core.osdi.schemas import ErrorBody


def osdi_view(*, module: str, name: str, params: list[str],
              body: Callable[..., Any]) -> Callable[..., Any]:
    """``body(request, **path)`` as a view named ``module.name`` taking ``params`` (strings)
    from the path."""

    def view(request: HttpRequest, **path: str) -> Any:
        return body(request, **path)

    view.__name__ = view.__qualname__ = name
    view.__module__ = module
    view.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                           annotation=HttpRequest)]
        + [inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, annotation=str)
           for p in params])
    return view


def osdi_not_allowed(router: Router, path: str, *, method: str, allowed: str, module: str,
                     name: str, summary: str, reason: Callable[[], str]) -> None:
    """Answer ``method`` on ``path`` with a 405 saying why (``reason``, translated when
    asked), as Action Network refuses what it does not allow, and document it."""

    def refuse(request: HttpRequest, **path_values: str) -> Any:
        raise OsdiError(405, _("This operation is not allowed: %(reason)s")
                        % {"reason": reason()}, headers={"Allow": allowed})

    params = re.findall(r"{(\w+)}", path)
    router.add_api_operation(path, [method], osdi_view(
        module=module, name=name, params=params, body=refuse),
        response={405: ErrorBody}, summary=summary)
