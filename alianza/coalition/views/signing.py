"""Public pages: the statement, the join form, confirmation, withdrawal, signatories."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from alianza.coalition import page_cache, selectors, selectors_public
from alianza.coalition.forms import JoinForm
from alianza.coalition.models import JoinSubmission, Statement, normalize_email
from alianza.coalition.services import intake, signing, tokens
from alianza.coalition.services.signing import JoinRequest
from alianza.core.access import private_page
from alianza.core.page_cache import cached_for_anonymous, generation


def public_form_rate(group: str, request: HttpRequest) -> str | None:
    return settings.PUBLIC_FORM_RATE if settings.RATELIMIT_ENABLE else None


# Counting every confirmed signature is the costliest part of the public pages (tens of
# milliseconds at 20,000 signatories), so the counts are cached briefly. Confirming or
# withdrawing drops them at once in this process; other processes catch up within
# this many seconds (at once, too, when the cache is shared, e.g. Redis).
COUNTS_CACHE_SECONDS = 10


def signature_counts_cached(statement: Statement) -> dict[str, int]:
    key = signing.signature_counts_key(statement.pk)
    counts = cache.get(key)
    if counts is None:
        counts = selectors.signature_counts(statement=statement)
        cache.set(key, counts, COUNTS_CACHE_SECONDS)
    return counts


# Every join and statement page (and every submission) needs its statement; during a
# surge that is the same row thousands of times a second, so it is kept briefly. Saving a
# statement drops the copy in this process; other processes catch up within this time.
STATEMENT_CACHE_SECONDS = 10
OPEN_STATEMENT_KEY = "coalition:statement-open-first"
# Public pages kept for anonymous readers (core/page_cache.py): the page number and the
# kind of signer are part of the key; a search by name is rendered afresh.
PAGE_PARAMS = {"page": r"\d{1,6}|last", "kind": r"|individual|organization", "q": ""}


def _statement_cached(key: str, load: Callable[[], Statement | None]) -> Statement | None:
    found = cache.get(key)
    if found is None:
        found = load() or False  # remember "there is none", too
        cache.set(key, found, STATEMENT_CACHE_SECONDS)
    return found or None


def _statement_key(slug: str) -> str:
    # With the cached pages' generation: no process puts a statement from before an edit
    # into a page it caches after it.
    return f"coalition:statement:{generation(page_cache.NAMESPACE)}:{slug}"


def _open_statement_key() -> str:
    return f"{OPEN_STATEMENT_KEY}:{generation(page_cache.NAMESPACE)}"


@receiver(post_save, sender=Statement)
def _statement_forget(sender, instance: Statement, **kwargs) -> None:
    cache.delete_many([_open_statement_key(), _statement_key(instance.slug)])


def _join(request: HttpRequest, statement: Statement | None, template: str) -> HttpResponse:
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            receipt = ""
            if not form.is_bot():
                # Every submission takes the same path and gets the same answer, whatever
                # is on file for the address: what is true goes by email to that address.
                submission = intake.join_submission_store(
                    request=_join_request(form, statement))
                receipt = tokens.receipt_token(submission.pk)
            # A redirect, so that refreshing the thank-you page cannot send the form again.
            return redirect(f"{reverse('coalition-join-done')}?r={receipt}", permanent=False)
        status = 400
    else:
        initial = {}
        if request.GET.get("action") in dict(JoinForm.ACTIONS):
            initial["actions"] = [request.GET["action"]]
        form = JoinForm(initial=initial)
        status = 200
    view = selectors.statement_for_reader(statement) if statement else None
    counts = signature_counts_cached(statement) if statement else None
    context = {
        "form": form, "statement": view, "counts": counts,
        "progress": selectors_public.statement_progress(view, counts) if view else None,
    }
    return render(request, template, context, status=status)


def _after_signing(statement: Statement | None) -> dict:
    """What the thank-you pages offer next: sharing, progress, updates, workgroups."""
    if statement is None:
        return {"statement": None}
    view = selectors.statement_for_reader(statement)
    return {
        "statement": view,
        "share": selectors_public.statement_share_links(view),
        "progress": selectors_public.statement_progress(view,
                                                        signature_counts_cached(statement)),
    }


@never_cache  # it shows an address: no shared cache may keep it
@require_GET
def join_done(request: HttpRequest) -> HttpResponse:
    """The same page for every submission; it repeats the address typed, to catch typos."""
    receipt = request.GET.get("r", "")
    submission_id = tokens.read_receipt_token(receipt)
    submission = (JoinSubmission.objects.filter(pk=submission_id).only("payload").first()
                  if submission_id else None)
    email = submission.payload.get("email", "") if submission else ""
    return render(request, "coalition/join_done.html", {
        "email": normalize_email(email) if isinstance(email, str) else "",
        **_after_signing(selectors_public.statement_of_receipt(receipt)),
    })


def _join_request(form: JoinForm, statement: Statement | None) -> JoinRequest:
    data = form.cleaned_data
    actions = set(data["actions"])
    return JoinRequest(
        name=data["name"], email=data["email"],
        language=translation.get_language(), source="join-form",
        statement=statement,
        sign_individual="sign_individual" in actions,
        sign_organization="sign_organization" in actions,
        apply_membership="apply_membership" in actions,
        receive_updates="receive_updates" in actions,
        phone=data["phone"], county=data["county"], title=data["title"],
        organization_name=data["organization_name"],
        organization_kind=data["organization_kind"] or "other",
        organization_website=data["organization_website"],
        listed=data["listed"], listing_wording=form.wording("listed"),
        updates_wording=form.wording("receive_updates"),
        mission_alignment=data["mission_alignment"],
        is_nonprofit=data["is_nonprofit"],
        nonprofit_wording=form.wording("is_nonprofit"),
    )


@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
@cached_for_anonymous(*page_cache.BOTH, params={"action": r"[a-z_]{1,30}"})
def join(request: HttpRequest) -> HttpResponse:
    statement = _statement_cached(_open_statement_key(), selectors.statement_open_first)
    return _join(request, statement, "coalition/join.html")


@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
@cached_for_anonymous(*page_cache.BOTH)
def statement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    statement = _statement_cached(_statement_key(slug),
                                  lambda: Statement.objects.filter(slug=slug).first())
    if statement is None:
        raise Http404
    if request.method == "POST" and not statement.is_open:
        raise Http404
    return _join(request, statement, "coalition/statement.html")


@private_page
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows one button; the POST confirms, so link scanners can't confirm for people.

    After the POST the browser is sent back to the same link, which then says it is
    confirmed: a refresh shows the page again instead of posting again.
    """
    if request.method == "POST":
        result = signing.email_confirm(token=token)
        if result is None:
            return render(request, "coalition/link_invalid.html", status=400)
        return redirect(signing.reverse_in(result.person.preferred_language,
                                           "coalition-confirm", token=token))
    if signing.submission_confirmed(token=token):
        return render(request, "coalition/confirmed.html",
                      _after_signing(selectors_public.statement_of_confirmation(token)))
    return render(request, "coalition/confirm.html", {"token": token})


@private_page
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        signature = signing.signature_withdraw(token=token)
        if signature is None:
            return render(request, "coalition/link_invalid.html", status=400)
        return redirect(request.path)
    if signing.signature_withdrawn(token=token):
        return render(request, "coalition/withdrawn.html")
    return render(request, "coalition/withdraw.html", {"token": token})


@cached_for_anonymous(*page_cache.BOTH, params=PAGE_PARAMS)
def signatories(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    statement = (
        get_object_or_404(Statement, slug=slug) if slug else selectors.statement_open_first()
    )
    if statement is None:
        raise Http404
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    if kind not in ("", "individual", "organization"):
        kind = ""
    counts = signature_counts_cached(statement)
    paginator = Paginator(
        selectors.signatories_public_list(statement=statement, query=query, kind=kind), 50
    )
    if not query.strip() and not kind:
        # The unfiltered list is exactly the listed confirmed signatures: no second count.
        paginator.count = counts["listed"]
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "statement": selectors.statement_for_reader(statement),
        "counts": counts,
        "page": page, "query": query, "kind": kind,
    }
    template = "coalition/_signatory_results.html" if request.htmx else "coalition/signatories.html"
    return render(request, template, context)
