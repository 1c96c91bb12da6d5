"""Writes for mailing lists: a list and its name and description in each language."""

from __future__ import annotations

from django.db import transaction

from alianza.coalition.models import Workgroup
from alianza.outreach.models import MailingList, MailingListText


@transaction.atomic
def mailing_list_save(
    *,
    mailing_list: MailingList | None,
    slug: str,
    is_public: bool,
    workgroup: Workgroup | None,
    texts: dict[str, tuple[str, str]],
) -> MailingList:
    """Create or update a list. ``texts`` maps a language to (name, description).

    A language whose name is blank loses its row, so readers of it see the default
    language's name. The slug is fixed once the list exists: segments name lists by slug.
    """
    if mailing_list is None:
        mailing_list = MailingList(slug=slug)
    mailing_list.is_public = is_public
    mailing_list.workgroup = workgroup
    mailing_list.full_clean()
    mailing_list.save()
    for language, (name, description) in texts.items():
        name, description = name.strip(), description.strip()
        if not name:
            MailingListText.objects.filter(mailing_list=mailing_list, language=language).delete()
            continue
        text = MailingListText.objects.filter(mailing_list=mailing_list,
                                              language=language).first()
        text = text or MailingListText(mailing_list=mailing_list, language=language)
        text.name, text.description = name, description
        text.full_clean()
        text.save()
    return mailing_list
