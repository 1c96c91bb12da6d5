"""The staff roles Alianza ships with, as Django groups holding permissions named by codename.

The table is data (strings), so core still imports no other app. ``role_groups_sync`` runs
from a data migration, after every ``migrate`` (``post_migrate``) and from ``manage.py
sync_roles``: it creates missing groups and adds missing permissions, and never takes a
permission away, so what an administrator granted by hand stays.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

COALITION_STAFF = "Coalition staff"
DATA_ANALYST = "Data analysts"
OUTREACH = "Outreach"
WORKGROUP_LEAD = "Workgroup leads"
POLICY = "Policy"
LISTENING = "Listening"


def _model_perms(app_label: str, models: Iterable[str],
                 actions: Iterable[str] = ("view", "add", "change")) -> tuple[str, ...]:
    return tuple(f"{app_label}.{action}_{model}" for model in models for action in actions)


DASHBOARD = "coalition.view_dashboard"

ROLES: dict[str, tuple[str, ...]] = {
    COALITION_STAFF: (
        DASHBOARD,
        *_model_perms("coalition", [
            "organization", "person", "personemail", "affiliation", "membershipapplication",
            "statement", "statementversion", "statementtext", "signature", "workgroup",
            "workgrouptext", "workgroupmembership", "coalitionprofile", "coalitionprofiletext",
        ]),
        *_model_perms("coalition", ["consent", "membershipstatuschange", "joinsubmission",
                                    "contactimport"], actions=("view",)),
        "coalition.delete_affiliation",
        "coalition.delete_workgroupmembership",
        "coalition.import_contacts",
        "coalition.manage_all_imports",
        # A person's own request to see or erase their data is handled by coalition staff.
        "coalition.export_person",
        "coalition.erase_person",
        "coalition.merge_organization",
        # People's pages: staff notes, and merging two records of one person.
        "coalition.merge_person",
        *_model_perms("coalition", ["personnote"], actions=("view", "add")),
        # The library: resources, collections, the press room.
        *_model_perms("library", [
            "resource", "resourcetext", "topic", "audience", "collection", "collectionitem",
            "mediacontact",
        ]),
        "library.publish_resource",
        # Convenings and events: registrations, check-in, exports.
        *_model_perms("convenings", ["event", "eventtext", "registration", "question"]),
        "convenings.check_in",
        "convenings.export_registrations",
        # OSDI API tokens of their own (docs/api.md); a token acts as its staff user.
        "core.add_apitoken",
        # Webhooks out: the receivers that hear of signatures, sign-ups and registrations.
        "core.manage_webhooks",
    ),
    DATA_ANALYST: (
        DASHBOARD,
        "evidence.import_dataset",
        "evidence.run_student_rules",
        "evidence.manage_all_runs",
        *_model_perms("evidence", ["dataset", "datasetupload", "studentrun"]),
        *_model_perms("evidence", ["entity", "figure", "runaggregate"], actions=("view",)),
    ),
    OUTREACH: (
        DASHBOARD,
        "outreach.send_mailing",
        # The people list, to find people, tag them and save its filters as segments.
        "coalition.view_person",
        *_model_perms("outreach", [
            "mailinglist", "mailinglisttext", "tag", "segment", "mailing", "mailingcontent",
            "emailtemplate", "welcomestep", "suppression",
        ]),
        *_model_perms("outreach", ["subscription", "delivery", "mailingevent"],
                      actions=("view",)),
    ),
    # Leads reach the rosters of the workgroups they lead (Workgroup.leads), not others';
    # the group names the role and holds no model permission.
    WORKGROUP_LEAD: (),
    POLICY: (
        DASHBOARD,
        *_model_perms("policy", [
            "legislativesession", "legislator", "office", "officecontact", "committee",
            "bill", "billtext", "billaction", "hearing", "issuearea", "budgetitem",
        ]),
        *_model_perms("policy", ["district", "legislatorrole", "committeemembership",
                                 "sponsorship", "billversion", "billvote"], actions=("view",)),
        # Advocacy meetings (delegation visits) and their follow-ups and attachments.
        *_model_perms("policy", ["meeting", "meetingattendee", "meetingask", "meetingfollowup",
                                 "meetingattachment"]),
        "policy.delete_meetingattachment",
        # The bill tracker: positions with their history, import conflicts, alerts.
        *_model_perms("policy", ["billposition"], actions=("view", "add")),
        *_model_perms("policy", ["billconflict"], actions=("view", "change")),
        "policy.receive_bill_alerts",
        # The policy agenda: its items, texts, citations and status history.
        *_model_perms("policy", ["agenda", "agendatext", "agendaitem", "agendaitemtext",
                                 "evidencecitation"]),
        *_model_perms("policy", ["agendaitemstatuschange"], actions=("view", "add")),
        "policy.delete_agendaitem",
        "policy.publish_agenda",
        # The agenda's PDFs and position letters are library resources.
        *_model_perms("library", ["resource", "resourcetext"]),
        "library.publish_resource",
        # Action alerts: campaigns, the ZIP code file, and the letters (read, marked printed).
        *_model_perms("policy", ["actioncampaign", "zipdistrict"]),
        *_model_perms("policy", ["actionletter"], actions=("view", "change")),
    ),
    LISTENING: (
        DASHBOARD,
        # Surveys, their versions, sections, questions, choices and frames; partners.
        *_model_perms("listening", ["survey", "surveytext", "surveyversion", "section",
                                    "question", "option", "frame", "partner", "theme"]),
        "listening.publish_survey",
        # A frame test's frames may be removed until anyone has been shown one.
        "listening.delete_frame",
        # Individual responses and open-text answers (aggregates need only view_survey);
        # entering paper responses; tagging answers with themes.
        *_model_perms("listening", ["response", "answer"]),
        # Respondents' contact details, for those who asked to be contacted.
        "listening.view_responsecontact",
        # The findings brief is a library resource.
        *_model_perms("library", ["resource", "resourcetext"]),
        "library.publish_resource",
    ),
}


def role_groups_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Create the role groups and add the permissions they lack; returns how many were added.

    Permissions not (yet) in the database, e.g. of an app not installed, are skipped and land
    on a later run.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure ours exist now.
    # The installed app configs say which apps have models; ``apps`` (the migration state
    # when called from a migration) says which models exist at this point.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    added: dict[str, int] = {}
    for name, perms in ROLES.items():
        group, _created = group_model.objects.using(using).get_or_create(name=name)
        wanted = _permission_ids(permission_model, perms, using)
        have = set(group.permissions.values_list("pk", flat=True))
        missing = wanted - have
        if missing:
            group.permissions.add(*missing)
        added[name] = len(missing)
    return added


def _permission_ids(permission_model, perms: Iterable[str], using: str) -> set[int]:
    ids: set[int] = set()
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        ids.update(permission_model.objects.using(using).filter(
            content_type__app_label=app_label, codename=codename,
        ).values_list("pk", flat=True))
    return ids
