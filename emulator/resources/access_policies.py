"""4.2.4 VPN access policies: what the users of a group may reach, as destination CIDR blocks (at most 10 per
policy, 100 policies per server). A group with a policy cannot be deleted (VPN.1313, vpn_users)."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any, Dict, List

from .. import idempotency
from ..errors import coded, invalid
from ..routing import Context, Reply, Routes
from ..schemas import access_policy as schemas
from ..store import Store, utc_timestamp
from . import common, vpn_servers, vpn_users

routes = Routes()
COLLECTION = "access_policies"
BASE = "/v5/<project_id>/p2c-vpn-gateways/vpn-servers/<vpn_server_id>/access-policies"
MAX_POLICIES = 100
MAX_DESTINATIONS = 10


def find_policy(store: Store, server: Dict[str, Any], policy_id: str) -> Dict[str, Any]:
    policy = store.get(COLLECTION, policy_id)
    if policy is None or policy["_server_id"] != server["id"]:
        raise coded("VPN.1401")
    return policy


def view(store: Store, policy: Dict[str, Any]) -> Dict[str, Any]:
    group = store.get(vpn_users.GROUPS, policy["user_group_id"]) or {}
    return dict(common.render(policy), user_group_name=group.get("name", ""))


def check_destinations(values: List[str]) -> List[str]:
    if not values:
        raise invalid("dest_ip_cidrs needs at least one CIDR block")
    if len(values) > MAX_DESTINATIONS:
        raise coded("VPN.1402")
    parsed: List[ipaddress.IPv4Network] = []
    for value in values:
        try:
            network = ipaddress.ip_network(value, strict=True)
        except ValueError:
            raise coded("VPN.1403", value) from None
        if network.version != 4:
            raise coded("VPN.1403", value)
        if any(network.overlaps(reserved) for reserved in vpn_servers.RESERVED):
            raise coded("VPN.1405", value)
        if network in parsed:
            raise coded("VPN.1404", value)
        parsed.append(network)  # type: ignore[arg-type]
    return [str(network) for network in parsed]


def _writable_server(ctx: Context) -> Dict[str, Any]:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    vpn_servers.require_active(server)
    if server["client_auth_type"] != "LOCAL_PASSWORD":
        raise invalid(f"vpn server {server['id']} uses client_auth_type {server['client_auth_type']}: access "
                      f"policies apply to user groups, which exist only with LOCAL_PASSWORD")
    return server


def _create(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "access_policy")
    server = _writable_server(ctx)
    group = vpn_users.find_group(store, server, body["user_group_id"])
    destinations = check_destinations(body["dest_ip_cidrs"])
    if len(store.find(COLLECTION, _server_id=server["id"])) >= MAX_POLICIES:
        raise coded("VPN.1400")
    now = store.creation_time()
    policy = store.insert(COLLECTION, {"id": str(uuid.uuid4()), "name": body["name"], "type": "Custom",
                                       "user_group_id": group["id"], "description": body.get("description", ""),
                                       "dest_ip_cidrs": destinations, "created_at": now, "updated_at": now,
                                       "_server_id": server["id"]})
    return Reply(201, {"access_policy": {"id": policy["id"]}})


@routes.post(BASE, schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    return idempotency.once(ctx, _create)


@routes.get(BASE)
def list_policies(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    records = ctx.store.find(COLLECTION, _server_id=server["id"])
    page, info = common.page_by_marker(ctx, records)
    return Reply(200, {"access_policies": [view(ctx.store, p) for p in page], "total_count": len(records),
                       "page_info": info})


@routes.get(BASE + "/<policy_id>")
def show(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    return Reply(200, {"access_policy": view(ctx.store, find_policy(ctx.store, server, ctx.params["policy_id"]))})


@routes.put(BASE + "/<policy_id>", schema=schemas.UPDATE)
def update(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "access_policy")
    server = _writable_server(ctx)
    policy = find_policy(store, server, ctx.params["policy_id"])
    changes: Dict[str, Any] = {k: body[k] for k in ("name", "description") if k in body}
    if "user_group_id" in body:
        changes["user_group_id"] = vpn_users.find_group(store, server, body["user_group_id"])["id"]
    if "dest_ip_cidrs" in body:
        changes["dest_ip_cidrs"] = check_destinations(body["dest_ip_cidrs"])
    policy.update(changes, updated_at=utc_timestamp())
    return Reply(200, {"access_policy": view(store, policy)})


@routes.delete(BASE + "/<policy_id>")
def delete(ctx: Context) -> Reply:
    server = _writable_server(ctx)
    policy = find_policy(ctx.store, server, ctx.params["policy_id"])
    ctx.store.remove(COLLECTION, policy["id"])
    return Reply(204)


def remove_with_server(store: Store, server: Dict[str, Any]) -> None:
    for policy in store.find(COLLECTION, _server_id=server["id"]):
        store.remove(COLLECTION, policy["id"])


def install(store: Store) -> None:
    store.on_remove(vpn_servers.COLLECTION, remove_with_server)
