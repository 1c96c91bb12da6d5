"""Workgroup leads email their own group: through the workgroup's mailing list, so only
people who confirmed that list get it, and through the normal sending pipeline, so every
message carries the footer, the unsubscribe link and the consent it rests on."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import Workgroup
from alianza.outreach.models import Mailing, MailingList, Segment
from alianza.outreach.selectors import Resolution, mailing_list_name, segment_resolve
from alianza.outreach.services.email_layout import brand_current
from alianza.outreach.services.mailings import mailing_save, mailing_send_at
from alianza.outreach.services.preview import SAMPLE
from alianza.outreach.services.rendering import consent_reason, content_compile, pick_language


def workgroup_mailing_list(workgroup: Workgroup) -> MailingList | None:
    return MailingList.objects.filter(workgroup=workgroup).order_by("pk").first()


def _definition(mailing_list: MailingList) -> dict:
    """Who confirmed the list and is still on the group's roster: someone a lead took off
    the roster, or who left, gets the group's messages no more, though their subscription
    (and the consent it records) stays theirs."""
    definition: dict = {"lists": [mailing_list.slug]}
    if mailing_list.workgroup_id:
        definition["within_workgroups"] = [mailing_list.workgroup.slug]
    return definition


def workgroup_audience(mailing_list: MailingList) -> Resolution:
    return segment_resolve(definition=_definition(mailing_list))


def _segment(mailing_list: MailingList) -> Segment:
    """The segment of exactly this list, kept for the leads' messages (staff see them too)."""
    definition = _definition(mailing_list)
    segment, _created = Segment.objects.get_or_create(
        name=f"{mailing_list.slug} · workgroup", defaults={"definition": definition})
    if segment.definition != definition:
        segment.definition = definition
        segment.save(update_fields=["definition", "updated_at"])
    return segment


def workgroup_mailings(mailing_list: MailingList, limit: int = 10) -> list[Mailing]:
    return list(Mailing.objects.filter(segment__name=f"{mailing_list.slug} · workgroup")
                .select_related("created_by").order_by("-created_at")[:limit])


@transaction.atomic
def workgroup_mailing_send(*, workgroup: Workgroup, user, contents: dict[str, tuple[str, str]]
                           ) -> tuple[Mailing | None, list[str]]:
    """Save the lead's message as a mailing to the workgroup's list and start sending it.

    Replies go to the lead. Returns the mailing and the problems that stopped it (then
    nothing is saved or sent)."""
    mailing_list = workgroup_mailing_list(workgroup)
    if mailing_list is None:
        return None, [_("This workgroup has no mailing list yet. Ask the coalition's staff "
                        "to create one.")]
    name = _("Message to workgroup %(slug)s, %(date)s") % {
        "slug": workgroup.slug, "date": timezone.localdate().isoformat()}
    mailing = mailing_save(mailing=None, name=name, segment=_segment(mailing_list),
                           from_name="", reply_to=user.email or "", tracking=False,
                           contents=contents, user=user)
    problems = mailing_send_at(mailing=mailing, when=None)
    if problems:
        transaction.set_rollback(True)
        return None, problems
    return mailing, []


def contents_preview(*, contents: dict[str, tuple[str, str]], mailing_list: MailingList | None
                     ) -> list[dict]:
    """Each written language as a sample reader would get it; nothing is saved."""
    from alianza.coalition.models import CoalitionProfile

    profile = CoalitionProfile.objects.first()
    postal = profile.postal_address if profile else ""
    brand = brand_current()
    names = dict(settings.LANGUAGES)
    written = [code for code, (subject, body) in contents.items() if subject.strip()
               and body.strip()]
    shown = []
    for code in written:
        subject, body = contents[code]
        compiled = content_compile(language=code, subject=subject, body_markdown=body,
                                   postal_address=postal, brand=brand)
        values = {**SAMPLE, "why": consent_reason(
            language=code, list_name=mailing_list_name(mailing_list, code) if mailing_list
            else "",
            granted_at=None), "unsubscribe_url": "#", "preferences_url": "#"}
        shown.append({"code": code, "name": names.get(code, code),
                      "subject": compiled.subject % values, "html": compiled.html % values,
                      "text": compiled.text % values})
    # Readers of a language left blank get the default one: say so beside the previews.
    for code in names:
        if code not in written and written:
            shown.append({"code": code, "name": names[code], "falls_back_to": names[
                pick_language(written, code)]})
    return shown
