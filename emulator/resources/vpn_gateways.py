"""4.1.1 S2C VPN gateways: create, query, list, update, change specification, delete, AZs, routing table,
GM certificates, upgrades and their jobs."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any, Dict, List, Optional, Tuple

from ..certs import check_key_pair, parse_certificate
from ..errors import ApiError, coded, invalid, not_ready
from ..routing import Context, Reply, Routes
from ..schemas import vpn_gateway as schemas
from ..store import REMOVED, Store, utc_timestamp
from . import common

routes = Routes()
COLLECTION = "vpn_gateways"
CERTIFICATES = "gateway_certificates"
JOBS = "gateway_jobs"
BASE = "/v5/<project_id>/vpn-gateways"

CONNECTION_NUMBER = {"Basic": 100, "Professional1": 200, "Professional2": 1000, "GM": 200,
                     "Professional1-NonFixedIP": 200, "Professional2-NonFixedIP": 1000}
EIP_BANDWIDTH_LIMIT = {"Basic": 100, "Professional1": 300, "Professional2": 1000, "GM": 500,
                       "Professional1-NonFixedIP": 300, "Professional2-NonFixedIP": 1000}
AZ_TABLE_KEY = {"Basic": "basic", "Professional1": "professional1", "Professional2": "professional2", "GM": "gm",
                "Professional1-NonFixedIP": "Professional1-NonFixedIP",
                "Professional2-NonFixedIP": "Professional2-NonFixedIP"}
NON_FIXED_IP = ("Professional1-NonFixedIP", "Professional2-NonFixedIP")
DEFAULT_POLICY_TEMPLATE = {
    "ike_policy": {"encryption_algorithm": "aes-128", "dh_group": "group20",
                   "authentication_algorithm": "sha2-256", "lifetime_seconds": 86400},
    "ipsec_policy": {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128",
                     "pfs": "group20", "lifetime_seconds": 3600},
}
PENDING = ("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "UPGRADING", "ROLLING_BACK")
RUNNING_JOB = ("upgrading", "pending_upgrade_confirm", "rolling_back")
# The fields of the create answer (4.1.1.1's ResponseVpnGateway; local_subnets_v6 from the SDK's model, for IPv6
# gateways) and of the update and specification-change answers (4.1.1.4, 4.1.1.5): neither has a status, nor the
# read-only public_border_group, supported_flavors, supported_features or upgrade_info of 4.1.1.2.
CREATE_ANSWER = ("id", "name", "network_type", "attachment_type", "ip_version", "certificate_id", "er_id", "vpc_id",
                 "local_subnets", "local_subnets_v6", "connect_subnet", "bgp_asn", "flavor", "connection_number",
                 "used_connection_number", "used_connection_group", "enterprise_project_id", "access_vpc_id",
                 "access_subnet_id", "ha_mode", "policy_template", "tags")
UPDATE_ANSWER = CREATE_ANSWER + ("availability_zone_ids", "eip1", "eip2", "created_at", "updated_at",
                                 "access_private_ip_1", "access_private_ip_2")


# -- views -----------------------------------------------------------------------------------------------

def _eip_view(store: Store, eip_id: str) -> Optional[Dict[str, Any]]:
    for eip in store.fixtures["eips"]:
        if eip["id"] == eip_id:
            return {"id": eip["id"], "ip_version": 4, "type": eip["type"], "ip_address": eip["ip_address"],
                    "charge_mode": eip["charge_mode"], "bandwidth_id": eip["bandwidth_id"],
                    "bandwidth_size": eip["bandwidth_size"], "bandwidth_name": eip["bandwidth_name"],
                    "share_type": eip["share_type"]}
    return None


def supported_flavors(gateway: Dict[str, Any]) -> List[str]:
    flavor = gateway["flavor"]
    if flavor == "GM":
        return []
    if flavor in NON_FIXED_IP:
        return [f for f in NON_FIXED_IP if f != flavor]
    candidates = ["Basic", "Professional1", "Professional2"]
    if gateway["network_type"] == "private" or gateway["attachment_type"] == "er" or gateway["ip_version"] == "ipv6":
        candidates.remove("Basic")
    return [f for f in candidates if f != flavor]


def connections_of(store: Store, gateway_id: str) -> List[Dict[str, Any]]:
    return store.find("vpn_connections", vgw_id=gateway_id)


def supported_features(gateway: Dict[str, Any]) -> List[str]:
    """The reference documents the field ("the features supported by the gateway") but not its values: the emulator
    names the optional features 4.1.1.1 ties to a specification, by the API's own field names."""
    flavor = gateway["flavor"]
    features = ["bgp", "ha_mode"]
    if flavor in ("Professional1", "Professional2"):
        features += ["ipv6", "er"]
    if flavor in NON_FIXED_IP:
        features.append("policy_template")
    if flavor == "GM":
        features.append("certificate")
    return features


def view(store: Store, gateway: Dict[str, Any], settled: bool = False) -> Dict[str, Any]:
    """The gateway as 4.1.1.2 shows it; `settled`: as it will be once ACTIVE (the update answers' example
    shows EIPs, times and AZs although the gateway is then updating)."""
    out = common.render(gateway)
    active = settled or gateway["status"] == "ACTIVE"
    connections = connections_of(store, gateway["id"])
    out["used_connection_number"] = len(connections)
    out["used_connection_group"] = len({c.get("cgw_id") for c in connections})
    out["supported_flavors"] = supported_flavors(gateway)
    out["supported_features"] = supported_features(gateway)
    if active:
        for slot in ("eip1", "eip2"):
            eip_id = gateway.get(f"_{slot}_id")
            eip = _eip_view(store, eip_id) if eip_id else None
            if eip:
                out[slot] = eip
    else:
        # The reference: EIPs, and times, are "available when the VPN gateway is in ACTIVE state".
        for key in ("created_at", "updated_at", "applied_at"):
            out.pop(key, None)
        if not gateway.get("_az_explicit"):
            out.pop("availability_zone_ids", None)
    return out


def answer(store: Store, gateway: Dict[str, Any], fields: Tuple[str, ...]) -> Dict[str, Any]:
    """The create, update and specification-change answers: the settled view, limited to their documented fields."""
    full = view(store, gateway, settled=fields is UPDATE_ANSWER)
    return {key: value for key, value in full.items() if key in fields}


def find_gateway(store: Store, gateway_id: str) -> Dict[str, Any]:
    # Appendix A.3: VPN.0509 "The gateway does not exist." (404) for a gateway id that is not there.
    return common.require(store.get(COLLECTION, gateway_id), "vpn gateway", gateway_id, coded("VPN.0509"))


def require_active(gateway: Dict[str, Any], operation: str = "update") -> None:
    common.refuse_frozen(gateway, operation, "vpnGateway")
    if gateway["status"] != "ACTIVE":
        raise not_ready("GATEWAY", gateway["id"], gateway["status"])


# -- create ----------------------------------------------------------------------------------------------

class _Plan:
    """What a create will change outside the gateway record, checked in full before anything changes."""

    def __init__(self) -> None:
        self.addresses: List[Tuple[str, int]] = []  # (subnet id, addresses taken)
        self.existing_eips: List[Dict[str, Any]] = []
        self.new_eips: List[Dict[str, Any]] = []


def _plan_eip(store: Store, spec: Dict[str, Any], flavor: str, plan: _Plan) -> None:
    if "id" in spec:
        if len(spec) > 1:
            raise coded("VPN.0559")
        eip = common.find_eip(store, spec["id"])
        if eip["status"] == "FREEZED":
            raise coded("VPN.0552", eip["id"])
        if eip["bound_to"]:
            raise coded("VPN.0553", eip["id"])
        if eip["share_type"] != "PER":
            raise coded("VPN.0554", eip["id"])
        if eip["public_border_group"] != "center":
            raise coded("VPN.0555", eip["id"])
        if any(e["id"] == eip["id"] for e in plan.existing_eips):
            raise invalid("eip1 and eip2 must be two different EIPs")
        plan.existing_eips.append(eip)
        return
    eip_type = spec.get("type")
    if not eip_type:
        raise coded("VPN.0558")
    if eip_type not in ("5_bgp", "5_sbgp", "5_youxuanbgp"):
        raise coded("VPN.0556", eip_type)
    if eip_type not in ("5_bgp", "5_sbgp"):
        raise coded("VPN.0557", eip_type)
    if "bandwidth_id" not in spec:
        if "bandwidth_size" not in spec:
            raise coded("VPN.0558")
        if spec["bandwidth_size"] > EIP_BANDWIDTH_LIMIT[flavor]:
            raise coded("VPN.0550")
    plan.new_eips.append(spec)


def _availability_zones(store: Store, body: Dict[str, Any], flavor: str, attachment: str) -> List[str]:
    offered = store.fixtures["availability_zones"]["s2c"][AZ_TABLE_KEY[flavor]][attachment]
    if not offered:
        raise invalid(f"flavor {flavor} with attachment_type {attachment} is not offered in any availability zone")
    wanted = body.get("availability_zone_ids")
    if wanted is None:
        return offered[:2]
    if len(set(wanted)) != len(wanted):
        raise coded("VPN.0515")
    unknown = [az for az in wanted if az not in offered]
    if unknown:
        raise invalid(f"availability zone {unknown[0]} does not offer flavor {flavor} with attachment_type "
                      f"{attachment}; it is offered in {', '.join(offered)}")
    if len(offered) >= 2 and len(wanted) != 2:
        raise coded("VPN.0514")
    if len(offered) == 1 and len(wanted) != 1:
        raise invalid("only one availability zone offers this specification: specify one")
    return wanted


def _private_ips(store: Store, body: Dict[str, Any], subnet: Dict[str, Any]) -> Tuple[str, str]:
    first, second = body.get("access_private_ip_1"), body.get("access_private_ip_2")
    if (first is None) != (second is None):
        raise invalid("access_private_ip_1 and access_private_ip_2 must be set together")
    cidr = ipaddress.ip_network(subnet["cidr"])
    hosts = list(cidr.hosts())
    taken = {g.get("access_private_ip_1") for g in store.all(COLLECTION)} | \
            {g.get("access_private_ip_2") for g in store.all(COLLECTION)}
    if first is None:
        # Allocate from the top of the subnet, clear of the gateway and DHCP addresses at the bottom.
        free = [str(ip) for ip in reversed(hosts[3:]) if str(ip) not in taken]
        return free[0], free[1]
    if first == second:
        raise invalid("access_private_ip_1 and access_private_ip_2 must be different")
    for label, value in (("access_private_ip_1", first), ("access_private_ip_2", second)):
        ip = common.address(value, label)
        if ip not in cidr or ip in hosts[:3] or ip == cidr.broadcast_address:
            raise invalid(f"{label} {value} is not an allocatable address of subnet {subnet['cidr']}")
        if value in taken:
            raise invalid(f"{label} {value} is already in use")
    return first, second


@routes.post(BASE, schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "vpn_gateway")
    common.check_quota(store, "vpn_gateway", coded("VPN.0513"))
    network_type = body.get("network_type", "public")
    attachment = body.get("attachment_type", "vpc")
    ip_version = body.get("ip_version", "ipv4")
    flavor = body.get("flavor", "Professional1")
    if flavor == "Basic" and (network_type == "private" or attachment == "er"):
        raise invalid("flavor cannot be Basic when network_type is private or attachment_type is er")
    if ip_version == "ipv6" and (attachment != "vpc" or flavor not in ("Professional1", "Professional2")):
        raise invalid("ip_version ipv6 needs attachment_type vpc and flavor Professional1 or Professional2")

    plan = _Plan()
    record: Dict[str, Any] = {"id": str(uuid.uuid4()), "network_type": network_type,
                              "attachment_type": attachment, "ip_version": ip_version}
    if attachment == "vpc":
        if "er_id" in body:
            raise invalid("er_id can be set only when attachment_type is er")
        for required in ("vpc_id", "connect_subnet"):
            if required not in body:
                raise invalid(f"{required} is mandatory when attachment_type is vpc")
        subnets_key, other_key, version = (("local_subnets", "local_subnets_v6", 4) if ip_version == "ipv4"
                                           else ("local_subnets_v6", "local_subnets", 6))
        if other_key in body:
            raise invalid(f"{other_key} cannot be set when ip_version is {ip_version}")
        if not body.get(subnets_key):
            raise invalid(f"{subnets_key} is mandatory when attachment_type is vpc and ip_version is {ip_version}")
        common.networks(body[subnets_key], subnets_key, version, limit=50)
        common.find_vpc(store, body["vpc_id"])
        common.subnet_in_vpc(store, body["connect_subnet"], body["vpc_id"])
        access_vpc = body.get("access_vpc_id", body["vpc_id"])
        access_subnet_id = body.get("access_subnet_id", body["connect_subnet"])
        common.find_vpc(store, access_vpc)
        access_subnet = common.subnet_in_vpc(store, access_subnet_id, access_vpc)
        if access_subnet_id == body["connect_subnet"]:
            plan.addresses.append((access_subnet_id, 4))
        else:
            plan.addresses += [(body["connect_subnet"], 2), (access_subnet_id, 2)]
        record.update(vpc_id=body["vpc_id"], connect_subnet=body["connect_subnet"],
                      **{subnets_key: list(body[subnets_key])})
    else:
        if "er_id" not in body:
            raise invalid("er_id is mandatory when attachment_type is er")
        for forbidden in ("local_subnets", "local_subnets_v6"):
            if forbidden in body:
                raise invalid(f"{forbidden} can be set only when attachment_type is vpc")
        common.find_enterprise_router(store, body["er_id"])
        access_vpc = body.get("access_vpc_id") or body.get("vpc_id")
        access_subnet_id = body.get("access_subnet_id") or body.get("connect_subnet")
        if not access_vpc or not access_subnet_id:
            raise invalid("an access VPC and subnet (access_vpc_id/access_subnet_id or vpc_id/connect_subnet) are "
                          "mandatory when attachment_type is er")
        common.find_vpc(store, access_vpc)
        access_subnet = common.subnet_in_vpc(store, access_subnet_id, access_vpc)
        plan.addresses.append((access_subnet_id, 2))
        # The access VPC and subnet are reported only as access_vpc_id/access_subnet_id (4.1.1.2 example a).
        record.update(er_id=body["er_id"], er_attachment_id=str(uuid.uuid4()))

    for subnet_id, count in plan.addresses:
        subnet = common.find_subnet(store, subnet_id)[1]
        needed = sum(c for s, c in plan.addresses if s == subnet_id)
        if subnet["available_ips"] < needed:
            raise coded("VPN.0502", subnet_id)

    zones = _availability_zones(store, body, flavor, attachment)
    if network_type == "public":
        for forbidden in ("access_private_ip_1", "access_private_ip_2"):
            if forbidden in body:
                raise invalid(f"{forbidden} can be set only when network_type is private")
        if "eip1" not in body or "eip2" not in body:
            raise coded("VPN.0558")
        _plan_eip(store, body["eip1"], flavor, plan)
        _plan_eip(store, body["eip2"], flavor, plan)
    else:
        for forbidden in ("eip1", "eip2"):
            if forbidden in body:
                raise invalid(f"{forbidden} can be set only when network_type is public")
        record["access_private_ip_1"], record["access_private_ip_2"] = _private_ips(store, body, access_subnet)
    enterprise_project = common.check_enterprise_project(store, body.get("enterprise_project_id"))
    tags = body.get("tags", [])
    if len({t["key"] for t in tags}) != len(tags):
        raise invalid("tags contain a duplicate key")

    # Everything is checked: from here on the create cannot fail half way.
    for subnet_id, count in plan.addresses:
        common.take_subnet_addresses(store, subnet_id, count)
    eip_ids = []
    for spec in body.get("eip1"), body.get("eip2"):
        if spec is None:
            continue
        if "id" in spec:
            eip = common.find_eip(store, spec["id"])
        else:
            suffix = common.random_suffix()
            eip = {"id": str(uuid.uuid4()), "name": f"vpngw-eip-{suffix}", "ip_address": common.new_eip_address(store),
                   "ip_version": 4, "type": spec["type"], "status": "DOWN", "bound_to": None,
                   "charge_mode": spec.get("charge_mode", "bandwidth"), "bandwidth_size": spec.get("bandwidth_size", 0),
                   "bandwidth_id": spec.get("bandwidth_id", str(uuid.uuid4())),
                   "bandwidth_name": spec.get("bandwidth_name", f"vpngw-bandwidth-{suffix}"),
                   "share_type": "WHOLE" if "bandwidth_id" in spec else "PER",
                   "public_border_group": "center", "_created_by": record["id"]}
            store.fixtures["eips"].append(eip)
        eip.update(bound_to=record["id"], status="ACTIVE")
        eip_ids.append(eip["id"])
    now = store.creation_time()
    record.update({
        "name": body.get("name") or common.generated_name("vpngw"),
        "bgp_asn": body.get("bgp_asn", 64512),
        "flavor": flavor,
        "availability_zone_ids": zones,
        "connection_number": CONNECTION_NUMBER[flavor],
        "enterprise_project_id": enterprise_project,
        "access_vpc_id": access_vpc,
        "access_subnet_id": access_subnet_id,
        "ha_mode": body.get("ha_mode", "active-active"),
        "public_border_group": "center",
        "upgrade_info": "ready",
        "tags": tags,
        "created_at": now, "updated_at": now, "applied_at": now,
        "_az_explicit": "availability_zone_ids" in body,
        "_addresses": plan.addresses,
    })
    if eip_ids:
        record["_eip1_id"], record["_eip2_id"] = eip_ids
    if flavor in NON_FIXED_IP:
        record["policy_template"] = {k: dict(v) for k, v in DEFAULT_POLICY_TEMPLATE.items()}
    store.transition(record, "PENDING_CREATE", "ACTIVE")
    store.insert(COLLECTION, record)
    return Reply(201, {"vpn_gateway": answer(store, record, CREATE_ANSWER)})


def release(store: Store, gateway: Dict[str, Any]) -> None:
    """When a gateway goes: its new EIPs are released, existing ones unbound, subnet addresses returned."""
    for eip in list(store.fixtures["eips"]):
        if eip.get("bound_to") == gateway["id"]:
            if eip.get("_created_by") == gateway["id"]:
                store.fixtures["eips"].remove(eip)
            else:
                eip.update(bound_to=None, status="DOWN")
    for subnet_id, count in gateway.get("_addresses", []):
        common.release_subnet_addresses(store, subnet_id, count)
    for certificate in store.find(CERTIFICATES, vgw_id=gateway["id"]):
        store.remove(CERTIFICATES, certificate["id"])


# -- read ------------------------------------------------------------------------------------------------

@routes.get(BASE)
def list_gateways(ctx: Context) -> Reply:
    projects = common.enterprise_project_filter(ctx)
    gateways = [g for g in ctx.store.all(COLLECTION) if projects is None or g["enterprise_project_id"] in projects]
    gateways.sort(key=lambda g: g["created_at"], reverse=True)
    # 4.1.1.3 lists supported_features but not upgrade_info (4.1.1.2 shows both).
    listed = [{k: v for k, v in view(ctx.store, g).items() if k != "upgrade_info"} for g in gateways]
    return Reply(200, {"vpn_gateways": listed})


@routes.get(BASE + "/<vgw_id>")
def show(ctx: Context) -> Reply:
    return Reply(200, {"vpn_gateway": view(ctx.store, find_gateway(ctx.store, ctx.params["vgw_id"]))})


@routes.get("/v5/<project_id>/vpn-gateways/availability-zones")
def availability_zones(ctx: Context) -> Reply:
    return Reply(200, {"availability_zones": ctx.store.fixtures["availability_zones"]["s2c"]})


@routes.get("/v5.1/<project_id>/vpn-gateways/availability-zones")
def extended_availability_zones(ctx: Context) -> Reply:
    return Reply(200, {"availability_zones": ctx.store.fixtures["availability_zones"]["s2c_extended"]})


@routes.get(BASE + "/<vgw_id>/routing-table")
def routing_table(ctx: Context) -> Reply:
    store = ctx.store
    gateway = find_gateway(store, ctx.params["vgw_id"])
    routes_out: List[Dict[str, Any]] = []
    for connection in connections_of(store, gateway["id"]):
        if connection.get("status") not in ("ACTIVE", "DOWN"):
            continue
        customer = store.get("customer_gateways", connection.get("cgw_id", "")) or {}
        peer = connection.get("tunnel_peer_address", "").split("/")[0] or customer.get("id_value", "")
        local = connection.get("tunnel_local_address", "").split("/")[0]
        bgp = connection.get("style") == "BGP"
        for destination in connection.get("peer_subnets", []) + connection.get("peer_subnets_v6", []):
            routes_out.append({"destination": destination, "nexthop": peer, "outbound_interface_ip": local or peer,
                               "origin": "igp" if bgp else "incomplete",
                               "as_path": str(customer.get("bgp_asn", "")) if bgp else "", "med": 0,
                               "nexthop_resource": {"id": connection["id"], "type": "vpn_connection"}})
    return Reply(200, {"routing_table": routes_out, "total_count": len(routes_out),
                       "page_info": {"current_count": len(routes_out)}}, request_id_in_body=False)


# -- update ----------------------------------------------------------------------------------------------

def _check_local_subnets(store: Store, gateway: Dict[str, Any], key: str, values: List[str]) -> None:
    version = 4 if key == "local_subnets" else 6
    wanted_version = "ipv4" if version == 4 else "ipv6"
    if gateway["attachment_type"] != "vpc" or gateway["ip_version"] != wanted_version:
        raise invalid(f"{key} can be set only when attachment_type is vpc and ip_version is {wanted_version}")
    if not values:
        raise invalid(f"{key} cannot be empty")
    parsed = common.networks(values, key, version, limit=50)
    for connection in connections_of(store, gateway["id"]):
        peers = [ipaddress.ip_network(p) for p in connection.get("peer_subnets", []) +
                 connection.get("peer_subnets_v6", [])]
        clash = common.overlapping(parsed, peers)
        if clash:
            raise invalid(f"local subnet {clash[0]} overlaps peer subnet {clash[1]} of connection {connection['id']}")


def _rebind_eip(store: Store, gateway: Dict[str, Any], slot: str, eip_id: str) -> bool:
    if gateway.get(f"_{slot}_id") == eip_id:
        return False
    if gateway.get(f"_{slot}_id"):
        raise coded("VPN.0512")
    plan = _Plan()
    _plan_eip(store, {"id": eip_id}, gateway["flavor"], plan)
    common.find_eip(store, eip_id).update(bound_to=gateway["id"], status="ACTIVE")
    gateway[f"_{slot}_id"] = eip_id
    return True


@routes.put(BASE + "/<vgw_id>", schema=schemas.UPDATE)
def update(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "vpn_gateway")
    gateway = find_gateway(store, ctx.params["vgw_id"])
    require_active(gateway)
    for key in ("local_subnets", "local_subnets_v6"):
        if key in body:
            _check_local_subnets(store, gateway, key, body[key])
    for key in ("eip_id_1", "eip_id_2"):
        if key in body and gateway["network_type"] != "public":
            raise invalid(f"{key} can be set only when network_type is public")
    if "policy_template" in body and gateway["flavor"] not in NON_FIXED_IP:
        raise coded("VPN.0562", "policy_template")
    for slot, key in (("eip1", "eip_id_1"), ("eip2", "eip_id_2")):
        if key in body and gateway.get(f"_{slot}_id") not in (None, body[key]):
            raise coded("VPN.0512")

    changed_network = False
    for slot, key in (("eip1", "eip_id_1"), ("eip2", "eip_id_2")):
        if key in body:
            changed_network |= _rebind_eip(store, gateway, slot, body[key])
    for key in ("local_subnets", "local_subnets_v6"):
        if key in body and body[key] != gateway.get(key):
            gateway[key] = list(body[key])
            changed_network = True
    if "policy_template" in body:
        for part, values in body["policy_template"].items():
            gateway["policy_template"][part].update(values)
        changed_network = True
    if "name" in body:
        gateway["name"] = body["name"]
    gateway["updated_at"] = utc_timestamp()
    if changed_network:
        store.transition(gateway, "PENDING_UPDATE", "ACTIVE")
    return Reply(200, {"vpn_gateway": answer(store, gateway, UPDATE_ANSWER)})


@routes.post(BASE + "/<vgw_id>/update-specification", schema=schemas.UPDATE_SPECIFICATION)
def update_specification(ctx: Context) -> Reply:
    store = ctx.store
    gateway = find_gateway(store, ctx.params["vgw_id"])
    require_active(gateway)
    flavor = common.body_of(ctx, "vpn_gateway")["flavor"]
    if flavor != gateway["flavor"]:
        allowed = supported_flavors(gateway)
        if flavor not in allowed:
            raise invalid(f"the gateway cannot change from {gateway['flavor']} to {flavor}; "
                          f"supported_flavors: {', '.join(allowed) or 'none'}")
        if len(connections_of(store, gateway["id"])) > CONNECTION_NUMBER[flavor]:
            raise coded("VPN.0504")
        gateway.update(flavor=flavor, connection_number=CONNECTION_NUMBER[flavor], updated_at=utc_timestamp())
        store.transition(gateway, "PENDING_UPDATE", "ACTIVE")
    return Reply(200, {"vpn_gateway": answer(store, gateway, UPDATE_ANSWER)})


# -- delete ----------------------------------------------------------------------------------------------

@routes.delete(BASE + "/<vgw_id>")
def delete(ctx: Context) -> Reply:
    store = ctx.store
    gateway = find_gateway(store, ctx.params["vgw_id"])
    if gateway.get("_deleting") or gateway["status"] == "PENDING_DELETE":
        raise coded("VPN.0508")
    common.refuse_frozen(gateway, "delete", "vpnGateway")
    if gateway["status"] in PENDING:
        raise not_ready("GATEWAY", gateway["id"], gateway["status"])
    if connections_of(store, gateway["id"]):
        raise invalid(f"vpn gateway {gateway['id']} has connection")
    # As on the real service, the gateway still reads ACTIVE for a moment after the DELETE is accepted.
    seconds = ctx.config.transition_seconds
    gateway["_deleting"] = True
    store.schedule(gateway, [(seconds * 0.4, "PENDING_DELETE"), (seconds, REMOVED)])
    return Reply(204)


# -- GM certificates (4.1.1.10 - 4.1.1.12) ----------------------------------------------------------------

def _certificate_fields(body: Dict[str, Any]) -> Dict[str, Any]:
    signing = parse_certificate(body["certificate"], "certificate", require_ca=False)
    check_key_pair(signing, body["private_key"], "certificate")
    encryption = parse_certificate(body["enc_certificate"], "enc_certificate", require_ca=False)
    check_key_pair(encryption, body["enc_private_key"], "enc_certificate")
    chain = parse_certificate(body["certificate_chain"], "certificate_chain", require_ca=True)
    info, enc, ca = signing.info(), encryption.info(), chain.info()
    return {
        "issuer": info["issuer"], "signature_algorithm": info["signature_algorithm"],
        "certificate_serial_number": info["serial_number"], "certificate_subject": info["subject"],
        "certificate_expire_time": info["expire_time"],
        "certificate_chain_serial_number": ca["serial_number"], "certificate_chain_subject": ca["subject"],
        "certificate_chain_expire_time": ca["expire_time"],
        "enc_certificate_serial_number": enc["serial_number"], "enc_certificate_subject": enc["subject"],
        "enc_certificate_expire_time": enc["expire_time"],
    }


CERTIFICATE_CONTENT_KEYS = ("certificate", "private_key", "certificate_chain", "enc_certificate", "enc_private_key")


@routes.post(BASE + "/<vgw_id>/certificate", schema=schemas.CREATE_CERTIFICATE)
def create_certificate(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "certificate")
    gateway = find_gateway(store, ctx.params["vgw_id"])
    require_active(gateway)
    if gateway["flavor"] != "GM":
        raise invalid("certificates can be uploaded only to a gateway of the GM specification")
    if store.find(CERTIFICATES, vgw_id=gateway["id"]):
        raise invalid(f"vpn gateway {gateway['id']} already has a certificate; update it instead")
    now = utc_timestamp()
    record = {"id": str(uuid.uuid4()), "name": body.get("name") or common.generated_name("cert"),
              "project_id": ctx.config.account.project_id, "vgw_id": gateway["id"],
              **_certificate_fields(body), "created_at": now, "updated_at": now}
    store.transition(record, "BINDING", "BOUND")
    store.insert(CERTIFICATES, record)
    gateway["certificate_id"] = record["id"]
    created = common.render(record, drop=("status", "project_id", "updated_at"))
    return Reply(201, {"certificate": created})


@routes.get(BASE + "/<vgw_id>/certificate")
def show_certificate(ctx: Context) -> Reply:
    gateway = find_gateway(ctx.store, ctx.params["vgw_id"])
    found = ctx.store.find(CERTIFICATES, vgw_id=gateway["id"])
    if not found:
        raise ApiError(404, "VPN.0004", f"resource not found: vpn gateway {gateway['id']} has no certificate")
    return Reply(200, {"certificate": common.render(found[0])})


@routes.put(BASE + "/<vgw_id>/certificate/<certificate_id>", schema=schemas.UPDATE_CERTIFICATE)
def update_certificate(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "certificate")
    gateway = find_gateway(store, ctx.params["vgw_id"])
    record = common.require(store.get(CERTIFICATES, ctx.params["certificate_id"]), "certificate",
                            ctx.params["certificate_id"])
    if record["vgw_id"] != gateway["id"]:
        raise ApiError(404, "VPN.0004", "resource not found: the certificate does not belong to this gateway")
    given = [k for k in CERTIFICATE_CONTENT_KEYS if k in body]
    if given and len(given) != len(CERTIFICATE_CONTENT_KEYS):
        missing = [k for k in CERTIFICATE_CONTENT_KEYS if k not in body]
        raise invalid(f"updating the certificate content needs all of {', '.join(CERTIFICATE_CONTENT_KEYS)}; "
                      f"missing {', '.join(missing)}")
    if given:
        record.update(_certificate_fields(body))
        store.transition(record, "BINDING", "BOUND")
    if "name" in body:
        record["name"] = body["name"]
    record["updated_at"] = utc_timestamp()
    return Reply(200, {"certificate": common.render(record, drop=("status", "project_id", "updated_at"))})


# -- upgrades and their jobs (4.1.1.13 - 4.1.1.15) ---------------------------------------------------------

@routes.post(BASE + "/<vgw_id>/upgrade", schema=schemas.UPGRADE)
def upgrade(ctx: Context) -> Reply:
    store = ctx.store
    gateway = find_gateway(store, ctx.params["vgw_id"])
    action = ctx.body["action"]
    seconds = ctx.config.transition_seconds
    jobs = [j for j in store.find(JOBS, resource_id=gateway["id"]) if j["status"] in RUNNING_JOB]
    if action == "start":
        require_active(gateway)
        if gateway.get("upgrade_info", "ready") != "ready":
            raise invalid(f"vpn gateway {gateway['id']} has no upgrade available")
        now = utc_timestamp()
        job = {"id": str(uuid.uuid4()), "resource_id": gateway["id"], "job_type": "upgrade",
               "status": "upgrading", "created_at": now, "finished_at": "", "sub_jobs": [
                   {"id": str(uuid.uuid4()), "job_type": kind, "status": "upgrading", "created_at": now,
                    "finished_at": "", "error_message": ""}
                   for kind in ("prepare_resource", "upgrade_worker_1", "upgrade_worker_2")]}
        store.insert(JOBS, job)
        gateway["status"] = "UPGRADING"
        store.schedule(gateway, [(seconds, "PENDING_UPGRADE_CONFIRM")])
        store.schedule(job, [(seconds, "pending_upgrade_confirm")])
        return Reply(202, {"job_id": job["id"]})
    if gateway["status"] != "PENDING_UPGRADE_CONFIRM" or not jobs:
        raise invalid(f"the gateway has no upgrade waiting for {action}")
    job = jobs[0]
    now = utc_timestamp()
    if action == "finish":
        gateway.update(status="ACTIVE", upgrade_info="unready", updated_at=now)
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
    if job["status"] in RUNNING_JOB:
        raise invalid(f"job {job['id']} is still running ({job['status']})")
    ctx.store.remove(JOBS, job["id"])
    return Reply(204)


def install(store: Store) -> None:
    store.on_remove(COLLECTION, release)
