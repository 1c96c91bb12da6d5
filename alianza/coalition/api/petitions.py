"""OSDI petitions and signatures: the coalition's statements and their signatures.

Shaped as Action Network's: a petition's title, description and text are those of the
statement's current version in the site's default language; ``total_signatures`` and
the signature collections count confirmed signatures only (a signature waiting for its
email confirmation, or withdrawn, is not one). Signing through the API is the website's
join form: the person gets a confirmation email, and nothing is written until they
confirm it.
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
from alianza.coalition.forms import JoinForm
from alianza.coalition.models import (
    Signature,
    Statement,
    StatementText,
    StatementVersion,
)
from alianza.coalition.services import intake
from alianza.coalition.services.signing import JoinRequest, reverse_in
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
    osdi_require,
    osdi_time,
)

router = Router()
people_router = Router()

SIGNATURE_FILTERS = {"modified_date": "modified_at", "created_date": "confirmed_at"}


class Petition(ActionPageOut):
    petition_text: str
    browser_url: str
    total_signatures: int
    alianza_open: bool = Field(alias="alianza:open_for_signatures")
    alianza_goal: int | None = Field(None, alias="alianza:signature_goal")
    alianza_language: str = Field(alias="alianza:language")
    links: dict[str, dict[str, str]] = Field(alias="_links")


class SignatureOut(ActionOut):
    petition_id: str = Field(alias="action_network:petition_id")
    organization: str | None = Field(None, alias="alianza:organization")
    listed: bool = Field(alias="alianza:listed")
    links: dict[str, dict[str, str]] = Field(alias="_links")


class SignatureIn(OsdiInput):
    __doc__ = gettext_noop(
        "Action Network's record signature helper body.")

    person: PersonIn
    add_tags: list[str] | None = Field(None, max_length=50)
    comments: str | None = Field(None, max_length=2000)
    identifiers: list[str] | None = Field(None, max_length=10)


PetitionCollection = osdi_collection_schema("petitions", Petition)
SignatureCollection = osdi_collection_schema("signatures", SignatureOut)


# Reading -----------------------------------------------------------------------------------


def _statements() -> QuerySet[Statement]:
    confirmed = Q(signatures__status=Signature.Status.CONFIRMED)
    return Statement.objects.annotate(total=Count("signatures", filter=confirmed))


def _confirmed() -> QuerySet[Signature]:
    """The signatures a client sees: confirmed ones (the web lists nothing else)."""
    return Signature.objects.filter(status=Signature.Status.CONFIRMED)


def _texts(statements: list[Statement]) -> dict[int, object]:
    """Each statement's text in the default language, from its current version."""
    versions = (StatementVersion.objects.filter(statement__in=statements)
                .prefetch_related("texts").order_by("statement_id", "-number"))
    by_statement: dict[int, list[StatementVersion]] = {}
    for version in versions:
        by_statement.setdefault(version.statement_id, []).append(version)
    chosen = {}
    for statement_id, candidates in by_statement.items():
        published = [v for v in candidates if v.published_at is not None]
        version = (published or candidates)[0]
        chosen[statement_id] = pick_text(version.texts.all(), api_language())
    return chosen


def petitions_serialize(request: HttpRequest, statements: list[Statement]) -> list[dict]:
    texts = _texts(statements)
    foreign = osdi_identifiers_map(Statement, [s.pk for s in statements])
    items = []
    for statement in statements:
        text = texts.get(statement.pk)
        language = text.language if text else api_language()
        own = osdi_href(request, "petitions", str(statement.uuid))
        items.append({
            "identifiers": osdi_identifiers(statement, foreign.get(statement.pk)),
            "origin_system": ORIGIN_SYSTEM,
            "created_date": osdi_time(statement.created_at),
            "modified_date": osdi_time(statement.modified_at),
            "name": statement.slug,
            "title": text.title if text else statement.slug,
            "description": text.summary if text else "",
            "petition_text": text.body if text else "",
            "browser_url": _absolute(reverse_in(language, "coalition-statement",
                                                slug=statement.slug)),
            "total_signatures": getattr(statement, "total", 0),
            "alianza:open_for_signatures": statement.is_open,
            "alianza:signature_goal": statement.signature_goal,
            "alianza:language": language,
            "_links": {
                "self": {"href": own},
                "osdi:signatures": {"href": f"{own}/signatures"},
                "osdi:record_signature_helper": {"href": f"{own}/signatures"},
            },
        })
    return items


def signatures_serialize(request: HttpRequest, signatures: list[Signature]) -> list[dict]:
    foreign = osdi_identifiers_map(Signature, [s.pk for s in signatures])
    items = []
    for signature in signatures:
        petition = osdi_href(request, "petitions", str(signature.statement.uuid))
        links = {
            "self": {"href": f"{petition}/signatures/{signature.uuid}"},
            "osdi:petition": {"href": petition},
        }
        person = person_link(request, signature.person)
        if person:
            links["osdi:person"] = person
        items.append({
            "identifiers": osdi_identifiers(signature, foreign.get(signature.pk)),
            "created_date": osdi_time(signature.confirmed_at or signature.created_at),
            "modified_date": osdi_time(signature.modified_at),
            "action_network:person_id": person_uuid(signature.person),
            "action_network:petition_id": str(signature.statement.uuid),
            "alianza:organization": signature.organization.name
            if signature.organization_id else None,
            "alianza:listed": signature.listed,
            "_links": links,
        })
    return items


def _signatures_with_relations(queryset: QuerySet[Signature]) -> QuerySet[Signature]:
    return queryset.select_related("statement", "person", "organization")


def _absolute(path: str) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


@router.get("", response=PetitionCollection, by_alias=True, summary=gettext_noop("List petitions"),
            description=gettext_noop(
                "Every statement of agreement, as a petition."))
def petitions_list(request: HttpRequest):
    return osdi_collection(request, _statements(), name="petitions", filters=FILTERS,
                           serialize=lambda rows: petitions_serialize(request, rows))


@router.get("/{petition_id}", response=Petition, by_alias=True,
            summary=gettext_noop("Get a petition"))
def petition_get(request: HttpRequest, petition_id: str):
    statement = osdi_get(_statements(), petition_id, label=_("Petition"))
    return petitions_serialize(request, [statement])[0]


@router.get("/{petition_id}/signatures", response=SignatureCollection, by_alias=True,
            summary=gettext_noop("List a petition's signatures"),
            description=gettext_noop(
                "Confirmed signatures only: one waiting for its email confirmation is not "
                "listed."))
def petition_signatures(request: HttpRequest, petition_id: str):
    statement = osdi_get(Statement.objects.all(), petition_id, label=_("Petition"))
    rows = _signatures_with_relations(_confirmed().filter(statement=statement))
    return osdi_collection(request, rows, name="signatures", filters=SIGNATURE_FILTERS,
                           serialize=lambda page: signatures_serialize(request, page))


@router.get("/{petition_id}/signatures/{signature_id}", response=SignatureOut, by_alias=True,
            summary=gettext_noop("Get a signature"))
def petition_signature(request: HttpRequest, petition_id: str, signature_id: str):
    statement = osdi_get(Statement.objects.all(), petition_id, label=_("Petition"))
    rows = _signatures_with_relations(_confirmed().filter(statement=statement))
    return signatures_serialize(request, [osdi_get(rows, signature_id,
                                                    label=_("Signature"))])[0]


@router.post("/{petition_id}/signatures", response={202: Accepted}, by_alias=True,
             summary=gettext_noop("Sign a petition (record signature helper)"),
             description=gettext_noop(
                 "Sign as the person given, through the website's join form: the person is "
                 "sent a confirmation email, and the signature counts (and is listed here) "
                 "once they confirm. The answer is the same whatever is on file for the "
                 "address."))
def petition_sign(request: HttpRequest, petition_id: str, payload: SignatureIn):
    if payload.add_tags:
        osdi_require(request.auth, "tags", write=True)  # tagging, as on the staff pages
    statement = osdi_get(Statement.objects.all(), petition_id, label=_("Petition"))
    if not statement.is_open:
        raise OsdiError(400, _("This petition is closed for signatures."))
    data, language = person_form_clean(payload.person, JoinForm,
                                       fields=("name", "email", "phone"),
                                       extra={"actions": ["sign_individual"]})
    intake.join_submission_store(request=JoinRequest(
        name=data["name"], email=data["email"], phone=data["phone"],
        language=language, source="api", statement=statement,
        sign_individual=True, tags=[t.strip() for t in payload.add_tags or [] if t.strip()],
    ))
    return accepted(request, resource="petitions", uuid=statement.uuid, relation="petition",
                    children="signatures", message=_(
                        "Thank you. We have sent an email to confirm the signature; it counts "
                        "once the address's owner confirms it."))


# A person's signatures ---------------------------------------------------------------------


@people_router.get("/{person_id}/signatures", response=SignatureCollection, by_alias=True,
                   summary=gettext_noop("List a person's signatures"))
def person_signatures(request: HttpRequest, person_id: str):
    rows = _signatures_with_relations(person_rows(_confirmed(), person_id))
    return osdi_collection(request, rows, name="signatures", filters=SIGNATURE_FILTERS,
                           serialize=lambda page: signatures_serialize(request, page))


@people_router.get("/{person_id}/signatures/{signature_id}", response=SignatureOut,
                   by_alias=True, summary=gettext_noop("Get one of a person's signatures"))
def person_signature(request: HttpRequest, person_id: str, signature_id: str):
    rows = _signatures_with_relations(person_rows(_confirmed(), person_id))
    return signatures_serialize(request, [osdi_get(rows, signature_id,
                                                    label=_("Signature"))])[0]


def register() -> None:
    from alianza.core.osdi import osdi_resource_register

    osdi_family_permissions_register(
        family="petitions", read=("coalition.view_signature",),
        write=("coalition.add_signature",))

    osdi_resource_register(name="petitions", family="petitions", router=router,
                           title=gettext_lazy("Petitions"), order=30)
    register_people(people_router, family="petitions")
    modified_with(StatementVersion, Statement, lambda version: version.statement_id)
    modified_with(StatementText, Statement,
                  lambda text: StatementVersion.objects.filter(pk=text.version_id)
                  .values_list("statement_id", flat=True).first())
