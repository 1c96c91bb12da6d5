"""The OSDI API's shared layer: what resource modules import (see docs/api.md)."""

from alianza.core.osdi.api import (
    osdi_helper_register,
    osdi_resource_register,
    osdi_router_register,
)
from alianza.core.osdi.collection import osdi_collection, osdi_collection_schema
from alianza.core.osdi.errors import OsdiError
from alianza.core.osdi.identifiers import (
    osdi_find,
    osdi_get,
    osdi_identifiers,
    osdi_identifiers_forget,
    osdi_identifiers_map,
    osdi_identifiers_move,
    osdi_identifiers_save,
)
from alianza.core.osdi.links import osdi_href, osdi_link, osdi_time
from alianza.core.osdi.schemas import HalLinks, Link, OsdiInput, OsdiOutput
from alianza.core.osdi.tokens import osdi_family_permissions_register, osdi_require

__all__ = [
    "HalLinks",
    "Link",
    "OsdiError",
    "OsdiInput",
    "OsdiOutput",
    "osdi_collection",
    "osdi_collection_schema",
    "osdi_family_permissions_register",
    "osdi_require",
    "osdi_find",
    "osdi_get",
    "osdi_helper_register",
    "osdi_href",
    "osdi_identifiers",
    "osdi_identifiers_forget",
    "osdi_identifiers_map",
    "osdi_identifiers_move",
    "osdi_identifiers_save",
    "osdi_link",
    "osdi_resource_register",
    "osdi_router_register",
    "osdi_time",
]
