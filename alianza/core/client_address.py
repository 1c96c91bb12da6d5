"""The client's address, as far as it can be trusted.

Behind a reverse proxy every request comes from the proxy, so rate limits and login lockouts
keyed on ``REMOTE_ADDR`` would lump all visitors together. ``X-Forwarded-For`` fixes that only
when it was written by a proxy we run: anyone can send the header, so it is read only when the
direct peer is one of ``TRUSTED_PROXIES``, and then from the right, skipping our own proxies.
The first address that is not ours is the one our outermost proxy saw.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy.strip(), strict=False))
        except ValueError:
            continue  # reported by the alianza.E001 system check; never a 500 here
    return tuple(networks)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    address = address.strip()
    if address.startswith("[") and "]" in address:  # "[2001:db8::1]:443"
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # "203.0.113.7:51234"
        address = address.split(":", 1)[0]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    # An IPv4 client reaching an IPv6 socket shows up as ::ffff:a.b.c.d.
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return parsed.ipv4_mapped
    return parsed


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: HttpRequest) -> str:
    """The address rate limits and lockouts are keyed on (always a valid IP string)."""
    peer = _parse(request.META.get("REMOTE_ADDR") or "") or ipaddress.ip_address("0.0.0.0")
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    nearest = peer
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Our proxies write valid addresses; garbage came from the client, so stop at the
            # last address one of our proxies vouched for.
            break
        nearest = address
        if not _is_trusted(address, networks):
            return str(address)
    return str(nearest)


def client_network(request: HttpRequest) -> str:
    """The client address for lockouts: IPv6 clients by their /64, as rate limits do.

    One IPv6 subscriber usually holds a whole /64 and can pick a new address per request.
    """
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)
