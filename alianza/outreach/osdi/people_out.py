"""People as Action Network shows them, a page at a time (a fixed number of queries)."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest

from alianza.coalition import places
from alianza.coalition.models import Person, PersonEmail
from alianza.core.osdi import osdi_identifiers, osdi_identifiers_map, osdi_link, osdi_time
from alianza.outreach.selectors_email_status import address_statuses, email_states

# Sub-collections of a person, as Action Network links them; ours or other modules'.
PERSON_LINKS = ("attendances", "signatures", "submissions", "outreaches", "taggings")


def name_split(name: str) -> tuple[str, str]:
    """(given_name, family_name) from our single name: the first word, then the rest.

    "José García López" gives ("José", "García López"): with two family names, as many
    of our people have, the rest is the family name. Joining the two with a space gives
    the name back, so a round trip keeps it.
    """
    words = name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def name_join(given: str | None, family: str | None, current: str = "") -> str | None:
    """Our single name from given_name and family_name; a part not sent is kept."""
    if given is None and family is None:
        return None
    old_given, old_family = name_split(current)
    given = old_given if given is None else given
    family = old_family if family is None else family
    return " ".join(f"{given} {family}".split())


def person_links(request: HttpRequest, person: Person) -> dict:
    ref = str(person.uuid)
    links = {"self": osdi_link(request, "people", ref)}
    for name in PERSON_LINKS:
        links[f"osdi:{name}"] = osdi_link(request, "people", ref, name)
    links["osdi:items"] = osdi_link(request, "people", ref, "items")
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
            "_links": person_links(request, person),
        }
        out.append(item)
    return out
