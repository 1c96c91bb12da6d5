"""A change to a policy row the public pages read drops the cached public policy pages
(bills, legislators, the agenda): they show positions, statuses, summaries and names from
many tables, and changes are rare next to readings. Rows no cached page shows (meetings,
supporters' letters, alert choices, import conflicts) leave the cache alone, so a busy action
alert or a staff member's meeting notes don't empty it for every reader. Bulk writes that
send no signals (the imports) call ``bump_on_commit("policy")`` themselves. A new version of
a state data file does too: the agenda cites the newest figures."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from alianza.core.page_cache import bump_on_commit

NAMESPACE = "policy"
# Read only by staff pages, personal links and uncached public forms.
UNCACHED_MODELS = {
    "ActionSubmission", "ActionLetter", "AlertPreference", "AlertSent", "BillConflict",
    "FollowUpReminder", "Meeting", "MeetingAttendee", "MeetingAsk", "MeetingFollowUp",
    "MeetingAttachment", "ZipDistrict",
}


def _bump(**kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_on_commit(NAMESPACE)


def connect() -> None:
    dataset = apps.get_model("evidence", "Dataset")
    post_save.connect(_bump, sender=dataset, dispatch_uid="policy-page-evidence-save")
    post_delete.connect(_bump, sender=dataset, dispatch_uid="policy-page-evidence-delete")
    for model in apps.get_app_config("policy").get_models():
        if model.__name__ in UNCACHED_MODELS:
            continue
        uid = f"policy-page-{model._meta.label}"
        post_save.connect(_bump, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_bump, sender=field.remote_field.through,
                                dispatch_uid=f"{uid}-{field.name}")
