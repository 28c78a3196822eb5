"""4.2.1 P2C VPN gateways: create, query, list (marker paging), update (name, EIP), delete, AZs, client
connections (offset paging) and their teardown, upgrades and their jobs; and the connection log configuration
of 4.2.2.11-13.

Client connections come from clients, which the emulator has none of: tests open them through the control path
POST /_emulator/p2c-vpn-gateways/<id>/connections {"client_user_name": ..., "client_ip": ...}.
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from typing import Any, Dict, List, Optional

from ..errors import ApiError, coded, invalid, not_ready
from ..routing import Context, Reply, Routes
from ..schemas import p2c_gateway as schemas
from ..schemas import vpn_gateway as s2c_schemas
from ..store import REMOVED, Store, utc_timestamp
from . import common
from .vpn_gateways import _Plan, _plan_eip

routes = Routes()
control = Routes()
COLLECTION = "p2c_gateways"
CONNECTIONS = "p2c_connections"
JOBS = "p2c_gateway_jobs"
BASE = "/v5/<project_id>/p2c-vpn-gateways"
PENDING = ("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "UPGRADING", "ROLLING_BACK")
SUBNET_ADDRESSES = 2  # addresses a gateway takes in its connect subnet
DEFAULT_MAX_CONNECTIONS = 10  # the reference gives no default; its examples show 10
CONNECTIONS_PER_USER = 5  # "Each user can establish a maximum of five connections" (user guide)


# -- lookups and views -----------------------------------------------------------------------------------

def find_gateway(store: Store, gateway_id: str) -> Dict[str, Any]:
    # Appendix A.3: VPN.0509 "The gateway does not exist." (404) for a gateway id that is not there.
    return common.require(store.get(COLLECTION, gateway_id), "p2c vpn gateway", gateway_id, coded("VPN.0509"))


def require_active(gateway: Dict[str, Any], operation: str = "update") -> None:
    common.refuse_frozen(gateway, operation, "p2cVpnGateway")
    if gateway["status"] != "ACTIVE":
        raise not_ready("P2C_GATEWAY", gateway["id"], gateway["status"])


def bound_eip(store: Store, gateway: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The EIP bound to the gateway: the EIP service's view decides (it may have been unbound there)."""
    for eip in store.fixtures["eips"]:
        if eip["id"] == gateway.get("_eip_id") and eip.get("bound_to") == gateway["id"]:
            return eip
    return None


def connections_of(store: Store, gateway_id: str) -> List[Dict[str, Any]]:
    found = store.find(CONNECTIONS, _gateway_id=gateway_id)
    return sorted(found, key=lambda c: c["connection_established_time"])


def view(store: Store, gateway: Dict[str, Any]) -> Dict[str, Any]:
    out = common.render(gateway)
    eip = bound_eip(store, gateway)
    if eip is not None:
        out["eip"] = {"id": eip["id"], "ip_version": 4, "type": eip["type"], "ip_address": eip["ip_address"],
                      "charge_mode": eip["charge_mode"], "bandwidth_id": eip["bandwidth_id"],
                      "bandwidth_size": eip["bandwidth_size"], "bandwidth_name": eip["bandwidth_name"],
                      "share_type": eip["share_type"]}
    out["current_connection_number"] = len(connections_of(store, gateway["id"]))
    return out


# -- create ----------------------------------------------------------------------------------------------

def _availability_zones(store: Store, wanted: Optional[List[str]]) -> List[str]:
    offered = store.fixtures["availability_zones"]["p2c"]
    if not offered:
        raise invalid("no availability zone offers P2C VPN gateways")
    if wanted is None:
        return offered[:2]
    if len(set(wanted)) != len(wanted):
        raise coded("VPN.0515")
    unknown = [zone for zone in wanted if zone not in offered]
    if unknown:
        raise invalid(f"availability zone {unknown[0]} does not offer P2C VPN gateways; they are offered in "
                      f"{', '.join(offered)}")
    if len(offered) >= 2 and len(wanted) != 2:
        raise coded("VPN.0514")
    if len(offered) == 1 and len(wanted) != 1:
        raise invalid("only one availability zone offers P2C VPN gateways: specify one")
    return wanted


def _new_eip(store: Store, spec: Dict[str, Any], gateway_id: str) -> Dict[str, Any]:
    suffix = common.random_suffix(4, "0123456789abcdef")
    eip = {"id": str(uuid.uuid4()), "name": f"p2c-vpngw-eip-{suffix}", "ip_address": common.new_eip_address(store),
           "ip_version": 4, "type": spec["type"], "status": "DOWN", "bound_to": None,
           "charge_mode": spec.get("charge_mode", "bandwidth"), "bandwidth_size": spec["bandwidth_size"],
           "bandwidth_id": str(uuid.uuid4()),
           "bandwidth_name": spec.get("bandwidth_name") or f"p2c-vpngw-bandwidth-{suffix}",
           "share_type": "PER", "public_border_group": "center", "_created_by": gateway_id}
    store.fixtures["eips"].append(eip)
    return eip


@routes.post(BASE, schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "p2c_vpn_gateway")
    common.find_vpc(store, body["vpc_id"])
    subnet = common.subnet_in_vpc(store, body["connect_subnet"], body["vpc_id"])
    if subnet["available_ips"] < SUBNET_ADDRESSES:
        raise coded("VPN.0502", body["connect_subnet"])
    zones = _availability_zones(store, body.get("availability_zone_ids"))
    eip_spec = {k: v for k, v in body["eip"].items() if not (k == "bandwidth_name" and v == "")}
    _plan_eip(store, eip_spec, "Professional1", _Plan())
    enterprise_project = common.check_enterprise_project(store, body.get("enterprise_project_id"))
    tags = body.get("tags", [])
    if len({t["key"] for t in tags}) != len(tags):
        raise invalid("tags contain a duplicate key")

    # Everything is checked: from here on the create cannot fail half way.
    gateway_id = str(uuid.uuid4())
    common.take_subnet_addresses(store, body["connect_subnet"], SUBNET_ADDRESSES)
    eip = common.find_eip(store, eip_spec["id"]) if "id" in eip_spec else _new_eip(store, eip_spec, gateway_id)
    eip.update(bound_to=gateway_id, status="ACTIVE")
    now = store.creation_time()
    record = {
        "id": gateway_id, "name": body.get("name") or common.generated_name("p2c-vpngw"),
        "vpc_id": body["vpc_id"], "connect_subnet": body["connect_subnet"],
        "flavor": body.get("flavor", "Professional1"), "availability_zone_ids": zones,
        "max_connection_number": body.get("max_connection_number", DEFAULT_MAX_CONNECTIONS),
        "enterprise_project_id": enterprise_project, "tags": tags, "admin_state_up": True, "frozen_effect": 0,
        "version": "v1.0", "upgrade_info": "ready", "created_at": now, "updated_at": now, "applied_at": now,
        "_eip_id": eip["id"],
    }
    store.transition(record, "PENDING_CREATE", "ACTIVE")
    store.insert(COLLECTION, record)
    return Reply(201, {"p2c_vpn_gateway": {"id": gateway_id}})


def release(store: Store, gateway: Dict[str, Any]) -> None:
    """When a gateway goes: its new EIP is released, an existing one unbound, its subnet addresses returned, its
    clients disconnected and its jobs forgotten. Its VPN server goes with it (vpn_servers.install)."""
    for eip in list(store.fixtures["eips"]):
        if eip.get("bound_to") == gateway["id"]:
            if eip.get("_created_by") == gateway["id"]:
                store.fixtures["eips"].remove(eip)
            else:
                eip.update(bound_to=None, status="DOWN")
    common.release_subnet_addresses(store, gateway["connect_subnet"], SUBNET_ADDRESSES)
    for connection in connections_of(store, gateway["id"]):
        store.remove(CONNECTIONS, connection["id"])
    for job in store.find(JOBS, resource_id=gateway["id"]):
        store.remove(JOBS, job["id"])


# -- read ------------------------------------------------------------------------------------------------

@routes.get(BASE)
def list_gateways(ctx: Context) -> Reply:
    records = ctx.store.all(COLLECTION)
    page, info = common.page_by_marker(ctx, records)
    return Reply(200, {"p2c_vpn_gateways": [view(ctx.store, g) for g in page], "total_count": len(records),
                       "page_info": info})


@routes.get(BASE + "/<p2c_vgw_id>")
def show(ctx: Context) -> Reply:
    return Reply(200, {"p2c_vpn_gateway": view(ctx.store, find_gateway(ctx.store, ctx.params["p2c_vgw_id"]))})


@routes.get(BASE + "/availability-zones")
def availability_zones(ctx: Context) -> Reply:
    flavor = ctx.query.get("flavor")
    if flavor is not None and flavor not in schemas.FLAVORS:
        raise invalid(f"flavor {flavor!r} is not one of {', '.join(schemas.FLAVORS)}")
    return Reply(200, {"availability_zones": list(ctx.store.fixtures["availability_zones"]["p2c"])})


# -- update and delete -----------------------------------------------------------------------------------

@routes.put(BASE + "/<p2c_vgw_id>", schema=schemas.UPDATE)
def update(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "p2c_vpn_gateway")
    gateway = find_gateway(store, ctx.params["p2c_vgw_id"])
    require_active(gateway)
    if "eip_id" in body:
        current = bound_eip(store, gateway)
        if current is None:
            # Checks that the EIP exists and is free (VPN.0551-0555), then binds it.
            _plan_eip(store, {"id": body["eip_id"]}, gateway["flavor"], _Plan())
            common.find_eip(store, body["eip_id"]).update(bound_to=gateway["id"], status="ACTIVE")
            gateway["_eip_id"] = body["eip_id"]
            store.transition(gateway, "PENDING_UPDATE", "ACTIVE")
        elif current["id"] != body["eip_id"]:
            raise coded("VPN.0512")
    if "name" in body:
        gateway["name"] = body["name"]
    gateway["updated_at"] = utc_timestamp()
    return Reply(200, {"p2c_vpn_gateway": {"id": gateway["id"]}})


@routes.delete(BASE + "/<p2c_vgw_id>")
def delete(ctx: Context) -> Reply:
    store = ctx.store
    gateway = find_gateway(store, ctx.params["p2c_vgw_id"])
    if gateway.get("_deleting") or gateway["status"] == "PENDING_DELETE":
        raise coded("VPN.0508")
    common.refuse_frozen(gateway, "delete", "p2cVpnGateway")
    if gateway["status"] in PENDING:
        raise not_ready("P2C_GATEWAY", gateway["id"], gateway["status"])
    # As on the real service, the gateway still reads ACTIVE for a moment after the DELETE is accepted.
    seconds = ctx.config.transition_seconds
    gateway["_deleting"] = True
    store.schedule(gateway, [(seconds * 0.4, "PENDING_DELETE"), (seconds, REMOVED)])
    return Reply(204)


# -- client connections (4.2.1.7, 4.2.1.8) ---------------------------------------------------------------

def _connection_view(connection: Dict[str, Any]) -> Dict[str, Any]:
    """Traffic grows with the time the client has been connected, as a real one's would."""
    out = common.render(connection, drop=("id",))
    seconds = max(0, int(time.time() - connection["_established"]))
    out.update(inbound_packets=13 + 2 * seconds, outbound_packets=24 + 3 * seconds,
               inbound_bytes=4185 + 700 * seconds, outbound_bytes=10480 + 1400 * seconds,
               timestamp=utc_timestamp())
    return out


@routes.get(BASE + "/<p2c_vgw_id>/connections")
def list_connections(ctx: Context) -> Reply:
    gateway = find_gateway(ctx.store, ctx.params["p2c_vgw_id"])
    found = connections_of(ctx.store, gateway["id"])
    # Without limit the list is not paged (4.2.1.7 example 1).
    page = common.page_by_offset(ctx, found, default_limit=max(1, len(found)), max_limit=1000)
    return Reply(200, {"connections": [_connection_view(c) for c in page], "total_count": len(found)})


@routes.post(BASE + "/<p2c_vgw_id>/connections/<connection_id>/disconnect")
def disconnect(ctx: Context) -> Reply:
    gateway = find_gateway(ctx.store, ctx.params["p2c_vgw_id"])
    connection = ctx.store.get(CONNECTIONS, ctx.params["connection_id"])
    if connection is None or connection["_gateway_id"] != gateway["id"]:
        raise coded("VPN.0563")
    ctx.store.remove(CONNECTIONS, connection["id"])
    return Reply(200, {})


def _virtual_ip(store: Store, server: Dict[str, Any], user: Optional[Dict[str, Any]]) -> str:
    """The user's static IP, else the first free client address (the first host of a free /30 block, the first
    block holding the gateway address)."""
    if user is not None and user.get("static_ip", "disable") != "disable":
        return user["static_ip"]
    taken = {c["client_virtual_ip"] for c in store.find(CONNECTIONS, _server_id=server["id"])}
    taken |= {u.get("static_ip") for u in store.find("vpn_users", _server_id=server["id"])}
    cidr = ipaddress.ip_network(server["client_cidr"])
    for block in list(cidr.subnets(new_prefix=30))[1:]:
        candidate = str(block.network_address + 1)
        if candidate not in taken:
            return candidate
    raise ApiError(400, "VPN.0504", "no free address left in the client CIDR block")


@control.post("/_emulator/p2c-vpn-gateways/<p2c_vgw_id>/connections")
def open_connection(ctx: Context) -> Reply:
    """A client connects to the gateway's VPN server (tests only)."""
    store, body = ctx.store, ctx.body if isinstance(ctx.body, dict) else {}
    gateway = find_gateway(store, ctx.params["p2c_vgw_id"])
    require_active(gateway)
    servers = store.find("vpn_servers", p2c_vgw_id=gateway["id"])
    if not servers or servers[0]["status"] != "ACTIVE":
        raise invalid("the gateway has no active VPN server to connect to")
    server = servers[0]
    user_name = body.get("client_user_name", "")
    user = None
    if server["client_auth_type"] == "LOCAL_PASSWORD":
        found = [u for u in store.find("vpn_users", _server_id=server["id"]) if u["name"] == user_name]
        if not found:
            raise coded("VPN.1303")
        user = found[0]
        if len(store.find(CONNECTIONS, _server_id=server["id"], client_user_name=user_name)) >= \
                CONNECTIONS_PER_USER:
            raise invalid(f"user {user_name} already has {CONNECTIONS_PER_USER} connections")
    if len(connections_of(store, gateway["id"])) >= gateway["max_connection_number"]:
        raise coded("VPN.0504")
    now = time.time()
    record = {"connection_id": str(uuid.uuid4()), "client_virtual_ip": _virtual_ip(store, server, user),
              "client_ip": body.get("client_ip", "198.51.100.10"), "client_user_name": user_name,
              "connection_established_time": utc_timestamp(now),
              "_gateway_id": gateway["id"], "_server_id": server["id"], "_established": now,
              "_user_id": user["id"] if user else None}
    record["id"] = record["connection_id"]
    store.insert(CONNECTIONS, record)
    return Reply(201, {"connection": _connection_view(record)})


def drop_connections(store: Store, **match: Any) -> None:
    """Disconnect the clients matching (for example a deleted user's)."""
    for connection in store.find(CONNECTIONS, **match):
        store.remove(CONNECTIONS, connection["id"])


# -- upgrades and their jobs (4.2.1.9 - 4.2.1.11) ---------------------------------------------------------

@routes.post(BASE + "/<p2c_vgw_id>/upgrade", schema=s2c_schemas.UPGRADE)
def upgrade(ctx: Context) -> Reply:
    store = ctx.store
    gateway = find_gateway(store, ctx.params["p2c_vgw_id"])
    action = ctx.body["action"]
    seconds = ctx.config.transition_seconds
    running = [j for j in store.find(JOBS, resource_id=gateway["id"])
               if j["status"] in ("upgrading", "pending_upgrade_confirm", "rolling_back")]
    now = utc_timestamp()
    if action == "start":
        require_active(gateway)
        if gateway["upgrade_info"] != "ready":
            raise invalid(f"p2c vpn gateway {gateway['id']} has no upgrade available (version {gateway['version']})")
        job = {"id": str(uuid.uuid4()), "resource_id": gateway["id"], "job_type": "upgrade", "status": "upgrading",
               "created_at": now, "finished_at": "", "error_message": "", "sub_jobs": [
                   {"id": str(uuid.uuid4()), "job_type": kind, "status": "upgrading", "created_at": now,
                    "finished_at": "", "error_message": ""}
                   for kind in ("prepare_resource", "upgrade_worker_1", "upgrade_worker_2")]}
        store.insert(JOBS, job)
        gateway["status"] = "UPGRADING"
        store.schedule(gateway, [(seconds, "PENDING_UPGRADE_CONFIRM")])
        store.schedule(job, [(seconds, "pending_upgrade_confirm")])
        return Reply(202, {"job_id": job["id"]})
    if gateway["status"] != "PENDING_UPGRADE_CONFIRM" or not running:
        raise invalid(f"p2c vpn gateway {gateway['id']} has no upgrade waiting for {action}")
    job = running[0]
    if action == "finish":
        gateway.update(status="ACTIVE", version="v2.0", upgrade_info="unready", updated_at=now)
        job.update(status="success", finished_at=now)
        for sub in job["sub_jobs"]:
            sub.update(status="success", finished_at=now)
    else:
        job.update(job_type="rollback", status="rolling_back")
        gateway["status"] = "ROLLING_BACK"
        store.schedule(gateway, [(seconds, "ACTIVE")])
        store.schedule(job, [(seconds, "rollback_success")])
    return Reply(202, {"job_id": job["id"]})


@routes.get(BASE + "/jobs")
def list_jobs(ctx: Context) -> Reply:
    resource_id = ctx.query.get("resource_id")
    jobs = [common.render(j) for j in sorted(ctx.store.all(JOBS), key=lambda j: j["created_at"])
            if resource_id in (None, j["resource_id"])]
    return Reply(200, {"jobs": jobs})


@routes.delete(BASE + "/jobs/<job_id>")
def delete_job(ctx: Context) -> Reply:
    job = common.require(ctx.store.get(JOBS, ctx.params["job_id"]), "job", ctx.params["job_id"])
    if job["status"] in ("upgrading", "pending_upgrade_confirm", "rolling_back"):
        raise invalid(f"job {job['id']} is still running ({job['status']})")
    ctx.store.remove(JOBS, job["id"])
    return Reply(204)


# -- connection log configuration (4.2.2.11 - 4.2.2.13) ---------------------------------------------------

def _check_log_stream(store: Store, group_id: str, stream_id: str) -> None:
    for group in store.fixtures.get("log_groups", []):
        if group["id"] == group_id:
            if any(stream["id"] == stream_id for stream in group["log_streams"]):
                return
            raise invalid(f"log stream {stream_id} is not found in log group {group_id}")
    raise invalid(f"log group {group_id} is not found")


@routes.put(BASE + "/<p2c_vgw_id>/log-config", schema=schemas.LOG_CONFIG)
def update_log_config(ctx: Context) -> Reply:
    gateway = find_gateway(ctx.store, ctx.params["p2c_vgw_id"])
    require_active(gateway)
    wanted = common.body_of(ctx, "log_config")
    _check_log_stream(ctx.store, wanted["log_group_id"], wanted["log_stream_id"])
    gateway["_log_config"] = {"log_group_id": wanted["log_group_id"], "log_stream_id": wanted["log_stream_id"]}
    return Reply(200, {"log_config": dict(gateway["_log_config"])})


@routes.get(BASE + "/<p2c_vgw_id>/log-config")
def show_log_config(ctx: Context) -> Reply:
    gateway = find_gateway(ctx.store, ctx.params["p2c_vgw_id"])
    # A gateway without a configuration answers an empty object.
    return Reply(200, {"log_config": dict(gateway.get("_log_config") or {})})


@routes.delete(BASE + "/<p2c_vgw_id>/log-config")
def delete_log_config(ctx: Context) -> Reply:
    gateway = find_gateway(ctx.store, ctx.params["p2c_vgw_id"])
    if not gateway.get("_log_config"):
        raise ApiError(404, "VPN.0004", f"resource not found: p2c vpn gateway {gateway['id']} has no log "
                                        f"configuration")
    require_active(gateway)
    gateway.pop("_log_config")
    return Reply(204)


def install(store: Store) -> None:
    store.on_remove(COLLECTION, release)
