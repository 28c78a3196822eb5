"""vpn_connection's bad input, table-driven, in this process (support.inprocess) against an emulator of this file's
own: every validated option fails with a message naming it, and no key is ever shown. What the options alone
decide fails before any request; what depends on the gateway or customer gateway fails after reads only.
(These were the loops of tests/integration/playbooks/vpn_connection_bad_input.yml; vpn_connection.yml keeps one
case of each table through ansible-playbook.)"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, NamedTuple

import pytest
from emulator.fixtures import fixture_id
from support.emulator import EmulatorProcess
from support.inprocess import made, refused

PSK = "Site-Psk-2024"
SOME_ID = "0b9f5c4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
BASE = {"name": "it-bad", "vgw_id": SOME_ID, "vgw_ip": "eip1", "cgw_id": SOME_ID, "peer_subnets": ["10.10.0.0/16"],
        "psk": PSK}
# The valid connection of the gateway cases: BASE on the gateway it-hq and the customer gateway it-paris, by name.
OF_IT_HQ = {"vgw_id": None, "vgw_name": "it-hq", "cgw_id": None, "cgw_name": "it-paris"}
RULE = {"source": "192.168.0.0/24", "destination": ["10.10.0.0/16"]}
ONE = {"tunnel_local_address": "169.254.1.1/30", "tunnel_peer_address": "169.254.1.2/30"}


class Case(NamedTuple):
    change: Dict[str, Any]  # over the base options; None removes an option
    option: str  # the message must name it


def options(*changes: Dict[str, Any]) -> Dict[str, Any]:
    """BASE with the changes, in order, without the options they set to None."""
    merged = dict(BASE)
    for change in changes:
        merged.update(change)
    return {name: value for name, value in merged.items() if value is not None}


# Decided from the options alone.
OPTION_CASES: List[Case] = [
    Case({"name": "bad name!"}, "name"),
    Case({"id": "conn-1"}, "id"),
    Case({"vgw_id": "gw-1"}, "vgw_id"),
    Case({"vgw_name": "it-hq"}, "vgw_id"),
    Case({"cgw_id": "cgw-1"}, "cgw_id"),
    Case({"vgw_ip": "eip3"}, "vgw_ip"),
    Case({"vgw_id": None}, "vgw_ip"),
    Case({"style": "route"}, "style"),
    Case({"peer_subnets": ["10.10.0.1/16"]}, "peer_subnets"),
    Case({"peer_subnets": ["fd00::/64"]}, "peer_subnets"),
    Case({"peer_subnets": ["10.%d.0.0/16" % i for i in range(51)]}, "peer_subnets"),
    Case({"peer_subnets": ["10.1.0.0/16", "10.1.0.0/16"]}, "peer_subnets"),
    Case({"peer_subnets": ["100.64.8.0/24"]}, "peer_subnets"),
    Case({"peer_subnets_v6": ["10.0.0.0/8"]}, "peer_subnets_v6"),
    Case({"tunnel_local_address": "169.254.1.1/30"}, "tunnel_peer_address"),
    Case({"tunnel_local_address": "169.254.1.1/29", "tunnel_peer_address": "169.254.1.2/29"}, "tunnel_local_address"),
    Case({"tunnel_local_address": "169.254.195.1/30", "tunnel_peer_address": "169.254.195.2/30"},
         "tunnel_local_address"),
    Case({"tunnel_local_address": "10.0.0.1/30", "tunnel_peer_address": "10.0.0.2/30"}, "tunnel_local_address"),
    Case({"tunnel_local_address": "169.254.1.0/30", "tunnel_peer_address": "169.254.1.2/30"}, "tunnel_local_address"),
    Case({"tunnel_local_address": "169.254.1.1/30", "tunnel_peer_address": "169.254.2.2/30"}, "tunnel_peer_address"),
    Case({"tunnel_local_address": "169.254.1.1/30", "tunnel_peer_address": "169.254.1.1/30"}, "tunnel_peer_address"),
    Case({"tunnel_local_address": "not-an-address", "tunnel_peer_address": "169.254.1.2/30"}, "tunnel_local_address"),
    Case(dict(ONE, style="policy", policy_rules=[RULE]), "tunnel_local_address"),
    Case(dict(ONE, style="bgp", enable_nqa=False), "enable_nqa"),
    Case({"style": "static", "enable_hub": True}, "enable_hub"),
    Case({"style": "static", "policy_rules": [RULE]}, "policy_rules"),
    Case({"style": "policy", "policy_rules": [RULE] * 6}, "policy_rules"),
    Case({"style": "policy", "policy_rules": [RULE, RULE]}, "policy_rules"),
    Case({"style": "policy", "policy_rules": [{"source": "192.168.0.1/24", "destination": ["10.10.0.0/16"]}]},
         "policy_rules[0].source"),
    Case({"style": "policy", "policy_rules": [{"source": "192.168.0.0/24", "destination": []}]},
         "policy_rules[0].destination"),
    Case({"style": "policy", "policy_rules": [{"source": "192.168.0.0/24"}]}, "destination"),
    Case({"style": "policy", "policy_rules_v6": [RULE]}, "policy_rules_v6[0].source"),
    Case({"psk": "Ab1!"}, "psk"),
    Case({"psk": "abcdefgh12"}, "psk"),
    Case({"psk": "Abcd efg1!"}, "psk"),
    Case({"psk": "Ab1!" * 33}, "psk"),
    Case({"update_psk": "sometimes"}, "update_psk"),
    Case({"ikepolicy": {"lifetime_seconds": 59}}, "ikepolicy.lifetime_seconds"),
    Case({"ikepolicy": {"lifetime_seconds": 604801}}, "ikepolicy.lifetime_seconds"),
    Case({"ikepolicy": {"dpd": {"timeout": 61}}}, "ikepolicy.dpd.timeout"),
    Case({"ikepolicy": {"dpd": {"interval": 9}}}, "ikepolicy.dpd.interval"),
    Case({"ikepolicy": {"dpd": {"msg": "seq"}}}, "msg"),
    Case({"ikepolicy": {"ike_version": "v2", "phase1_negotiation_mode": "aggressive"}},
         "ikepolicy.phase1_negotiation_mode"),
    Case({"ikepolicy": {"local_id_type": "fqdn"}}, "ikepolicy.local_id"),
    Case({"ikepolicy": {"local_id_type": "fqdn", "local_id": "has space.example.com"}}, "ikepolicy.local_id"),
    Case({"ikepolicy": {"local_id_type": "ip", "local_id": "cloud.example.com"}}, "ikepolicy.local_id"),
    Case({"ikepolicy": {"peer_id_type": "any", "peer_id": "203.0.113.1"}}, "ikepolicy.peer_id"),
    Case({"ikepolicy": {"peer_id_type": "fqdn", "peer_id": "x" * 256}}, "ikepolicy.peer_id"),
    Case({"ikepolicy": {"encryption_algorithm": "sm4", "dh_group": "group20"}}, "ikepolicy.encryption_algorithm"),
    Case({"ikepolicy": {"authentication_method": "digital-envelope-v2", "ike_version": "v2"}},
         "ikepolicy.authentication_method"),
    Case({"ikepolicy": {"dh_group": "group3"}}, "dh_group"),
    Case({"ipsecpolicy": {"lifetime_seconds": 29}}, "ipsecpolicy.lifetime_seconds"),
    Case({"ipsecpolicy": {"pfs": "group3"}}, "pfs"),
    Case({"ipsecpolicy": {"transform_protocol": "ah"}}, "transform_protocol"),
    Case({"ha_role": "boss"}, "ha_role"),
    Case({"tags": {"bad/key": "v"}}, "tags"),
    Case({"state": "restarted"}, "state"),
    Case({"connections": [{"name": "a", "vgw_ip": "eip1"}]}, "connections"),
    Case({"name": None, "vgw_ip": None, "connections": [{"name": "a", "vgw_ip": "eip1"}, {"name": "a", "vgw_ip": "eip2"}]},
         "connections"),
    Case({"name": None, "vgw_ip": None, "connections": [{"name": "a", "vgw_ip": "eip1", "psk": "short"}]}, "psk"),
    Case({"name": None, "vgw_ip": None, "connections": [{"name": "bad name!", "vgw_ip": "eip1"}]}, "name"),
]

# Decided once the gateway (it-hq: public, active-active, IPv4, VPC) and the customer gateways are read.
GATEWAY_CASES: List[Case] = [
    Case({"style": "bgp"}, "tunnel_local_address"),
    Case({"style": "policy"}, "policy_rules"),
    Case({"peer_subnets": None}, "peer_subnets"),
    Case({"peer_subnets": []}, "peer_subnets"),
    Case({"peer_subnets": ["192.168.0.128/25"]}, "peer_subnets"),
    Case({"peer_subnets_v6": ["2001:db8::/64"]}, "peer_subnets_v6"),
    Case({"psk": None}, "psk"),
    Case({"ikepolicy": {"encryption_algorithm": "sm4"}}, "ikepolicy.encryption_algorithm"),
    Case({"ipsecpolicy": {"authentication_algorithm": "sm3"}}, "ipsecpolicy.authentication_algorithm"),
    Case({"ha_role": "slave"}, "ha_role"),
    Case({"vgw_ip": SOME_ID}, "vgw_ip"),
    Case({"vgw_ip": "88.88.9.9"}, "vgw_ip"),
    Case({"vgw_ip": "access_private_ip_1"}, "vgw_ip"),
    Case({"vgw_name": "it-nowhere"}, "vgw_name"),
    Case({"vgw_name": None, "vgw_id": SOME_ID}, "vgw_id"),
    Case({"cgw_name": "it-nowhere"}, "cgw_name"),
    Case({"cgw_name": None, "cgw_id": SOME_ID}, "cgw_id"),
    Case({"style": "policy-template"}, "style"),
    Case(dict(ONE, style="bgp", cgw_name="it-no-asn"), "cgw_name"),
    Case({"vgw_name": None, "vgw_ip": None}, "vgw_id"),
]


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    """The gateway it-hq and the customer gateways it-paris (with a BGP ASN) and it-no-asn."""
    with EmulatorProcess(transition_seconds=0.05) as emulator:
        made(emulator, "vpn_gateway", {
            "name": "it-hq", "vpc_id": fixture_id("vpc-demo"), "connect_subnet": fixture_id("subnet-demo-vpn"),
            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": fixture_id("eip-01")},
            "eip2": {"id": fixture_id("eip-02")}}, "vpn_gateway")
        made(emulator, "vpn_customer_gateway", {"name": "it-paris", "id_value": "203.0.113.10", "bgp_asn": 65010},
             "customer_gateway")
        made(emulator, "vpn_customer_gateway", {"name": "it-no-asn", "id_value": "203.0.113.11"}, "customer_gateway")
        yield emulator


def assert_names_the_option_and_no_key(run: Any, case: Case) -> None:
    assert case.option in run.msg, (case.change, run.msg)
    assert PSK not in json.dumps(run.result), run.result
    assert "Abcd efg1!" not in run.msg, run.msg


@pytest.mark.parametrize("case", OPTION_CASES, ids=[case.option for case in OPTION_CASES])
def test_what_the_options_decide_fails_before_any_request(api: EmulatorProcess, case: Case) -> None:
    assert_names_the_option_and_no_key(refused(api, "vpn_connection", options(case.change)), case)


@pytest.mark.parametrize("case", GATEWAY_CASES, ids=[case.option for case in GATEWAY_CASES])
def test_what_the_gateways_decide_fails_after_reads_only(api: EmulatorProcess, case: Case) -> None:
    run = refused(api, "vpn_connection", options(OF_IT_HQ, case.change), reads_allowed=True)
    assert_names_the_option_and_no_key(run, case)
