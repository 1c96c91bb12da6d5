"""What a contact import does in outreach: tags, mailing lists and suppressed addresses.

Registered as an import hook (``core.import_hooks``) so the coalition's import calls it for
each batch, in the batch's transaction. Staff choose on the mapping page a tag for everyone
the file brings and the lists to add people to; the file's own tags column adds more tags.

Only a row whose consent columns say yes joins a list, as a confirmed subscription dated
when consent was given, with the file's source and wording, and a consent row to match.
People who had left a list (or all email) are never put back on it. A row that says the
person unsubscribed ends their subscriptions to the chosen lists; an address the old tool
had cleaned (it bounced) is suppressed. Everything is matched before it is written, so a
second import of the same file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alianza.coalition.imports.batches import in_chunks, rows_insert, rows_select, rows_update
from alianza.coalition.models import Consent
from alianza.coalition.models.base import subject_keys
from alianza.core.import_hooks import (
    CONSENT_CLEANED,
    CONSENT_UNSUBSCRIBED,
    CONSENT_YES,
    HookResult,
    ImportBatch,
    ImportHook,
)
from alianza.core.services import supported_language
from alianza.outreach.models import MailingList, Subscription, Suppression, Tag
from alianza.outreach.selectors import mailing_list_name

# Imported subscribers were welcomed by the tool they come from: no welcome series again.
WELCOME_DONE = 32767

MESSAGES = {
    "list_kept_unsubscribed": _(
        "This person had left the list “%(list)s”, so they stay off it whatever the file says."
    ),
}
COUNT_LABELS = {
    "tagged": _("tags added to people"),
    "subscribed": _("added to mailing lists"),
    "list_kept_unsubscribed": _("kept off lists they had left"),
    "list_unsubscribed": _("taken off mailing lists"),
    "suppressed": _("addresses blocked (cleaned)"),
}


class ImportOptionsForm(forms.Form):
    legend = pgettext_lazy("import options heading", "Tags and mailing lists")

    tag = forms.CharField(
        label=_("Tag everyone this file brings in"), required=False, max_length=100,
        help_text=_("An existing tag's name, or a new one. Leave blank for no tag."),
    )
    lists = forms.MultipleChoiceField(
        label=_("Add to these mailing lists"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only people whose consent column says yes are added, as confirmed "
                    "subscribers. Without a consent column, no one is added."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["lists"].choices = [
            (m.slug, mailing_list_name(m, language))
            for m in MailingList.objects.prefetch_related("texts")
        ]

    def clean_tag(self) -> str:
        return " ".join(self.cleaned_data["tag"].split())


def options_form(data, initial: dict) -> ImportOptionsForm:
    return ImportOptionsForm(data, initial=initial, prefix="outreach")


def options_summary(options: dict) -> list[str]:
    shown = []
    if options.get("tag"):
        shown.append(gettext("Tagged “%(tag)s”") % {"tag": options["tag"]})
    if options.get("lists"):
        names = [mailing_list_name(m, get_language()) for m in
                 MailingList.objects.filter(slug__in=options["lists"]).prefetch_related("texts")]
        shown.append(gettext("Consenting people added to: %(lists)s")
                     % {"lists": ", ".join(names)})
    return shown


@lru_cache(maxsize=4096)  # a file repeats a few tags on thousands of rows
def tag_slug(name: str) -> str:
    slug = slugify(name)[:50]
    if not slug:  # a name in a script slugify drops: a stable slug all the same
        slug = "tag-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:12]
    return slug


def _tags(names: set[str], *, write: bool) -> dict[str, int | None]:
    """Tag ids by slug, creating missing tags when writing (None in a dry run)."""
    wanted = {tag_slug(name): name for name in sorted(names)}
    found: dict[str, int | None] = dict(
        Tag.objects.filter(slug__in=list(wanted)).values_list("slug", "pk"))
    missing = [Tag(slug=slug, name=name[:100]) for slug, name in wanted.items()
               if slug not in found]
    if missing and write:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        found.update(Tag.objects.filter(slug__in=[t.slug for t in missing])
                     .values_list("slug", "pk"))
    for tag in missing:
        found.setdefault(tag.slug, None)
    return found


def _apply_tags(batch: ImportBatch, result: HookResult) -> None:
    everyone = batch.options.get("tag", "")
    wanted = {row.row: {*row.tags, *([everyone] if everyone else [])} for row in batch.rows}
    names = set().union(*wanted.values()) if wanted else set()
    if not names:
        return
    ids = _tags(names, write=batch.write)
    # People the import creates have no tags yet: only the others are looked up.
    person_ids = [row.person_id for row in batch.rows
                  if row.person_id is not None and not row.new]
    through = Tag.people.through
    have = set(rows_select(through, ["tag_id", "person_id"], "person_id", person_ids))
    links: set[tuple[str, int | tuple[str, int]]] = set()  # (tag slug, person or row)
    for row in batch.rows:
        for name in wanted[row.row]:
            slug = tag_slug(name)
            tag_id = ids[slug]
            if row.person_id is None or tag_id is None or (tag_id, row.person_id) not in have:
                links.add((slug, row.person_id if row.person_id is not None else ("row", row.row)))
    if links:
        result.counts["tagged"] += len(links)
    if batch.write:
        # Links already there were left out above; a link added meanwhile by someone else
        # fails the batch, which the import then plans and writes again.
        rows_insert(through, ["tag_id", "person_id"],
                sorted({(ids[slug], person) for slug, person in links}))


def _apply_lists(batch: ImportBatch, result: HookResult) -> None:
    lists = list(MailingList.objects.filter(slug__in=batch.options.get("lists", [])))
    rows = [row for row in batch.rows if row.consent in (CONSENT_YES, CONSENT_UNSUBSCRIBED)]
    if not lists or not rows:
        return
    current: dict[tuple[int, int], tuple[int, str]] = {}  # (person, list) → (id, status)
    list_ids = ", ".join(str(int(m.pk)) for m in lists)
    for pk, person_id, list_id, status in rows_select(
        Subscription, ["id", "person_id", "mailing_list_id", "status"], "person_id",
        [row.person_id for row in rows if row.person_id is not None and not row.new],
        where=f'"mailing_list_id" IN ({list_ids})',
    ):
        current[(person_id, list_id)] = (pk, status)
    now = timezone.now()
    dated = connection.ops.adapt_datetimefield_value
    new: list[tuple] = []
    confirmed: list[tuple] = []
    ended: list[tuple] = []
    consents: list[tuple] = []
    for row in rows:
        language = supported_language(row.language)
        for mailing_list in lists:
            pk, status = current.get((row.person_id, mailing_list.pk), (None, None))
            scope = f"list:{mailing_list.slug}"
            if row.consent == CONSENT_UNSUBSCRIBED:
                if pk is not None and status != Subscription.Status.UNSUBSCRIBED:
                    result.counts["list_unsubscribed"] += 1
                    ended.append((Subscription.Status.UNSUBSCRIBED, dated(now), None, "", pk))
                    consents.append((row, scope, False, language, now))
                continue
            if row.withdrawn:
                continue  # the coalition's note already says they stay unsubscribed
            if status == Subscription.Status.UNSUBSCRIBED:
                result.counts["list_kept_unsubscribed"] += 1
                result.notes.append({
                    "row": row.row, "column": batch.column, "code": "list_kept_unsubscribed",
                    "params": {"list": mailing_list_name(mailing_list)}, "warning": True})
                continue
            if status == Subscription.Status.CONFIRMED:
                continue
            at = min(row.consent_at or now, now)
            result.counts["subscribed"] += 1
            consents.append((row, scope, True, language, at))
            if pk is None:
                new.append((row.person_id, mailing_list.pk, Subscription.Status.CONFIRMED,
                            row.source[:100], row.wording, language, "", dated(at), dated(at),
                            WELCOME_DONE))
            else:
                confirmed.append((Subscription.Status.CONFIRMED, dated(at), None,
                                  row.source[:100], row.wording, language, pk))
    if not batch.write:
        return
    rows_insert(Subscription, ["person_id", "mailing_list_id", "status", "source", "wording",
                           "language", "submitted_name", "created_at", "confirmed_at",
                           "welcome_steps_sent"], new)
    rows_update(Subscription, ["status", "confirmed_at", "expires_at", "source", "wording",
                           "language"], confirmed)
    rows_update(Subscription, ["status", "unsubscribed_at", "expires_at", "submitted_name"], ended)
    keys = subject_keys([row.email for row, *_rest in consents])
    rows_insert(Consent, ["person_id", "subject_key", "kind", "scope", "granted", "wording",
                      "language", "source", "created_at"],
            [(row.person_id, keys[row.email], Consent.Kind.EMAIL, scope, granted,
              row.wording, language, row.source[:100], dated(at))
             for row, scope, granted, language, at in consents])


def _apply_cleaned(batch: ImportBatch, result: HookResult) -> None:
    addresses = sorted({row.email for row in batch.rows if row.consent == CONSENT_CLEANED})
    if not addresses:
        return
    blocked = set()
    for chunk in in_chunks(addresses):
        blocked.update(Suppression.objects.filter(address__in=chunk, lifted_at__isnull=True)
                       .values_list("address", flat=True))
    fresh = [address for address in addresses if address not in blocked]
    if fresh:
        result.counts["suppressed"] += len(fresh)
    if batch.write and fresh:
        detail = gettext("Cleaned (undeliverable) in the file “%(file)s”.") % {
            "file": batch.file_name}
        Suppression.objects.bulk_create(
            [Suppression(address=address, reason=Suppression.Reason.IMPORTED, detail=detail)
             for address in fresh], ignore_conflicts=True)


def outreach_import_apply(batch: ImportBatch) -> HookResult:
    result = HookResult(counts=Counter())
    _apply_tags(batch, result)
    _apply_lists(batch, result)
    _apply_cleaned(batch, result)
    return result


IMPORT_HOOK = ImportHook(
    key="outreach", apply=outreach_import_apply, form=options_form, summary=options_summary,
    messages=MESSAGES, count_labels=COUNT_LABELS, order=10,
    tables=(Subscription._meta.db_table, Tag.people.through._meta.db_table,
            Suppression._meta.db_table),
)
