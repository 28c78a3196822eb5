"""4.1.3 VPN connections: create (one, or a batch of one or two), query, list (marker paging), update, delete,
logs and reset.

Besides the request schemas, a connection is checked against what only the service knows: the gateway (its
status, addresses, HA mode, specification, IP version, attachment, local subnets and connection limit), the
customer gateway, and the gateway's other connections. Create, batch create and update share one check of the
connection as it would be, so a request either fails or is applied whole.
"""

from __future__ import annotations

import copy
import datetime
import ipaddress
import time
import uuid
import zlib
from typing import Any, Dict, List, Optional, Tuple

from ..errors import coded, invalid, not_ready
from ..routing import Context, Reply, Routes
from ..schemas import vpn_connection as schemas
from ..store import REMOVED, Store, utc_timestamp
from . import common
from .vpn_gateways import CERTIFICATES, NON_FIXED_IP
from .vpn_gateways import COLLECTION as GATEWAYS

routes = Routes()
# Test-only paths under /_emulator/: what the data-plane harness needs to play the gateway's side of a tunnel.
control = Routes()
COLLECTION = "vpn_connections"
MONITORS = "connection_monitors"
BASE = "/v5/<project_id>/vpn-connection"
ITEM = BASE + "/<vpn_connection_id>"
# A connection in ERROR or UNKNOWN can still be changed or deleted (the way out of a broken tunnel).
SETTLED = ("ACTIVE", "DOWN", "ERROR", "UNKNOWN")

# "Reserved VPC CIDR blocks such as 100.64.0.0/10, 100.64.0.0/12, and 214.0.0.0/8 cannot be used as customer
# subnets" (the /12 lies in the /10).
RESERVED_PEER_SUBNETS = [ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("214.0.0.0/8")]
TUNNEL_RANGE = ipaddress.ip_network("169.254.0.0/16")
TUNNEL_EXCLUDED = ipaddress.ip_network("169.254.195.0/24")
# The special characters of the PSK, as each operation lists them: 4.1.3.1 (create), 4.1.3.2 (batch create) and
# 4.1.3.5 (update) differ in "&", "." and ":".
PSK_SPECIALS_CREATE = "~!@#$%^*()-_+={},/;:"
PSK_SPECIALS_BATCH = "~!@#$%^*()-_+={},./:;"
PSK_SPECIALS_UPDATE = "~!@#$%^&*()-_+={},./;"
# FQDN identities: "excluding & < > [] \. Spaces are not supported."
IDENTITY_FORBIDDEN = set("&<>[]\\")

# Server-side defaults of the IKE and IPsec policies (tables 4-122 to 4-124).
IKE_DEFAULTS = {"ike_version": "v2", "authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128",
                "dh_group": "group15", "authentication_method": "pre-share", "lifetime_seconds": 86400,
                "local_id_type": "ip", "peer_id_type": "ip",
                "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}}
GM_IKE_DEFAULTS = {"ike_version": "v1", "phase1_negotiation_mode": "main", "authentication_algorithm": "sm3",
                   "encryption_algorithm": "sm4", "authentication_method": "digital-envelope-v2",
                   "lifetime_seconds": 86400, "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}}
IPSEC_DEFAULTS = {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128", "pfs": "group15",
                  "transform_protocol": "esp", "lifetime_seconds": 3600, "encapsulation_mode": "tunnel"}
GM_IPSEC_DEFAULTS = {"authentication_algorithm": "sm3", "encryption_algorithm": "sm4", "transform_protocol": "esp",
                     "lifetime_seconds": 3600, "encapsulation_mode": "tunnel"}
# What a GM gateway's connection does not take ("You do not need to set this parameter when flavor is GM").
GM_ONLY = {"authentication_algorithm": "sm3", "encryption_algorithm": "sm4"}
NOT_FOR_GM_IKE = ("dh_group", "local_id_type", "local_id", "peer_id_type", "peer_id")


# -- lookups ---------------------------------------------------------------------------------------------

def find_connection(store: Store, connection_id: str) -> Dict[str, Any]:
    return common.require(store.get(COLLECTION, connection_id), "vpn connection", connection_id,
                          coded("VPN.0563"))


def _usable_gateway(store: Store, gateway_id: str) -> Dict[str, Any]:
    """The gateway of a connection being created or changed, which must be ACTIVE."""
    gateway = common.require(store.get(GATEWAYS, gateway_id), "vpn gateway", gateway_id, coded("VPN.0509"))
    if gateway.get("_deleting") or gateway["status"] == "PENDING_DELETE":
        raise coded("VPN.0508")
    if gateway["status"] == "PENDING_CREATE":
        raise coded("VPN.0506")
    if gateway["status"] != "ACTIVE":
        raise coded("VPN.0507") if gateway["status"].startswith("PENDING") else \
            not_ready("GATEWAY", gateway["id"], gateway["status"])
    return gateway


def _customer_gateway(store: Store, cgw_id: str) -> Dict[str, Any]:
    found = store.get("customer_gateways", cgw_id)
    if found is None:
        raise invalid(f"customer gateway {cgw_id} is not found")
    return found


def gateway_address(store: Store, gateway: Dict[str, Any], vgw_ip: str) -> Tuple[int, str]:
    """(1 or 2, IP address) of the gateway address a connection uses: an EIP id of a public gateway, a private
    address of a private one."""
    if gateway["network_type"] == "public":
        for slot in (1, 2):
            if gateway.get(f"_eip{slot}_id") == vgw_ip:
                return slot, common.find_eip(store, vgw_ip)["ip_address"]
        raise invalid(f"vgw_ip {vgw_ip} is not an EIP of vpn gateway {gateway['id']}")
    for slot in (1, 2):
        if gateway.get(f"access_private_ip_{slot}") == vgw_ip:
            return slot, vgw_ip
    raise invalid(f"vgw_ip {vgw_ip} is not a private IP address of vpn gateway {gateway['id']}")


def connections_of(store: Store, gateway_id: str) -> List[Dict[str, Any]]:
    return store.find(COLLECTION, vgw_id=gateway_id)


# -- checks of a connection as it would be ---------------------------------------------------------------

def _subnet_keys(gateway: Dict[str, Any]) -> Tuple[str, str, int]:
    """(the peer subnet key of the gateway's IP version, the other one, the version)."""
    if gateway["ip_version"] == "ipv6":
        return "peer_subnets_v6", "peer_subnets", 6
    return "peer_subnets", "peer_subnets_v6", 4


def _rules_key(gateway: Dict[str, Any]) -> str:
    return "policy_rules_v6" if gateway["ip_version"] == "ipv6" else "policy_rules"


def _peer_subnets_optional(gateway: Dict[str, Any], style: str) -> bool:
    """4.1.3.1: not required (and empty) for an ER-attached gateway with policy or bgp style."""
    return gateway["attachment_type"] == "er" and style in ("policy", "bgp")


def _check_peer_subnets(gateway: Dict[str, Any], wanted: Dict[str, Any], style: str) -> None:
    own, other, version = _subnet_keys(gateway)
    if wanted.get(other):
        raise invalid(f"{other} cannot be set for a vpn gateway with ip_version {gateway['ip_version']}")
    subnets = wanted.get(own) or []
    if _peer_subnets_optional(gateway, style):
        if subnets:
            raise invalid(f"{own} must be empty for a vpn gateway attached to an enterprise router when style "
                          f"is {style}")
        return
    if not subnets:
        raise invalid(f"{own} is mandatory for this connection")
    parsed = common.networks(subnets, own, version)
    for subnet in parsed:
        for reserved in RESERVED_PEER_SUBNETS:
            if subnet.version == reserved.version and subnet.overlaps(reserved):
                raise invalid(f"{own} {subnet} overlaps the reserved CIDR block {reserved}")
    local = [ipaddress.ip_network(s) for s in gateway.get("local_subnets", []) + gateway.get("local_subnets_v6", [])]
    clash = common.overlapping(parsed, local)
    if clash:
        raise invalid(f"{own} {clash[0]} overlaps local subnet {clash[1]} of vpn gateway {gateway['id']}")


def _tunnel_interface(value: str, field: str) -> ipaddress.IPv4Interface:
    try:
        interface = ipaddress.IPv4Interface(value)
    except ValueError:
        raise invalid(f"{field} {value!r} is not an IPv4 address with a mask, such as 169.254.76.1/30") from None
    network = interface.network
    if network.prefixlen != 30:
        raise invalid(f"{field} {value} must have a mask length of 30")
    if not network.subnet_of(TUNNEL_RANGE) or network.subnet_of(TUNNEL_EXCLUDED):
        raise invalid(f"{field} {value} must be in 169.254.0.0/16 and not in 169.254.195.0/24")
    if interface.ip in (network.network_address, network.broadcast_address):
        raise invalid(f"{field} {value} must be a host address of its CIDR block")
    return interface


def _tunnel_pair(wanted: Dict[str, Any]) -> Optional[Tuple[ipaddress.IPv4Interface, ipaddress.IPv4Interface]]:
    local, peer = wanted.get("tunnel_local_address"), wanted.get("tunnel_peer_address")
    if local is None and peer is None:
        return None
    if local is None or peer is None:
        raise invalid("tunnel_local_address and tunnel_peer_address must be set together")
    local_interface = _tunnel_interface(local, "tunnel_local_address")
    peer_interface = _tunnel_interface(peer, "tunnel_peer_address")
    if local_interface.network != peer_interface.network:
        raise invalid("tunnel_local_address and tunnel_peer_address must be in the same CIDR block")
    if local_interface.ip == peer_interface.ip:
        raise invalid("tunnel_local_address and tunnel_peer_address must be different addresses")
    return local_interface, peer_interface


def _tunnel_network(connection: Dict[str, Any]) -> Optional[ipaddress.IPv4Network]:
    address = connection.get("tunnel_local_address")
    return ipaddress.IPv4Interface(address).network if address else None


def _check_policy_rules(gateway: Dict[str, Any], wanted: Dict[str, Any], style: str) -> None:
    own = _rules_key(gateway)
    other = "policy_rules" if own == "policy_rules_v6" else "policy_rules_v6"
    version = 6 if own == "policy_rules_v6" else 4
    if wanted.get(other):
        raise invalid(f"{other} cannot be set for a vpn gateway with ip_version {gateway['ip_version']}")
    rules = wanted.get(own) or []
    if style != "policy":
        if rules:
            raise invalid(f"{own} can be set only when style is policy")
        return
    if not rules:
        raise invalid(f"{own} is mandatory when style is policy")
    sources = []
    for index, rule in enumerate(rules):
        if "source" not in rule or not rule.get("destination"):
            raise invalid(f"{own}[{index}] needs a source and at least one destination")
        sources.append(common.network(rule["source"], f"{own}[{index}].source", version))
        common.networks(rule["destination"], f"{own}[{index}].destination", version)
    if len(set(sources)) != len(sources):
        raise invalid(f"the source of each rule of {own} must be unique")


def check_psk(psk: str, specials: str) -> None:
    """8 to 128 characters of at least three kinds: upper case, lower case, digits, the operation's specials."""
    kinds = [any(c.isupper() for c in psk), any(c.islower() for c in psk), any(c.isdigit() for c in psk),
             any(c in specials for c in psk)]
    foreign = any(not (c.isascii() and c.isalnum()) and c not in specials for c in psk)
    if foreign or not 8 <= len(psk) <= 128 or sum(kinds) < 3:
        raise invalid(f"psk must be 8 to 128 characters with at least three of: upper case letters, lower case "
                      f"letters, digits and the special characters {specials}")


def _check_identity(kind: str, id_type: str, value: Optional[str]) -> None:
    field = f"ikepolicy.{kind}_id"
    if id_type == "any":
        if value is not None:
            raise invalid(f"{field} cannot be set when {kind}_id_type is any")
    elif id_type == "ip":
        if value is not None:
            common.address(value, field)
    elif value is None:
        raise invalid(f"{field} is mandatory when {kind}_id_type is fqdn")
    elif IDENTITY_FORBIDDEN & set(value) or any(c.isspace() for c in value):
        raise invalid(f"{field} cannot contain spaces or any of & < > [ ] \\")


def _check_policies(gateway: Dict[str, Any], wanted: Dict[str, Any]) -> None:
    ike, ipsec = wanted.get("ikepolicy") or {}, wanted.get("ipsecpolicy") or {}
    if gateway["flavor"] == "GM":
        if ike.get("ike_version", "v1") != "v1":
            raise invalid("ikepolicy.ike_version can only be v1 for a vpn gateway of the GM specification")
        if ike.get("phase1_negotiation_mode", "main") != "main":
            raise invalid("ikepolicy.phase1_negotiation_mode can only be main for a vpn gateway of the GM "
                          "specification")
        for key in NOT_FOR_GM_IKE:
            if key in ike:
                raise invalid(f"ikepolicy.{key} cannot be set for a vpn gateway of the GM specification")
        if "pfs" in ipsec:
            raise invalid("ipsecpolicy.pfs cannot be set for a vpn gateway of the GM specification")
        for name, policy in (("ikepolicy", ike), ("ipsecpolicy", ipsec)):
            for key, only in GM_ONLY.items():
                if policy.get(key, only) != only:
                    raise invalid(f"{name}.{key} can only be {only} for a vpn gateway of the GM specification")
        return
    for name, policy in (("ikepolicy", ike), ("ipsecpolicy", ipsec)):
        for key, only in GM_ONLY.items():
            if policy.get(key) == only:
                raise invalid(f"{name}.{key} {only} is available only for a vpn gateway of the GM specification")
    if ike.get("authentication_method") == "digital-envelope-v2":
        raise invalid("ikepolicy.authentication_method digital-envelope-v2 is available only for a vpn gateway "
                      "of the GM specification")
    _check_identity("local", ike.get("local_id_type", "ip"), ike.get("local_id"))
    _check_identity("peer", ike.get("peer_id_type", "ip"), ike.get("peer_id"))


def _check_gm(store: Store, gateway: Dict[str, Any], customer: Dict[str, Any]) -> None:
    if gateway["flavor"] != "GM":
        return
    if not store.find(CERTIFICATES, vgw_id=gateway["id"]):
        raise invalid(f"vpn gateway {gateway['id']} of the GM specification has no certificate imported")
    if "ca_certificate" not in customer:
        raise invalid(f"customer gateway {customer['id']} has no CA certificate, which a connection of a vpn "
                      f"gateway of the GM specification needs")


def _check_connection(store: Store, gateway: Dict[str, Any], customer: Dict[str, Any], wanted: Dict[str, Any],
                      own_id: Optional[str] = None, siblings: Tuple[Dict[str, Any], ...] = ()) -> int:
    """Everything about one connection as it would be (request form, style lower case); returns the slot of
    the gateway address it uses. `siblings` are the other connections of the same batch."""
    style = wanted.get("style", "static")
    slot = gateway_address(store, gateway, wanted["vgw_ip"])[0]
    if "enable_nqa" in wanted and style != "static":
        raise invalid("enable_nqa can be set only when style is static")
    if "enable_hub" in wanted and style != "bgp":
        raise invalid("enable_hub can be set only when style is bgp")
    if style == "policy-template" and gateway["flavor"] not in NON_FIXED_IP:
        raise invalid("style policy-template needs a vpn gateway of the Professional1-NonFixedIP or "
                      "Professional2-NonFixedIP specification")
    tunnel = _tunnel_pair(wanted)
    if tunnel is not None and style not in ("static", "bgp"):
        raise invalid("tunnel_local_address and tunnel_peer_address can be set only when style is static or bgp")
    if tunnel is None and style == "bgp":
        raise invalid("tunnel_local_address and tunnel_peer_address are mandatory when style is bgp")
    _check_peer_subnets(gateway, wanted, style)
    _check_policy_rules(gateway, wanted, style)
    _check_policies(gateway, wanted)

    role = wanted.get("ha_role", "master")
    if gateway["ha_mode"] == "active-active" and role != "master":
        raise invalid("ha_role can only be master for a vpn gateway in active-active mode")
    if gateway["ha_mode"] == "active-standby" and role != ("master" if slot == 1 else "slave"):
        raise invalid(f"ha_role must be {'master' if slot == 1 else 'slave'} for the connection of the "
                      f"{'active' if slot == 1 else 'standby'} address of a vpn gateway in active-standby mode")

    if gateway["flavor"] != "GM" and not wanted.get("psk"):
        raise invalid("psk is mandatory unless the vpn gateway is of the GM specification")
    if style == "bgp":
        if "bgp_asn" not in customer:
            raise invalid(f"customer gateway {customer['id']} has no BGP ASN, which style bgp needs")
        if customer["bgp_asn"] == gateway["bgp_asn"]:
            raise invalid("the BGP ASN of the customer gateway must differ from the vpn gateway's")
    _check_gm(store, gateway, customer)

    others = [c for c in connections_of(store, gateway["id"]) if c["id"] != own_id] + list(siblings)
    for other in others:
        if other["vgw_ip"] == wanted["vgw_ip"] and other["cgw_id"] == wanted["cgw_id"]:
            raise invalid(f"vpn gateway address {wanted['vgw_ip']} already has a connection to customer gateway "
                          f"{wanted['cgw_id']}")
        if tunnel is not None and _tunnel_network(other) == tunnel[0].network:
            raise invalid(f"tunnel addresses {tunnel[0].network} are already used by another connection of the "
                          f"vpn gateway")
    return slot


def _check_room(store: Store, gateway: Dict[str, Any], count: int) -> None:
    """The tenant's connection quota and the gateway's specification limit, for `count` new connections."""
    if common.used_of(store, "vpn_connection") + count > common.quota_of(store, "vpn_connection"):
        raise invalid("the VPN connection quota is used up")
    if len(connections_of(store, gateway["id"])) + count > gateway["connection_number"]:
        raise coded("VPN.0504")


# -- building and showing records ------------------------------------------------------------------------

def _free_tunnel_network(store: Store, gateway: Dict[str, Any],
                         extra: List[Dict[str, Any]]) -> ipaddress.IPv4Network:
    used = {_tunnel_network(c) for c in connections_of(store, gateway["id"]) + extra}
    for network in TUNNEL_RANGE.subnets(new_prefix=30):
        if network not in used and not network.subnet_of(TUNNEL_EXCLUDED):
            return network
    raise invalid("no free tunnel addresses are left on the vpn gateway")


def _apply(store: Store, record: Dict[str, Any], gateway: Dict[str, Any], customer: Dict[str, Any],
           wanted: Dict[str, Any], batch: List[Dict[str, Any]]) -> None:
    """Set the record's style-dependent fields and policies from the checked connection `wanted`: the API
    returns each field only for the styles and gateways the reference says."""
    style = wanted.get("style", "static")
    own, unused_other, unused_version = _subnet_keys(gateway)
    for key in ("peer_subnets", "peer_subnets_v6", "tunnel_local_address", "tunnel_peer_address", "enable_nqa",
                "enable_hub", "policy_rules", "policy_rules_v6"):
        record.pop(key, None)
    if not _peer_subnets_optional(gateway, style):
        record[own] = list(wanted[own])
    if style in ("static", "bgp"):
        if "tunnel_local_address" in wanted:
            record["tunnel_local_address"] = wanted["tunnel_local_address"]
            record["tunnel_peer_address"] = wanted["tunnel_peer_address"]
        else:  # static routing: the service allocates the interface addresses
            network = _free_tunnel_network(store, gateway, batch)
            record["tunnel_local_address"] = f"{network.network_address + 1}/30"
            record["tunnel_peer_address"] = f"{network.network_address + 2}/30"
    if style == "static":
        record["enable_nqa"] = wanted.get("enable_nqa", False)
    if style == "bgp":
        record["enable_hub"] = wanted.get("enable_hub", False)
    if style == "policy":
        key = _rules_key(gateway)
        record[key] = [{"rule_index": rule.get("rule_index", index + 1), "source": rule["source"],
                        "destination": list(rule["destination"])} for index, rule in enumerate(wanted[key])]
    record["ikepolicy"] = _ike_policy(store, record, gateway, customer, wanted, style)
    record["ipsecpolicy"] = _ipsec_policy(gateway, wanted, style)
    if "psk" in wanted:
        record["_psk"] = wanted["psk"]
        # The key the gateway negotiates with (the data plane's); see update() for when it lags behind _psk.
        record["_negotiated"] = {"psk": wanted["psk"]}


def _ike_policy(store: Store, record: Dict[str, Any], gateway: Dict[str, Any], customer: Dict[str, Any],
                wanted: Dict[str, Any], style: str) -> Dict[str, Any]:
    gm = gateway["flavor"] == "GM"
    policy = copy.deepcopy(GM_IKE_DEFAULTS if gm else IKE_DEFAULTS)
    if style == "policy-template":
        policy.update(gateway["policy_template"]["ike_policy"])
    given = copy.deepcopy(wanted.get("ikepolicy") or {})
    policy["dpd"].update(given.pop("dpd", {}))
    policy.update(given)
    if policy["ike_version"] == "v1":
        policy.setdefault("phase1_negotiation_mode", "main")
    else:  # "available only when the IKE version is v1"
        policy.pop("phase1_negotiation_mode", None)
    filled = []
    if not gm:
        # Identities of type ip default to the two ends' addresses; "any" has none.
        if policy["local_id_type"] == "ip" and "local_id" not in policy:
            policy["local_id"] = gateway_address(store, gateway, record["vgw_ip"])[1]
            filled.append("local_id")
        if policy["peer_id_type"] == "ip" and "peer_id" not in policy and customer["id_type"] == "ip":
            policy["peer_id"] = customer["id_value"]
            filled.append("peer_id")
    record["_filled_ids"] = filled
    return policy


def _ipsec_policy(gateway: Dict[str, Any], wanted: Dict[str, Any], style: str) -> Dict[str, Any]:
    policy = dict(GM_IPSEC_DEFAULTS if gateway["flavor"] == "GM" else IPSEC_DEFAULTS)
    if style == "policy-template":
        policy.update(gateway["policy_template"]["ipsec_policy"])
    policy.update(wanted.get("ipsecpolicy") or {})
    return policy


def log(store: Store, record: Dict[str, Any], event: str) -> None:
    """Append a line in the service's log format: time, host-<node address>, process[pid], the event."""
    gateway = store.get(GATEWAYS, record["vgw_id"])
    address = gateway_address(store, gateway, record["vgw_ip"])[1] if gateway else "0.0.0.0"
    now = time.time()
    stamp = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).isoformat(timespec="microseconds")
    pid = 1000 + zlib.crc32(record["id"].encode()) % 60000
    message = f"{stamp} host-{address.replace('.', '-')} ipsec_ike[{pid}]: [{address}] {event}"
    record.setdefault("_logs", []).append({"time": int(now), "raw_message": message})


def view(store: Store, record: Dict[str, Any]) -> Dict[str, Any]:
    out = common.render(record)
    monitors = store.find(MONITORS, vpn_connection_id=record["id"])
    if monitors:
        out["connection_monitor_id"] = monitors[0]["id"]
    if record["style"] == "BGP":
        customer = store.get("customer_gateways", record["cgw_id"]) or {}
        established = record["status"] == "ACTIVE"
        seconds = max(0, int(time.time() - record.get("_since", time.time()))) if established else 0
        out["bgp_peer"] = {"peer_ip_address": record["tunnel_peer_address"].split("/")[0],
                           "peer_asn": customer.get("bgp_asn"), "state": "established" if established else "idle",
                           "state_duration": _duration(seconds), "num_received_routes": 0,
                           "num_message_received": 0, "num_message_sent": 0}
    return out


def _duration(seconds: int) -> str:
    """The BGP peer's state duration as the API writes it: 3d01h34m24s."""
    return f"{seconds // 86400}d{seconds // 3600 % 24:02d}h{seconds // 60 % 60:02d}m{seconds % 60:02d}s"


def answer(store: Store, record: Dict[str, Any]) -> Dict[str, Any]:
    """A create or update answer (tables 4-127 and 4-176): no status and no BGP peer."""
    out = view(store, record)
    out.pop("status", None)
    out.pop("bgp_peer", None)
    return out


def _settle(store: Store, record: Dict[str, Any], pending: str) -> None:
    """A created or changed connection negotiates: pending, then DOWN (not connected yet), then ACTIVE."""
    seconds = store.config.transition_seconds
    record["status"] = pending
    record["_since"] = time.time() + 2 * seconds
    store.schedule(record, [(seconds, "DOWN"), (2 * seconds, "ACTIVE")])


# -- create ----------------------------------------------------------------------------------------------

def _prepare(store: Store, wanted: Dict[str, Any], siblings: Tuple[Dict[str, Any], ...],
             psk_specials: str) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """(gateway, customer gateway) of a connection to create, after every check."""
    gateway = _usable_gateway(store, wanted["vgw_id"])
    customer = _customer_gateway(store, wanted["cgw_id"])
    if "psk" in wanted:
        check_psk(wanted["psk"], psk_specials)
    tags = wanted.get("tags", [])
    if len({t["key"] for t in tags}) != len(tags):
        raise invalid("tags contain a duplicate key")
    _check_connection(store, gateway, customer, wanted, siblings=siblings)
    return gateway, customer


def _create_record(store: Store, gateway: Dict[str, Any], customer: Dict[str, Any], wanted: Dict[str, Any],
                   batch: List[Dict[str, Any]]) -> Dict[str, Any]:
    now = store.creation_time()
    record: Dict[str, Any] = {
        "id": str(uuid.uuid4()), "name": wanted.get("name") or common.generated_name("vpn"),
        "vgw_id": gateway["id"], "vgw_ip": wanted["vgw_ip"], "style": wanted.get("style", "static").upper(),
        "cgw_id": customer["id"], "created_at": now, "updated_at": now,
        "enterprise_project_id": gateway["enterprise_project_id"], "ha_role": wanted.get("ha_role", "master"),
        "tags": wanted.get("tags", []),
    }
    _apply(store, record, gateway, customer, wanted, batch)
    _settle(store, record, "PENDING_CREATE")
    log(store, record, f"IKE peer configured. (Style=[{record['style']}], PeerAddress=[{customer['id_value']}])")
    store.insert(COLLECTION, record)
    return record


@routes.post("/v5/<project_id>/vpn-connection", schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    store, wanted = ctx.store, common.body_of(ctx, "vpn_connection")
    gateway, customer = _prepare(store, wanted, (), PSK_SPECIALS_CREATE)
    _check_room(store, gateway, 1)
    record = _create_record(store, gateway, customer, wanted, [])
    return Reply(201, {"vpn_connection": answer(store, record)})


@routes.post("/v5/<project_id>/vpn-connections/batch-create", schema=schemas.BATCH_CREATE)
def batch_create(ctx: Context) -> Reply:
    store, wanted = ctx.store, ctx.body["vpn_connections"]
    if len({c["vgw_id"] for c in wanted}) != 1:
        raise invalid("the connections of a batch must have the same vgw_id")
    prepared = []
    for index, connection in enumerate(wanted):
        prepared.append(_prepare(store, connection, tuple(wanted[:index]), PSK_SPECIALS_BATCH))
    _check_room(store, prepared[0][0], len(wanted))
    created: List[Dict[str, Any]] = []
    for (gateway, customer), connection in zip(prepared, wanted):
        created.append(_create_record(store, gateway, customer, connection, created))
    return Reply(201, {"vpn_connections": [answer(store, r) for r in created]})


# -- read ------------------------------------------------------------------------------------------------

@routes.get(BASE)
def list_connections(ctx: Context) -> Reply:
    store = ctx.store
    projects = common.enterprise_project_filter(ctx)
    records = [r for r in store.all(COLLECTION)
               if ctx.query.get("vgw_id") in (None, r["vgw_id"]) and ctx.query.get("vgw_ip") in (None, r["vgw_ip"])
               and (projects is None or r["enterprise_project_id"] in projects)]
    page, info = common.page_by_marker(ctx, records, default_limit=2000, max_limit=2000)
    # "the total number of a tenant's connections"
    return Reply(200, {"vpn_connections": [view(store, r) for r in page], "page_info": info,
                       "total_count": len(store.all(COLLECTION))})


@routes.get(ITEM)
def show(ctx: Context) -> Reply:
    record = find_connection(ctx.store, ctx.params["vpn_connection_id"])
    return Reply(200, {"vpn_connection": view(ctx.store, record)})


@routes.get(ITEM + "/log")
def show_log(ctx: Context) -> Reply:
    record = find_connection(ctx.store, ctx.params["vpn_connection_id"])
    return Reply(200, {"logs": copy.deepcopy(record.get("_logs", []))})


# -- update, reset, delete -------------------------------------------------------------------------------

def _require_settled(record: Dict[str, Any], operation: str = "update") -> None:
    common.refuse_frozen(record, operation, "vpnConnection")
    if record["status"] not in SETTLED:
        raise not_ready("VPN_CONNECTION", record["id"], record["status"])


def _as_requested(record: Dict[str, Any], body: Dict[str, Any]) -> Dict[str, Any]:
    """The connection as a create request would describe it, with the update's fields over it."""
    wanted = {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_") and k in
              schemas.CONNECTION["properties"]}
    wanted["style"] = record["style"].lower()
    if "_psk" in record:
        wanted["psk"] = record["_psk"]
    ike = wanted["ikepolicy"]
    given_ike = body.get("ikepolicy", {})
    for kind in ("local", "peer"):
        # A service-filled identity, or one whose type the update changes without giving it, is dropped (and
        # filled again if its type is ip).
        if f"{kind}_id" in record.get("_filled_ids", []) or (f"{kind}_id_type" in given_ike
                                                             and f"{kind}_id" not in given_ike):
            ike.pop(f"{kind}_id", None)
    if given_ike.get("ike_version") == "v2":
        ike.pop("phase1_negotiation_mode", None)
    for key, value in body.items():
        if key in ("ikepolicy", "ipsecpolicy"):
            merged = wanted.get(key, {})
            for sub, sub_value in value.items():
                merged[sub] = dict(merged.get(sub, {}), **sub_value) if sub == "dpd" else sub_value
            wanted[key] = merged
        else:
            wanted[key] = copy.deepcopy(value)
    return wanted


def _modified_besides_psk(record: Dict[str, Any], wanted: Dict[str, Any]) -> bool:
    """Whether the update changes a setting of the tunnel other than the PSK (a new name is not one)."""
    before = _as_requested(record, {})
    return any(wanted.get(key) != before.get(key) for key in set(wanted) | set(before) if key not in ("psk", "name"))


@routes.put(ITEM, schema=schemas.UPDATE)
def update(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "vpn_connection")
    record = find_connection(store, ctx.params["vpn_connection_id"])
    _require_settled(record)
    gateway = _usable_gateway(store, record["vgw_id"])
    if gateway["flavor"] == "GM" and "psk" in body:
        raise invalid("psk cannot be updated for a connection of a vpn gateway of the GM specification")
    if "psk" in body:
        check_psk(body["psk"], PSK_SPECIALS_UPDATE)
    wanted = _as_requested(record, body)
    customer = _customer_gateway(store, wanted["cgw_id"])
    _check_connection(store, gateway, customer, wanted, own_id=record["id"])
    negotiated = copy.deepcopy(record.get("_negotiated"))
    psk_alone = "psk" in body and wanted["ikepolicy"].get("ike_version") == "v2" and not _modified_besides_psk(
        record, wanted)

    changed = sorted(k for k in body if k != "name")
    record["name"] = body.get("name", record["name"])
    record["cgw_id"] = customer["id"]
    _apply(store, record, gateway, customer, wanted, [])
    if psk_alone:
        # "When the IKE version is v2 and only this parameter is modified, the modification does not take effect"
        # (Updating a VPN Connection): the key is stored, the gateway keeps negotiating with the previous one
        # until the connection is reset or changed otherwise.
        record["_negotiated"] = negotiated
        log(store, record, "Pre-shared key stored; IKEv2 negotiates with the previous key until renegotiated.")
    record["updated_at"] = utc_timestamp()
    if changed:
        _settle(store, record, "PENDING_UPDATE")
        log(store, record, f"IPsec connection configuration changed. (Fields=[{','.join(changed)}])")
    return Reply(200, {"vpn_connection": answer(store, record)})


@routes.post(ITEM + "/reset")
def reset(ctx: Context) -> Reply:
    store = ctx.store
    record = find_connection(store, ctx.params["vpn_connection_id"])
    _require_settled(record)
    # The tunnel is torn down and negotiated again, with the connection's stored configuration (its key too).
    if "_psk" in record:
        record["_negotiated"] = {"psk": record["_psk"]}
    record["status"] = "DOWN"
    record["_since"] = time.time() + store.config.transition_seconds
    store.schedule(record, [(store.config.transition_seconds, "ACTIVE")])
    log(store, record, "IPsec tunnel reset by the user. (Reason=[user reset])")
    return Reply(200, {})


@control.get("/_emulator/vpn-connections/<vpn_connection_id>/psk")
def show_psk(ctx: Context) -> Reply:
    """The pre-shared key the connection negotiates with, which the API never returns: the data-plane tests
    configure the gateway's side of the tunnel with it (tests only). After an IKEv2 PSK-only update it is still
    the previous key (see update)."""
    record = find_connection(ctx.store, ctx.params["vpn_connection_id"])
    return Reply(200, {"id": record["id"], "psk": (record.get("_negotiated") or {}).get("psk")})


@routes.delete(ITEM)
def delete(ctx: Context) -> Reply:
    store = ctx.store
    record = find_connection(store, ctx.params["vpn_connection_id"])
    _require_settled(record, "delete")
    record["status"] = "PENDING_DELETE"
    store.schedule(record, [(store.config.transition_seconds, REMOVED)])
    return Reply(204)
