"""Helpers shared by resource handlers: lookups of fixtures, CIDR checks, paging, rendering, quotas."""

from __future__ import annotations

import copy
import ipaddress
import random
import string
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ..errors import ApiError, coded, invalid, not_found
from ..routing import Context
from ..store import Store

IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# Default quotas (4.3.1), adjustable through POST /_emulator/quotas for tests.
DEFAULT_QUOTAS = {"vpn_gateway": 50, "customer_gateway": 100, "vpn_connection": 5000}
QUOTA_COLLECTIONS = {"vpn_gateway": "vpn_gateways", "customer_gateway": "customer_gateways",
                     "vpn_connection": "vpn_connections"}


FROZEN = ("FREEZED", "FROZEN")  # S2C resources spell it FREEZED, P2C ones FROZEN


def refuse_frozen(record: Dict[str, Any], operation: str, kind: str) -> None:
    """A frozen resource can be neither updated nor deleted: 4.1.3.5 and 4.1.3.6 answer VPN.0001 "invalid request:
    ILLEGAL not allowed update vpnConnection" (the emulator answers the same for frozen gateways and servers)."""
    if record.get("status") in FROZEN:
        raise invalid(f"ILLEGAL not allowed {operation} {kind}")


def generated_name(prefix: str) -> str:
    """The API's automatic names, e.g. vpngw-a45b."""
    return prefix + "-" + random_suffix(4, "0123456789abcdef")


def render(record: Dict[str, Any], drop: Iterable[str] = ()) -> Dict[str, Any]:
    """A record as the API shows it: internal keys (leading underscore) and `drop` removed."""
    hidden = set(drop)
    return {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_") and k not in hidden}


def body_of(ctx: Context, key: str) -> Dict[str, Any]:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    return body.get(key) or {}


def require(record: Optional[Dict[str, Any]], kind: str, record_id: str,
            error: Optional[ApiError] = None) -> Dict[str, Any]:
    if record is None:
        raise error or not_found(kind, record_id)
    return record


# -- networks --------------------------------------------------------------------------------------------

def network(value: str, field: str, version: Optional[int] = None, code: str = "") -> IPNetwork:
    """Parse a CIDR block strictly (no host bits), failing with `code` (or VPN.0001) naming the field."""
    try:
        parsed = ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise (coded(code, value) if code else invalid(f"{field} {value!r} is not a valid CIDR block")) from None
    if version is not None and parsed.version != version:
        raise coded(code, value) if code else invalid(f"{field} {value!r} is not an IPv{version} CIDR block")
    return parsed


def networks(values: List[str], field: str, version: Optional[int] = None, limit: int = 0,
             code: str = "") -> List[IPNetwork]:
    if limit and len(values) > limit:
        raise invalid(f"{field} holds {len(values)} CIDR blocks, the limit is {limit}")
    parsed = [network(v, field, version, code) for v in values]
    if len(set(parsed)) != len(parsed):
        raise invalid(f"{field} contains duplicate CIDR blocks")
    return parsed


def address(value: str, field: str, version: Optional[int] = 4) -> ipaddress._BaseAddress:
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        raise invalid(f"{field} {value!r} is not a valid IP address") from None
    if version is not None and parsed.version != version:
        raise invalid(f"{field} {value!r} is not an IPv{version} address")
    return parsed


def overlapping(first: Iterable[IPNetwork], second: Iterable[IPNetwork]) -> Optional[Tuple[IPNetwork, IPNetwork]]:
    for a in first:
        for b in second:
            if a.version == b.version and a.overlaps(b):
                return a, b
    return None


# -- fixtures (VPCs, subnets, EIPs, enterprise routers, projects) ----------------------------------------

def find_vpc(store: Store, vpc_id: str) -> Dict[str, Any]:
    for vpc in store.fixtures["vpcs"]:
        if vpc["id"] == vpc_id:
            return vpc
    raise coded("VPN.0500", vpc_id)


def find_subnet(store: Store, subnet_id: str) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """(vpc, subnet) for a subnet id, VPN.0501 when unknown."""
    for vpc in store.fixtures["vpcs"]:
        for subnet in vpc["subnets"]:
            if subnet["id"] == subnet_id:
                return vpc, subnet
    raise coded("VPN.0501", subnet_id)


def subnet_in_vpc(store: Store, subnet_id: str, vpc_id: str) -> Dict[str, Any]:
    vpc, subnet = find_subnet(store, subnet_id)
    if vpc["id"] != vpc_id:
        raise coded("VPN.0503", subnet_id, vpc_id)
    return subnet


def take_subnet_addresses(store: Store, subnet_id: str, count: int) -> None:
    subnet = find_subnet(store, subnet_id)[1]
    if subnet["available_ips"] < count:
        raise coded("VPN.0502", subnet_id)
    subnet["available_ips"] -= count


def release_subnet_addresses(store: Store, subnet_id: str, count: int) -> None:
    for vpc in store.fixtures["vpcs"]:
        for subnet in vpc["subnets"]:
            if subnet["id"] == subnet_id:
                subnet["available_ips"] += count


def find_eip(store: Store, eip_id: str) -> Dict[str, Any]:
    for eip in store.fixtures["eips"]:
        if eip["id"] == eip_id:
            return eip
    raise coded("VPN.0551", eip_id)


def find_enterprise_router(store: Store, er_id: str) -> Dict[str, Any]:
    for router in store.fixtures["enterprise_routers"]:
        if router["id"] == er_id:
            return router
    raise invalid(f"enterprise router {er_id} is not found")


def check_enterprise_project(store: Store, project_id: Optional[str]) -> str:
    if project_id is None:
        return "0"
    if not any(p["id"] == project_id for p in store.fixtures["enterprise_projects"]):
        raise invalid(f"enterprise project {project_id} is not found")
    return project_id


def enterprise_project_filter(ctx: Context) -> Optional[List[str]]:
    """The repeated enterprise_project_id query key, or None when absent."""
    values = ctx.query.getlist("enterprise_project_id")
    return values or None


def new_eip_address(store: Store) -> str:
    used = {eip["ip_address"] for eip in store.fixtures["eips"]}
    for third in range(10, 255):
        for fourth in range(1, 255):
            candidate = f"88.89.{third}.{fourth}"
            if candidate not in used:
                return candidate
    raise coded("VPN.0560")


def random_suffix(length: int = 4, alphabet: str = string.ascii_lowercase + string.digits) -> str:
    return "".join(random.choice(alphabet) for unused in range(length))


# -- quotas ----------------------------------------------------------------------------------------------

def quota_of(store: Store, kind: str) -> int:
    return store.fixtures.get("quotas", {}).get(kind, DEFAULT_QUOTAS[kind])


def used_of(store: Store, kind: str) -> int:
    return len(store.collection(QUOTA_COLLECTIONS[kind]))


def check_quota(store: Store, kind: str, error: ApiError) -> None:
    if used_of(store, kind) >= quota_of(store, kind):
        raise error


# -- paging ----------------------------------------------------------------------------------------------

def page_by_marker(ctx: Context, records: List[Dict[str, Any]], default_limit: int = 200,
                   max_limit: int = 200, key: str = "created_at",
                   allow_zero: bool = True) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """limit + marker paging over records sorted by `key` (a stable sort: equal keys keep their creation order).

    The reference documents next_marker as "the time when the last resource ... was created", and a marker
    "must be used together with limit". Several records may share a creation time (a batch of users): a page
    boundary inside such a group would skip or repeat records if the marker were the time, so the marker is
    then the last record's id. Both forms are accepted back: an id resumes after that record, a time after
    every record created at or before it.
    """
    marker = ctx.query.get("marker")
    if marker and ctx.query.get("limit") in (None, ""):
        raise invalid("marker must be used together with limit")
    limit = ctx.query_int("limit", default_limit, 0 if allow_zero else 1, max_limit) or default_limit
    ordered = sorted(records, key=lambda r: r.get(key) or "")
    if marker:
        positions = [index for index, record in enumerate(ordered) if record["id"] == marker]
        if positions:
            ordered = ordered[positions[0] + 1:]
        else:
            ordered = [r for r in ordered if (r.get(key) or "") > marker]
    page = ordered[:limit]
    info: Dict[str, Any] = {"current_count": len(page)}
    if len(ordered) > limit and page:
        last = page[-1]
        shared = ordered[limit].get(key) == last.get(key)
        info["next_marker"] = last["id"] if shared else last.get(key)
    return page, info


def page_by_offset(ctx: Context, records: List[Dict[str, Any]], default_limit: int,
                   max_limit: int) -> List[Dict[str, Any]]:
    limit = ctx.query_int("limit", default_limit, 1, max_limit)
    offset = ctx.query_int("offset", 0, 0, 2 ** 31)
    return records[offset:offset + limit]
