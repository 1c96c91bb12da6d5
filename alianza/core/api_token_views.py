"""Staff pages for OSDI API tokens: list, make (secret shown once), detail, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alianza.core.access import staff_required
from alianza.core.api_token_forms import ApiTokenForm, RevokeForm
from alianza.core.models import ApiToken
from alianza.core.osdi.tokens import ALL_SCOPES, FAMILIES, api_token_create, api_token_revoke
from alianza.core.selectors import MANAGE_TOKENS, api_token_writes, api_tokens_visible

CREATE_TOKENS = "core.add_apitoken"
# The secret of a token just made waits here for the one page that shows it.
SESSION_SECRET = "alianza_api_token_secret"


def scope_labels(token: ApiToken) -> list[str]:
    if ALL_SCOPES in token.scopes:
        return [_("Everything (read and write)")]
    labels = []
    for scope in token.scopes:
        family, _sep, access = scope.partition(":")
        name = str(FAMILIES.get(family, family))
        labels.append(_("%(family)s: read and write") % {"family": name} if access == "write"
                      else _("%(family)s: read") % {"family": name})
    return labels


@staff_required(CREATE_TOKENS)
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = list(api_tokens_visible(request.user).order_by("revoked_at", "-created_at"))
    for token in tokens:
        token.scope_labels = scope_labels(token)
    return render(request, "core/api_tokens/list.html", {
        "tokens": tokens, "everyone": request.user.has_perm(MANAGE_TOKENS),
    })


@staff_required(CREATE_TOKENS)
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"],
                                         scopes=form.cleaned_data["scopes"])
        request.session[SESSION_SECRET] = {"pk": token.pk, "secret": secret}
        return redirect("core-api-token", token.pk)
    return render(request, "core/api_tokens/create.html", {"form": form})


def _visible_token(request: HttpRequest, pk: int) -> ApiToken:
    return get_object_or_404(api_tokens_visible(request.user), pk=pk)


@staff_required(CREATE_TOKENS)
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    token = _visible_token(request, pk)
    shown = request.session.get(SESSION_SECRET)
    secret = None
    if shown and shown.get("pk") == token.pk:
        secret = shown["secret"]
        del request.session[SESSION_SECRET]  # once: a reload no longer shows it
    return render(request, "core/api_tokens/detail.html", {
        "token": token, "secret": secret, "scope_labels": scope_labels(token),
        "writes": api_token_writes(token),
    })


@staff_required(CREATE_TOKENS)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _visible_token(request, pk)
    if token.revoked_at is not None:
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        api_token_revoke(token=token, by=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("core-api-token", token.pk)
    return render(request, "core/api_tokens/revoke.html", {"token": token, "form": form})
