"""What the emulator preloads from outside the VPN service: VPCs and subnets, EIPs, enterprise routers,
CCM certificates, enterprise projects and availability zones.

Ids are stable (UUIDv5 of a name), so documentation examples and tests can name them.
"""

from __future__ import annotations

import copy
import ipaddress
import uuid
from typing import Any, Dict, List

_NAMESPACE = uuid.UUID("6f1c7a52-4b0e-4d8e-9a51-2f0c3b7d9e10")

GATEWAY_FLAVORS = ("Basic", "Professional1", "Professional2", "GM",
                   "Professional1-NonFixedIP", "Professional2-NonFixedIP")
EIP_TYPES_ON_SALE = ("5_bgp", "5_sbgp")
EIP_TYPES_KNOWN = ("5_bgp", "5_sbgp", "5_youxuanbgp")


def fixture_id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


def _subnet(name: str, cidr: str, ipv6_cidr: str = "") -> Dict[str, Any]:
    network = ipaddress.ip_network(cidr)
    # Huawei Cloud reserves five addresses of every subnet (network, gateway, DHCP x2, broadcast).
    subnet = {"id": fixture_id(name), "name": name, "cidr": cidr, "available_ips": network.num_addresses - 5}
    if ipv6_cidr:
        subnet["ipv6_cidr"] = ipv6_cidr
    return subnet


def _vpc(name: str, cidr: str, subnets: List[Dict[str, Any]], routes: List[str]) -> Dict[str, Any]:
    return {"id": fixture_id(name), "name": name, "cidr": cidr, "subnets": subnets, "routes": routes}


def _eip(name: str, address: str, **extra: Any) -> Dict[str, Any]:
    eip = {"id": fixture_id(name), "name": name, "ip_address": address, "ip_version": 4, "type": "5_bgp",
           "status": "DOWN", "bound_to": None, "charge_mode": "bandwidth", "bandwidth_size": 300,
           "bandwidth_id": fixture_id(name + "-bandwidth"), "bandwidth_name": name + "-bandwidth",
           "share_type": "PER", "public_border_group": "center"}
    eip.update(extra)
    return eip


def _s2c_availability(region: str) -> Dict[str, Dict[str, List[str]]]:
    a, b, c = region + "a", region + "b", region + "c"
    return {
        "basic": {"vpc": [a], "er": []},
        "professional1": {"vpc": [a, b, c], "er": [a, b]},
        "professional2": {"vpc": [a, b, c], "er": [a, b]},
        "Professional1-NonFixedIP": {"vpc": [a], "er": []},
        "Professional2-NonFixedIP": {"vpc": [a], "er": []},
        "gm": {"vpc": [a, b], "er": []},
    }


def _s2c_extended(region: str) -> List[Dict[str, Any]]:
    """The v5.1 view: per AZ, the flavor/attachment/IP version combinations it offers."""
    zones: Dict[str, List[Dict[str, str]]] = {}
    flavor_names = {"basic": "Basic", "professional1": "Professional1", "professional2": "Professional2",
                    "gm": "GM", "Professional1-NonFixedIP": "Professional1-NonFixedIP",
                    "Professional2-NonFixedIP": "Professional2-NonFixedIP"}
    for key, by_attachment in _s2c_availability(region).items():
        for attachment, names in by_attachment.items():
            for name in names:
                zones.setdefault(name, []).append(
                    {"flavor": flavor_names[key], "attachment_type": attachment, "ip_version": "ipv4"})
                if key in ("professional1", "professional2") and attachment == "vpc":
                    zones[name].append({"flavor": flavor_names[key], "attachment_type": attachment,
                                        "ip_version": "ipv6"})
    return [{"name": name, "public_border_group": "center", "available_specs": specs}
            for name, specs in sorted(zones.items())]


def build(region: str) -> Dict[str, Any]:
    """A fresh copy of the fixtures for one region."""
    fixtures = {
        "vpcs": [
            _vpc("vpc-demo", "192.168.0.0/16", [
                _subnet("subnet-demo-app", "192.168.0.0/24"),
                _subnet("subnet-demo-db", "192.168.1.0/24"),
                _subnet("subnet-demo-vpn", "192.168.100.0/24"),
                _subnet("subnet-demo-v6", "192.168.101.0/24", "2407:c080:802:be5::/64"),
                _subnet("subnet-demo-p2c", "192.168.200.0/24"),
                _subnet("subnet-demo-tiny", "192.168.254.0/29"),
            ], routes=["10.200.0.0/16"]),
            _vpc("vpc-transit", "10.50.0.0/16", [
                _subnet("subnet-transit-a", "10.50.0.0/24"),
                _subnet("subnet-transit-b", "10.50.1.0/24"),
            ], routes=[]),
            _vpc("vpc-er-access", "172.31.0.0/16", [
                _subnet("subnet-er-access", "172.31.0.0/24"),
            ], routes=[]),
        ],
        "eips": [_eip(f"eip-{n:02d}", f"88.88.1.{n}") for n in range(1, 13)] + [
            _eip("eip-frozen", "88.88.2.1", status="FREEZED"),
            _eip("eip-bound", "88.88.2.2", status="ACTIVE", bound_to="ecs-5e3c"),
            _eip("eip-shared-bandwidth", "88.88.2.3", share_type="WHOLE"),
            _eip("eip-edge", "88.88.2.4", public_border_group="edge-site-1"),
        ],
        "enterprise_routers": [
            {"id": fixture_id("er-hub"), "name": "er-hub", "asn": 64600},
            {"id": fixture_id("er-branch"), "name": "er-branch", "asn": 64601},
        ],
        "certificates": [
            {"id": fixture_id("ccm-cert-p2c-server"), "name": "p2c-server", "status": "ISSUED",
             "source": "CCM", "domain": "vpn.example.com"},
            {"id": fixture_id("ccm-cert-revoked"), "name": "p2c-revoked", "status": "REVOKED",
             "source": "CCM", "domain": "old.example.com"},
        ],
        "enterprise_projects": [
            {"id": "0", "name": "default"},
            {"id": fixture_id("ep-network"), "name": "network"},
            {"id": fixture_id("ep-security"), "name": "security"},
        ],
        "availability_zones": {
            "s2c": _s2c_availability(region),
            "s2c_extended": _s2c_extended(region),
            "p2c": [region + "a", region + "b"],
        },
        # Log Tank Service groups and streams, for the connection logs of P2C gateways (4.2.2.11).
        "log_groups": [
            {"id": fixture_id("lts-group-vpn"), "name": "lts-group-vpn", "log_streams": [
                {"id": fixture_id("lts-stream-p2c"), "name": "lts-stream-p2c"},
                {"id": fixture_id("lts-stream-p2c-audit"), "name": "lts-stream-p2c-audit"}]},
            {"id": fixture_id("lts-group-other"), "name": "lts-group-other", "log_streams": [
                {"id": fixture_id("lts-stream-other"), "name": "lts-stream-other"}]},
        ],
    }
    return copy.deepcopy(fixtures)


_EIP_KEYS = ("id", "name", "ip_address", "type", "status", "share_type", "public_border_group")


def public_view(fixtures: Dict[str, Any]) -> Dict[str, Any]:
    """What GET /_emulator/fixtures shows: the keys of the issue's contract, plus a few helpful extras."""
    return {
        "vpcs": [{"id": v["id"], "name": v["name"], "cidr": v["cidr"], "routes": v["routes"],
                  "subnets": [{k: s[k] for k in ("id", "name", "cidr", "ipv6_cidr", "available_ips") if k in s}
                              for s in v["subnets"]]} for v in fixtures["vpcs"]],
        "eips": [dict({k: e[k] for k in _EIP_KEYS}, bound=e["bound_to"] is not None) for e in fixtures["eips"]],
        "enterprise_routers": fixtures["enterprise_routers"],
        "certificates": fixtures["certificates"],
        "enterprise_projects": fixtures["enterprise_projects"],
        "availability_zones": fixtures["availability_zones"],
        "log_groups": fixtures.get("log_groups", []),
    }
