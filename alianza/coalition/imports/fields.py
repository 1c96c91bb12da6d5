"""What a row of a contact file can hold, how columns are guessed, and how each row is checked.

Row problems are kept as codes with parameters (``{"row": 7, "column": "Email", "code":
"invalid_email", "params": {...}}``) and turned into words only when shown, so staff read
them in their own language whatever language the import ran in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.imports import consent as consent_columns
from alianza.coalition.imports.languages import language_tag, language_tags
from alianza.coalition.models import normalize_email
from alianza.coalition.models.base import organization_name_key
from alianza.coalition.places import county_split, district_match
from alianza.core.email_address import email_address_normalize
from alianza.core.import_hooks import import_note_message

PEOPLE = "people"
ORGANIZATIONS = "organizations"


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    synonyms: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()  # a header containing one of these words, if nothing matched
    max_length: int | None = None


COUNTY_SYNONYMS = ("county", "county name", "county code", "condado", "nombre del condado")
DISTRICT_SYNONYMS = ("district", "school district", "district name", "district code", "lea",
                     "cds code", "distrito", "distrito escolar", "nombre del distrito")

PERSON_FIELDS = (
    ImportField("name", _("Name"), ("name", "full name", "contact name", "display name",
                "nombre", "nombre completo", "nombre y apellido", "nombre y apellidos"),
                ("name", "nombre"), 200),
    ImportField("first_name", _("First name"), ("first name", "first", "given name",
                "primer nombre", "nombre de pila", "nombres"), max_length=200),
    ImportField("last_name", _("Last name"), ("last name", "last", "surname", "family name",
                "apellido", "apellidos"), max_length=200),
    ImportField("email", _("Email"), ("email", "e mail", "email address", "e mail address",
                "primary email", "email 1", "mail", "correo", "correo electronico", "correo e",
                "email personal"), ("email", "correo"), 254),
    ImportField("other_emails", _("Other emails"), ("other emails", "other email",
                "alternate email", "alternative email", "secondary email", "email 2",
                "otros correos", "otro correo", "correo alternativo", "correo secundario")),
    ImportField("phone", _("Phone"), ("phone", "phone number", "can2 phone", "telephone",
                "tel", "mobile", "mobile phone", "cell", "cell phone", "telefono",
                "numero de telefono", "celular", "movil"), ("phone", "telefono", "celular"), 40),
    ImportField("preferred_language", _("Preferred language"), ("language",
                "preferred language", "language preference", "home language",
                "primary language", "idioma", "idioma preferido", "idioma de preferencia",
                "lengua", "lengua materna"), ("language", "idioma")),
    ImportField("county", _("County"), COUNTY_SYNONYMS, max_length=100),
    ImportField("district", _("School district"), DISTRICT_SYNONYMS, max_length=100),
    ImportField("organization", _("Organization"), ("organization", "organisation", "org",
                "organization name", "company", "employer", "affiliation", "agency",
                "organizacion", "nombre de la organizacion", "empresa", "agencia",
                "institucion"), ("organization", "organizacion"), 200),
    ImportField("title", _("Title"), ("title", "job title", "position", "role", "cargo",
                "puesto", "titulo", "ocupacion"), max_length=200),
    # Consent and tags: what the coalition may send, and how staff find people again.
    ImportField("email_consent", _("Email consent (yes/no)"), ("email consent", "consent",
                "email opt in", "opt in", "opted in", "subscribed", "consentimiento",
                "acepta correos", "consentimiento de correo")),
    ImportField("unsubscribed", _("Unsubscribed (yes/no)"), ("unsubscribed", "opted out",
                "opt out", "email opt out", "do not email", "dado de baja", "baja")),
    ImportField("subscription_status", _("Subscription status"), ("subscription status",
                "can2 subscription status", "email status", "status", "estado de suscripcion",
                "estado")),
    ImportField("consent_date", _("Consent date"), ("consent date", "optin time",
                "opt in date", "opt in time", "subscribed date", "fecha de consentimiento")),
    ImportField("consent_confirmed", _("Consent confirmed on"), ("confirm time",
                "confirmed date", "confirmed at", "fecha de confirmacion")),
    ImportField("consent_source", _("Consent source"), ("consent source", "source",
                "signup source", "fuente", "origen"), max_length=100),
    ImportField("consent_wording", _("Consent wording"), ("consent wording", "consent text",
                "wording", "texto del consentimiento"), max_length=2000),
    ImportField("tags", pgettext_lazy("import field", "Tags"), ("tags", "tag", "can2 user tags",
                "etiquetas", "etiqueta"), max_length=5000),
)

ORGANIZATION_FIELDS = (
    ImportField("name", _("Name"), ("name", "organization", "organisation", "organization name",
                "org name", "nombre", "organizacion", "nombre de la organizacion"),
                ("name", "nombre", "organization", "organizacion"), 200),
    ImportField("kind", _("Type"), ("type", "organization type", "kind", "category", "sector",
                "tipo", "tipo de organizacion", "categoria")),
    ImportField("county", _("County"), COUNTY_SYNONYMS, max_length=100),
    ImportField("district", _("School district"), DISTRICT_SYNONYMS, max_length=100),
    ImportField("region", _("Region"), ("region", "area", "zona"), max_length=100),
    ImportField("website", _("Website"), ("website", "web site", "web", "url", "site",
                "homepage", "sitio web", "pagina web", "sitio"), ("website", "web"), 200),
    ImportField("languages_served", _("Languages served"), ("languages", "languages served",
                "languages spoken", "idiomas", "idiomas atendidos", "idiomas que atiende",
                "lenguas"), ("languages", "idiomas"), 300),
)

# Each field's longest value, worked out once rather than for each of a file's rows.
_LIMITS = {kind: {f.key: f.max_length for f in fields}
           for kind, fields in ((PEOPLE, PERSON_FIELDS), (ORGANIZATIONS, ORGANIZATION_FIELDS))}

# The organization types as spreadsheets tend to name them, in English and Spanish.
KIND_NAMES: dict[str, tuple[str, ...]] = {
    "nonprofit": ("nonprofit", "non profit", "501 c 3", "501c3", "ngo", "cbo",
                  "community organization", "community based organization",
                  "sin fines de lucro", "organizacion sin fines de lucro", "ong",
                  "organizacion comunitaria", "organizacion no lucrativa"),
    "school_district": ("school district", "district", "school_district", "distrito escolar",
                        "distrito", "lea", "unified school district"),
    "county_office": ("county office", "county office of education", "county_office", "coe",
                      "oficina de educacion del condado", "oficina del condado"),
    "university": ("university", "university or research center", "college",
                   "research center", "higher education", "universidad",
                   "centro de investigacion"),
    "union": ("union", "labor union", "teachers union", "sindicato"),
    "parent_group": ("parent group", "parent_group", "parents", "pta", "parent organization",
                     "grupo de padres", "padres", "comite de padres"),
    "philanthropy": ("philanthropy", "foundation", "funder", "filantropia", "fundacion"),
    "other": ("other", "otro", "otra"),
}
_KIND_BY_NAME = {name: kind for kind, names in KIND_NAMES.items() for name in names}

ERROR_MESSAGES = {
    "missing_name": _("The name is missing."),
    "missing_email": _("The email address is missing."),
    "invalid_email": _("“%(value)s” is not a valid email address."),
    "email_non_ascii_local": _(
        "“%(value)s” has accented or non-Latin letters before the “@”; we cannot send email "
        "to such addresses yet."
    ),
    "email_ip_literal": _(
        "“%(value)s” has a numeric IP address instead of a domain name after the “@”."
    ),
    "duplicate": _("This contact is already in row %(row)s of the file, so this row is skipped."),
    "conflict": _("These email addresses belong to different people who are already saved."),
    "unknown_language": _(
        "“%(value)s” is not a language we recognize. Use a name such as Spanish or a code "
        "such as es-MX."
    ),
    "unknown_kind": _(
        "“%(value)s” is not an organization type. Use non-profit, school district, county "
        "office, university, union, parent group, philanthropy or other."
    ),
    "invalid_website": _("“%(value)s” is not a valid web address."),
    "too_long": _("This is too long: at most %(limit)s characters."),
    "unknown_county": _(
        "“%(value)s” is not one of California's 58 counties; it is kept as written. Use a "
        "county name such as Los Angeles or its two-digit CDE code."
    ),
    "unknown_district": _(
        "“%(value)s” is not a California school district we know, so it is left out. Use the "
        "district's name as CDE writes it or its seven-digit CDE code."
    ),
    "ambiguous_district": _(
        "Several counties have a district called “%(value)s”, so it is left out. Add a county "
        "column or use the district's seven-digit CDE code."
    ),
    "not_yes_no": _("“%(value)s” is neither yes nor no."),
    "unknown_status": _(
        "“%(value)s” is not a subscription status we know. Use subscribed, unsubscribed or "
        "cleaned."
    ),
    "consent_conflict": _(
        "The consent columns of this row disagree (%(columns)s). Nothing from this row was "
        "saved: correct it so they say the same thing."
    ),
    "invalid_date": _("“%(value)s” is not a date we can read. Write it as 2024-03-15."),
    "future_date": _("“%(value)s” is in the future."),
    "kept_unsubscribed": _(
        "This person had unsubscribed from email before, so they stay unsubscribed and are "
        "not added to any list, whatever the file says."
    ),
    "extra_cells": _(
        "This row has more cells than there are column names; a separator inside a value "
        "may be missing its quotation marks."
    ),
}


def error_message(error: dict) -> str:
    code = error.get("code", "")
    template = ERROR_MESSAGES.get(code) or import_note_message(code) \
        or _("This row could not be read.")
    try:
        return str(template) % error.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def fields_for(kind: str) -> tuple[ImportField, ...]:
    return ORGANIZATION_FIELDS if kind == ORGANIZATIONS else PERSON_FIELDS


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Match column names to fields: exact names first, then names containing a key word."""
    keys = [_key(header) for header in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for import_field in fields_for(kind):
        synonyms = {_key(s) for s in import_field.synonyms}
        for index, key in enumerate(keys):
            if index not in used and key in synonyms:
                mapping[import_field.key] = index
                used.add(index)
                break
    for import_field in fields_for(kind):
        if import_field.key in mapping:
            continue
        for index, key in enumerate(keys):
            if index not in used and any(word in key.split() for word in import_field.contains):
                mapping[import_field.key] = index
                used.add(index)
                break
    # "Nombre" next to "Apellido" is a first name, not a full name.
    if kind == PEOPLE and "last_name" in mapping and "name" in mapping \
            and "first_name" not in mapping:
        mapping["first_name"] = mapping.pop("name")
    return mapping


def missing_fields(kind: str, mapping: dict[str, int]) -> list[str]:
    """Labels of the fields a mapping must include before the file can be checked."""
    if kind == ORGANIZATIONS:
        return [] if "name" in mapping else [str(_("Name"))]
    missing = []
    if not {"name", "first_name", "last_name"} & mapping.keys():
        missing.append(str(_("Name")))
    if "email" not in mapping:
        missing.append(str(_("Email")))
    return missing


@dataclass
class PersonRow:
    row: int
    name: str
    email: str
    other_emails: list[str] = field(default_factory=list)
    phone: str = ""
    language: str = ""
    county_code: str = ""
    county: str = ""  # only when it is not one of the 58
    district_code: str = ""
    organization: str = ""
    title: str = ""
    consent: str = ""  # one of core.import_hooks' CONSENT_* values
    consent_at: datetime | None = None
    consent_source: str = ""
    consent_wording: str = ""
    tags: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # the columns mapped to nothing

    @property
    def emails(self) -> list[str]:
        return [self.email, *self.other_emails]


@dataclass
class OrganizationRow:
    row: int
    name: str
    normalized_name: str
    kind: str = ""
    county_code: str = ""
    county: str = ""  # only when it is not one of the 58
    district_code: str = ""
    region: str = ""
    website: str = ""
    languages_served: str = ""


def normalize_organization_name(name: str) -> str:
    return organization_name_key(name)


class _Row:
    """Reads mapped cells of one row and collects its problems."""

    def __init__(self, number: int, cells: list[str], mapping: dict[str, int],
                 headers: list[str], fields: tuple[ImportField, ...]) -> None:
        self.number, self.cells, self.mapping, self.headers = number, cells, mapping, headers
        self.limits = _LIMITS[PEOPLE if fields is PERSON_FIELDS else ORGANIZATIONS]
        self.errors: list[dict] = []
        self.warnings: list[dict] = []  # reported, but the row is still imported
        if len(cells) > len(headers) and any(cells[len(headers):]):
            self.errors.append({"row": number, "column": "", "code": "extra_cells", "params": {}})

    def get(self, key: str) -> str:
        index = self.mapping.get(key)
        if index is None or index >= len(self.cells):
            return ""
        value = " ".join(self.cells[index].split()) if key != "other_emails" else self.cells[index]
        limit = self.limits.get(key)
        if limit and len(value) > limit:
            self.error(key, "too_long", limit=limit)
            return ""
        return value

    def unmapped(self) -> dict[str, str]:
        """The non-blank cells of columns mapped to no field, by column name."""
        used = set(self.mapping.values())
        return {self.headers[index]: value[:500] for index, value in enumerate(self.cells)
                if value and index not in used and index < len(self.headers)}

    def error(self, key: str, code: str, *, warning: bool = False, **params: object) -> None:
        index = self.mapping.get(key)
        column = self.headers[index] if index is not None and index < len(self.headers) else ""
        if "value" in params:
            params["value"] = str(params["value"])[:80]
        problem = {"row": self.number, "column": column, "code": code, "params": params}
        if warning:
            problem["warning"] = True
        (self.warnings if warning else self.errors).append(problem)

    def places(self) -> tuple[str, str, str]:
        """(county code, county text kept as written, district code), with warnings for
        what matched nothing: the contact is still worth importing without them."""
        raw_county = self.get("county")
        county_code, county = county_split(raw_county)
        if county:
            self.error("county", "unknown_county", warning=True, value=raw_county)
        raw_district = self.get("district")
        district = district_match(raw_district, county_code=county_code) if raw_district \
            else None
        if district is not None and not district.code:
            self.error("district", "ambiguous_district" if district.ambiguous
                       else "unknown_district", warning=True, value=raw_district)
        district_code = district.code if district is not None else ""
        if district_code and not county_code and not county:
            county_code = district_code[:2]  # a district lies in one county
        return county_code, county, district_code


_url_validator = URLValidator(schemes=["http", "https"])


_EMAIL_CODES = {"non_ascii_local": "email_non_ascii_local", "ip_literal": "email_ip_literal"}


def _checked_email(address: str) -> tuple[str, str | None]:
    """(the address as stored, the row error code if it is refused) — by the site-wide rule
    of ``core.email_address``, the same as every form's."""
    try:
        return email_address_normalize(address), None
    except ValidationError as error:
        return address, _EMAIL_CODES.get(error.code, "invalid_email")


def clean_person(
    number: int, cells: list[str], mapping: dict[str, int], headers: list[str],
    defaults: dict[str, str] | None = None,
) -> tuple[PersonRow | None, list[dict]]:
    """``defaults`` fill what a preset knows for every row (a Mailchimp file's status)."""
    row = _Row(number, cells, mapping, headers, PERSON_FIELDS)
    if row.errors:  # the cells are shifted: any other message would mislead
        return None, row.errors
    name = row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name"))))
    if not name:
        row.error("name" if "name" in mapping else "first_name", "missing_name")
    elif len(name) > 200:
        row.error("name", "too_long", limit=200)
    raw_email = row.get("email")
    email = normalize_email(raw_email)
    if not email:
        if raw_email == "" and not any(e["code"] == "too_long" for e in row.errors):
            row.error("email", "missing_email")
    else:
        email, problem = _checked_email(email)
        if problem:
            row.error("email", problem, value=raw_email)
    others: list[str] = []
    other_emails = row.get("other_emails")
    for address in re.split(r"[,;\s]+", other_emails) if other_emails else ():
        address = normalize_email(address)
        if not address:
            continue
        address, problem = _checked_email(address)
        if address == email or address in others:
            continue
        if problem:
            row.error("other_emails", problem, value=address)
        else:
            others.append(address)
    language = ""
    raw_language = row.get("preferred_language")
    if raw_language:
        language = language_tag(raw_language) or ""
        if not language:
            row.error("preferred_language", "unknown_language", value=raw_language)
    county_code, county, district_code = row.places()
    consent, consent_at = consent_columns.row_consent(row, defaults or {})
    if row.errors:
        return None, row.errors
    return PersonRow(
        row=number, name=name, email=email, other_emails=others, phone=row.get("phone"),
        language=language, county_code=county_code, county=county,
        district_code=district_code, organization=row.get("organization"),
        title=row.get("title"), consent=consent, consent_at=consent_at,
        consent_source=row.get("consent_source"), consent_wording=row.get("consent_wording"),
        tags=consent_columns.split_tags(row.get("tags")), extra=row.unmapped(),
    ), row.warnings


def clean_organization(
    number: int, cells: list[str], mapping: dict[str, int], headers: list[str]
) -> tuple[OrganizationRow | None, list[dict]]:
    row = _Row(number, cells, mapping, headers, ORGANIZATION_FIELDS)
    if row.errors:
        return None, row.errors
    name = row.get("name")
    if not name and not row.errors:
        row.error("name", "missing_name")
    kind = ""
    raw_kind = row.get("kind")
    if raw_kind:
        kind = _KIND_BY_NAME.get(_key(raw_kind), "")
        if not kind:
            row.error("kind", "unknown_kind", value=raw_kind)
    website = row.get("website")
    if website:
        if "://" not in website:
            website = f"https://{website}"
        try:
            _url_validator(website)
        except ValidationError:
            row.error("website", "invalid_website", value=row.get("website"))
            website = ""
        if len(website) > 200:
            row.error("website", "too_long", limit=200)
    languages = ""
    raw_languages = row.get("languages_served")
    if raw_languages:
        tags, unknown = language_tags(raw_languages)
        for value in unknown:
            row.error("languages_served", "unknown_language", value=value)
        languages = ", ".join(tags)
    county_code, county, district_code = row.places()
    if row.errors:
        return None, row.errors
    return OrganizationRow(
        row=number, name=name, normalized_name=normalize_organization_name(name), kind=kind,
        county_code=county_code, county=county, district_code=district_code,
        region=row.get("region"), website=website, languages_served=languages,
    ), row.warnings
