"""People as Action Network shows them, a page at a time (a fixed number of queries)."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest

from alianza.coalition import places
from alianza.coalition.models import Person, PersonEmail
from alianza.core.osdi import osdi_href, osdi_identifiers, osdi_identifiers_map, osdi_time
from alianza.outreach.selectors_email_status import address_statuses, email_states
from alianza.outreach.services.api_people import name_split

# Sub-collections of a person, as Action Network links them; ours or other modules'.
PERSON_LINKS = ("attendances", "signatures", "submissions", "outreaches", "taggings")


def person_links(request: HttpRequest, person: Person, base: str | None = None) -> dict:
    """A person's links; ``base`` is ``osdi_href(request, "people")``, worked out once for
    a page rather than seven times a person."""
    base = base or osdi_href(request, "people")
    own = f"{base}/{person.uuid}"
    links = {"self": {"href": own}}
    for name in PERSON_LINKS:
        links[f"osdi:{name}"] = {"href": f"{own}/{name}"}
    links["osdi:items"] = {"href": f"{own}/items"}
    return links


def people_serialize(request: HttpRequest, people: list[Person]) -> list[dict]:
    pks = [p.pk for p in people]
    foreign = osdi_identifiers_map(Person, pks)
    states = email_states(people)
    others: dict[int, list[str]] = defaultdict(list)
    for person_id, address in PersonEmail.objects.filter(person_id__in=pks).order_by(
            "pk").values_list("person_id", "email"):
        others[person_id].append(address)
    other_status = address_statuses([a for addresses in others.values() for a in addresses])
    base = osdi_href(request, "people")
    out = []
    for person in people:
        given, family = name_split(person.name)
        status = states[person.pk].status
        emails = [{"primary": True, "address": person.email, "status": status}]
        emails += [{"primary": False, "address": address,
                    "status": other_status.get(address, status)}
                   for address in others[person.pk]]
        postal = []
        county = places.county_name(person.county_code) or person.county
        if county or person.district_code:
            postal.append({"primary": True, "region": "CA", "country": "US",
                           "county": county or None, "district": person.district_code or None})
        item = {
            "identifiers": osdi_identifiers(person, foreign.get(person.pk, [])),
            "created_date": osdi_time(person.created_at),
            "modified_date": osdi_time(person.modified_at),
            "given_name": given or None,
            "family_name": family or None,
            "email_addresses": emails,
            "phone_numbers": ([{"primary": True, "number": person.phone}]
                              if person.phone else []),
            "postal_addresses": postal,
            "preferred_language": person.preferred_language,
            "languages_spoken": [person.preferred_language],
            "custom_fields": {str(k): v for k, v in (person.import_extra or {}).items()},
            "_links": person_links(request, person, base),
        }
        out.append(item)
    return out
