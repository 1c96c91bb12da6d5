"""Writing partners: adding them (one by one or from the coalition's members), changing
their name, organization or whether they collect, and giving one a new code.

A partner's code is in its printed links and QR codes, so it is made once and changed only
on purpose: a new code makes every old link and paper form point nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from alianza.coalition.models import Organization
from alianza.listening.models import Partner, Survey
from alianza.listening.models.responses import new_partner_code

# 31 letters and digits over 8 places: a collision is rare, several in a row a sign of a bug.
CODE_ATTEMPTS = 5


class PartnerCodeExhausted(Exception):
    """No unused code was found in ``CODE_ATTEMPTS`` draws."""


def _save_with_new_code(partner: Partner, *, update_fields: list[str] | None = None) -> Partner:
    """Save ``partner`` with a fresh code, drawing again when the survey already has it."""
    for _attempt in range(CODE_ATTEMPTS):
        partner.code = new_partner_code()
        try:
            # A savepoint: the unique constraint's refusal must not spoil the caller's
            # transaction (PostgreSQL aborts a transaction after any error).
            with transaction.atomic():
                partner.save(update_fields=update_fields)
            return partner
        except IntegrityError:
            if not Partner.objects.filter(survey_id=partner.survey_id,
                                          code=partner.code).exists():
                raise
    raise PartnerCodeExhausted(partner.survey_id)


def _partner_name(name: str, organization: Organization | None) -> str:
    name = " ".join((name or "").split())
    if not name and organization is not None:
        name = organization.name
    if not name:
        raise ValidationError({"name": _("Give the partner a name or choose an organization.")})
    return name


def partner_create(*, survey: Survey, name: str = "",
                   organization: Organization | None = None) -> Partner:
    """A new partner collecting responses for ``survey``, with a code no other partner of
    the survey has."""
    partner = Partner(survey=survey, organization=organization,
                      name=_partner_name(name, organization))
    partner.full_clean(exclude=["code"])
    return _save_with_new_code(partner)


def partner_update(*, partner: Partner, name: str = "",
                   organization: Organization | None = None) -> Partner:
    partner.organization = organization
    partner.name = _partner_name(name, organization)
    partner.full_clean(exclude=["code"])
    partner.save(update_fields=["name", "organization"])
    return partner


def partner_set_active(*, partner: Partner, active: bool) -> Partner:
    """An inactive partner's link no longer records responses under it; its count stays."""
    partner.is_active = active
    partner.save(update_fields=["is_active"])
    return partner


def partner_code_regenerate(*, partner: Partner) -> Partner:
    """Give ``partner`` a new code; links and QR codes with the old one stop working.

    Responses already collected keep the partner (they point at the row, not the code).
    """
    return _save_with_new_code(partner, update_fields=["code"])


def partners_add_organizations(*, survey: Survey,
                               organizations: Iterable[Organization]) -> list[Partner]:
    """A partner for each organization that is not one already; returns those added."""
    already = set(survey.partners.exclude(organization=None)
                  .values_list("organization_id", flat=True))
    added = []
    with transaction.atomic():
        for organization in organizations:
            if organization.pk in already:
                continue
            added.append(partner_create(survey=survey, organization=organization))
            already.add(organization.pk)
    return added
