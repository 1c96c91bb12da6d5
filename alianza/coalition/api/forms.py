"""OSDI forms and submissions: each workgroup's sign-up form and the places on its roster.

The forms are the workgroups' sign-up forms (the only public forms here whose answers
are kept as records of their own: the join form's requests are deleted once carried out,
and what they ask for is kept as signatures, consents and applications). A submission is
a confirmed place on a workgroup's roster; a sign-up waiting for its email confirmation is
not one. Submitting through the API is the website's sign-up: the person gets a
confirmation email and is on the roster once they confirm it.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from ninja import Router
from pydantic import Field

from alianza.coalition.api.common import (
    FILTERS,
    ORIGIN_SYSTEM,
    Accepted,
    ActionOut,
    ActionPageOut,
    PersonIn,
    accepted,
    api_language,
    modified_with,
    person_form_clean,
    person_link,
    person_rows,
    person_uuid,
    register_people,
)
from alianza.coalition.forms import WorkgroupSignupForm
from alianza.coalition.models import Workgroup, WorkgroupMembership, WorkgroupText
from alianza.coalition.services.signing import reverse_in
from alianza.coalition.services.workgroups import workgroup_signup_request
from alianza.core.i18n import pick_text
from alianza.core.osdi import (
    OsdiError,
    OsdiInput,
    osdi_collection,
    osdi_collection_schema,
    osdi_family_permissions_register,
    osdi_get,
    osdi_href,
    osdi_identifiers,
    osdi_identifiers_map,
    osdi_time,
)

router = Router()
people_router = Router()

SUBMISSION_FILTERS = {"modified_date": "modified_at", "created_date": "confirmed_at"}


class Form(ActionPageOut):
    call_to_action: str
    browser_url: str
    total_submissions: int
    alianza_open: bool = Field(alias="alianza:open_for_sign_up")
    alianza_language: str = Field(alias="alianza:language")
    links: dict[str, dict[str, str]] = Field(alias="_links")


class Submission(ActionOut):
    form_id: str = Field(alias="action_network:form_id")
    links: dict[str, dict[str, str]] = Field(alias="_links")


class SubmissionIn(OsdiInput):
    __doc__ = gettext_noop(
        "Action Network's record submission helper body.")

    person: PersonIn
    identifiers: list[str] | None = Field(None, max_length=10)


FormCollection = osdi_collection_schema("forms", Form)
SubmissionCollection = osdi_collection_schema("submissions", Submission)


def _workgroups() -> QuerySet[Workgroup]:
    confirmed = Q(memberships__status=WorkgroupMembership.Status.CONFIRMED)
    return Workgroup.objects.annotate(total=Count("memberships", filter=confirmed)) \
        .prefetch_related("texts")


def _confirmed() -> QuerySet[WorkgroupMembership]:
    return WorkgroupMembership.objects.confirmed().select_related("workgroup", "person")


def forms_serialize(request: HttpRequest, workgroups: list[Workgroup]) -> list[dict]:
    from django.conf import settings

    foreign = osdi_identifiers_map(Workgroup, [w.pk for w in workgroups])
    items = []
    for workgroup in workgroups:
        text = pick_text(workgroup.texts.all(), api_language())
        language = text.language if text else api_language()
        own = osdi_href(request, "forms", str(workgroup.uuid))
        items.append({
            "identifiers": osdi_identifiers(workgroup, foreign.get(workgroup.pk)),
            "origin_system": ORIGIN_SYSTEM,
            "created_date": osdi_time(workgroup.created_at),
            "modified_date": osdi_time(workgroup.modified_at),
            "name": workgroup.slug,
            "title": text.name if text else workgroup.slug,
            "description": text.description if text else "",
            "call_to_action": _("Join the workgroup"),
            "browser_url": settings.SITE_URL + reverse_in(
                language, "coalition-workgroup-signup", slug=workgroup.slug),
            "total_submissions": getattr(workgroup, "total", 0),
            "alianza:open_for_sign_up": workgroup.is_open,
            "alianza:language": language,
            "_links": {
                "self": {"href": own},
                "osdi:submissions": {"href": f"{own}/submissions"},
                "osdi:record_submission_helper": {"href": f"{own}/submissions"},
            },
        })
    return items


def submissions_serialize(request: HttpRequest,
                          memberships: list[WorkgroupMembership]) -> list[dict]:
    foreign = osdi_identifiers_map(WorkgroupMembership, [m.pk for m in memberships])
    items = []
    for membership in memberships:
        form = osdi_href(request, "forms", str(membership.workgroup.uuid))
        links = {"self": {"href": f"{form}/submissions/{membership.uuid}"},
                 "osdi:form": {"href": form}}
        person = person_link(request, membership.person)
        if person:
            links["osdi:person"] = person
        items.append({
            "identifiers": osdi_identifiers(membership, foreign.get(membership.pk)),
            "created_date": osdi_time(membership.confirmed_at or membership.joined_at),
            "modified_date": osdi_time(membership.modified_at),
            "action_network:person_id": person_uuid(membership.person),
            "action_network:form_id": str(membership.workgroup.uuid),
            "_links": links,
        })
    return items


@router.get("", response=FormCollection, by_alias=True, summary=gettext_noop("List forms"),
            description=gettext_noop(
                "Every workgroup's sign-up form."))
def forms_list(request: HttpRequest):
    return osdi_collection(request, _workgroups(), name="forms", filters=FILTERS,
                           serialize=lambda rows: forms_serialize(request, rows))


@router.get("/{form_id}", response=Form, by_alias=True, summary=gettext_noop("Get a form"))
def form_get(request: HttpRequest, form_id: str):
    return forms_serialize(request, [osdi_get(_workgroups(), form_id, label=_("Form"))])[0]


@router.get("/{form_id}/submissions", response=SubmissionCollection, by_alias=True,
            summary=gettext_noop("List a form's submissions"),
            description=gettext_noop(
                "Confirmed places on the roster only."))
def form_submissions(request: HttpRequest, form_id: str):
    workgroup = osdi_get(Workgroup.objects.all(), form_id, label=_("Form"))
    return osdi_collection(request, _confirmed().filter(workgroup=workgroup),
                           name="submissions", filters=SUBMISSION_FILTERS,
                           serialize=lambda rows: submissions_serialize(request, rows))


@router.get("/{form_id}/submissions/{submission_id}", response=Submission, by_alias=True,
            summary=gettext_noop("Get a submission"))
def form_submission(request: HttpRequest, form_id: str, submission_id: str):
    workgroup = osdi_get(Workgroup.objects.all(), form_id, label=_("Form"))
    rows = _confirmed().filter(workgroup=workgroup)
    return submissions_serialize(request, [osdi_get(rows, submission_id,
                                                     label=_("Submission"))])[0]


@router.post("/{form_id}/submissions", response={202: Accepted}, by_alias=True,
             summary=gettext_noop("Submit a form (record submission helper)"),
             description=gettext_noop(
                 "Sign the person up for the workgroup as its web page does: they get a "
                 "confirmation email and are on the roster once they confirm. The same "
                 "answer whatever is on file."))
def form_submit(request: HttpRequest, form_id: str, payload: SubmissionIn):
    workgroup = osdi_get(Workgroup.objects.all(), form_id, label=_("Form"))
    if not workgroup.is_open:
        raise OsdiError(400, _("This workgroup is not open for sign-up."))
    data, language = person_form_clean(payload.person, WorkgroupSignupForm,
                                       fields=("name", "email"))
    workgroup_signup_request(workgroup=workgroup, name=data["name"], email=data["email"],
                             language=language)
    return accepted(request, resource="forms", uuid=workgroup.uuid, relation="form",
                    children="submissions", message=_(
                        "Thank you. We have sent an email to confirm the sign-up; the person "
                        "is on the roster once the address's owner confirms it."))


@people_router.get("/{person_id}/submissions", response=SubmissionCollection, by_alias=True,
                   summary=gettext_noop("List a person's submissions"))
def person_submissions(request: HttpRequest, person_id: str):
    return osdi_collection(request, person_rows(_confirmed(), person_id),
                           name="submissions", filters=SUBMISSION_FILTERS,
                           serialize=lambda rows: submissions_serialize(request, rows))


@people_router.get("/{person_id}/submissions/{submission_id}", response=Submission,
                   by_alias=True, summary=gettext_noop("Get one of a person's submissions"))
def person_submission(request: HttpRequest, person_id: str, submission_id: str):
    rows = person_rows(_confirmed(), person_id)
    return submissions_serialize(request, [osdi_get(rows, submission_id,
                                                     label=_("Submission"))])[0]


def register() -> None:
    from alianza.core.osdi import osdi_resource_register

    osdi_family_permissions_register(
        family="forms", read=("coalition.view_workgroupmembership",),
        write=("coalition.add_workgroupmembership",))

    osdi_resource_register(name="forms", family="forms", router=router,
                           title=gettext_lazy("Forms"), order=40)
    register_people(people_router, family="forms")
    modified_with(WorkgroupText, Workgroup, lambda text: text.workgroup_id)
