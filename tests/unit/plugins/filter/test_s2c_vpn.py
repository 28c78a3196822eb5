"""The s2c_vpn role's plan and the sites of its result (plugins/filter/s2c_vpn.py): the defaults the role applies,
the connections each gateway shape gives, no key in the plan, and a result that follows what was built and falls
back on the plan for what was not."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Dict, List

from support.paths import collections_path

sys.path.insert(0, str(collections_path()))

from ansible_collections.hwcloud.vpn.plugins.filter.s2c_vpn import FilterModule  # noqa: E402

FILTERS = FilterModule().filters()
PSK = "Plan-Psk-Sentinel-2024"
SITE = {"name": "paris", "id_value": "203.0.113.10", "peer_subnets": ["10.10.0.0/16"], "psk": PSK}
IKE = {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128"}


def plan(sites: List[Dict[str, Any]], **options: Any) -> List[Dict[str, Any]]:
    return FILTERS["s2c_vpn_plan"](sites, **options)


def test_a_static_site_gets_the_role_defaults_and_one_connection_per_eip() -> None:
    [site] = plan([SITE], gateway={"name": "hq"}, ikepolicy=IKE, ipsecpolicy={}, update_psk="on_create",
                  config_dir="/etc/vpn/hq")
    assert site == {
        "index": 0, "name": "paris", "cgw_name": "paris", "cgw_id": None, "cgw_renamed": False, "id_type": "ip",
        "id_value": "203.0.113.10", "bgp_asn": None, "style": "static", "peer_subnets": ["10.10.0.0/16"],
        "policy_rules": None, "enable_nqa": None, "enable_hub": None, "ikepolicy": IKE, "ipsecpolicy": {},
        "monitor": False, "update_psk": "on_create", "local_addrs": "203.0.113.10", "tags": {},
        "connections": [{"name": "paris-1", "vgw_ip": "eip1"}, {"name": "paris-2", "vgw_ip": "eip2"}],
        "config_file": "/etc/vpn/hq/paris/swanctl.conf"}


def test_the_plan_holds_no_key() -> None:
    sites = [SITE, dict(SITE, name="lyon", psk="Other-Psk-Sentinel-9")]
    text = json.dumps(plan(sites, gateway={"name": "hq"}))
    assert PSK not in text and "Other-Psk-Sentinel-9" not in text and "psk\"" not in text.replace("update_psk", "")


def test_a_site_keeps_what_it_says() -> None:
    site = dict(SITE, cgw_name="paris-cgw", cgw_id="cgw-1", id_type="fqdn", id_value="paris.example.com",
                style="policy", policy_rules=[{"rule_index": 1}], enable_nqa=True, enable_hub=False,
                ikepolicy={"ike_version": "v1"}, ipsecpolicy={"pfs": "group14"}, monitor=True, update_psk="always",
                tags={"site": "paris", "team": "net"})
    [entry] = plan([site], gateway={"name": "hq"}, tags={"team": "ops", "env": "prod"}, ikepolicy=IKE)
    assert (entry["cgw_name"], entry["cgw_id"], entry["cgw_renamed"]) == ("paris-cgw", "cgw-1", True)
    assert (entry["style"], entry["policy_rules"], entry["enable_nqa"], entry["enable_hub"]) == \
        ("policy", [{"rule_index": 1}], True, False)
    assert entry["ikepolicy"] == {"ike_version": "v1"} and entry["ipsecpolicy"] == {"pfs": "group14"}
    assert (entry["monitor"], entry["update_psk"]) == (True, "always")
    assert entry["local_addrs"] == "%any"  # an FQDN identity: strongSwan takes any local address
    assert entry["tags"] == {"team": "net", "env": "prod", "site": "paris"}  # the site's tags over the role's
    assert entry["config_file"] is None  # no configuration directory, no file


def test_an_empty_site_policy_takes_the_role_policy() -> None:
    [entry] = plan([dict(SITE, ikepolicy={}, ipsecpolicy=None)], ikepolicy=IKE, ipsecpolicy={"pfs": "group19"})
    assert entry["ikepolicy"] == IKE and entry["ipsecpolicy"] == {"pfs": "group19"}


def test_local_addrs_given_or_from_the_identity() -> None:
    assert plan([dict(SITE, local_addrs="198.51.100.7")])[0]["local_addrs"] == "198.51.100.7"
    assert plan([dict(SITE, id_type="ip")])[0]["local_addrs"] == "203.0.113.10"


def test_a_private_active_standby_gateway_gives_private_addresses_master_then_slave() -> None:
    gateway = {"name": "hq", "network_type": "private", "ha_mode": "active-standby"}
    [entry] = plan([SITE], gateway=gateway)
    assert entry["connections"] == [
        {"name": "paris-1", "vgw_ip": "access_private_ip_1", "ha_role": "master"},
        {"name": "paris-2", "vgw_ip": "access_private_ip_2", "ha_role": "slave"}]


def test_bgp_tunnels_go_to_the_connections_in_order() -> None:
    tunnels = [{"tunnel_local_address": "169.254.10.1/30", "tunnel_peer_address": "169.254.10.2/30"},
               {"tunnel_local_address": "169.254.10.5/30"}]
    [entry] = plan([dict(SITE, style="bgp", bgp_asn=65010, tunnels=tunnels)])
    assert entry["connections"] == [
        {"name": "paris-1", "vgw_ip": "eip1", "tunnel_local_address": "169.254.10.1/30",
         "tunnel_peer_address": "169.254.10.2/30"},
        {"name": "paris-2", "vgw_ip": "eip2", "tunnel_local_address": "169.254.10.5/30", "tunnel_peer_address": None}]
    [one] = plan([dict(SITE, tunnels=tunnels[:1])])
    assert "tunnel_local_address" not in one["connections"][1]  # no second tunnel: the API picks the addresses


def test_sites_keep_their_order_and_index_and_the_home_is_expanded() -> None:
    entries = plan([dict(SITE, name=name) for name in ("b", "a", "c")], config_dir="~/vpn")
    assert [(entry["index"], entry["name"]) for entry in entries] == [(0, "b"), (1, "a"), (2, "c")]
    assert entries[0]["config_file"] == os.path.expanduser("~/vpn") + "/b/swanctl.conf"
    assert plan([]) == [] and plan(None) == []


def sites_result(entries: List[Dict[str, Any]], **results: Any) -> Dict[str, Any]:
    return FILTERS["s2c_vpn_sites_result"](entries, **results)


def test_the_result_follows_what_was_built() -> None:
    entries = plan([dict(SITE, monitor=True)], gateway={"ha_mode": "active-standby"}, config_dir="/c")
    built = [{"id": "c1", "vgw_ip": "192.0.2.1", "ha_role": "master", "status": "ACTIVE"},
             {"id": "c2", "vgw_ip": "192.0.2.2", "ha_role": "slave", "status": "DOWN"}]
    result = sites_result(entries, customer_gateways=[{"id": "g1", "name": "paris"}],
                          connection_results=[{"vpn_connections": built}],
                          monitor_results=[{"item": {"name": "paris-1"}, "connection_monitor": {"id": "m1"}},
                                           {"item": {"name": "paris-2"}, "skipped": True}],
                          monitors_found=[{"id": "m2", "vpn_connection_id": "c2"}, {"id": "m9", "vpn_connection_id": "x"}])
    assert result == {"paris": {
        "customer_gateway_id": "g1", "customer_gateway_name": "paris", "style": "static",
        "connections": [
            {"name": "paris-1", "id": "c1", "vgw_ip": "192.0.2.1", "ha_role": "master", "status": "ACTIVE",
             "tunnel_local_address": None, "tunnel_peer_address": None, "monitor_id": "m1"},
            {"name": "paris-2", "id": "c2", "vgw_ip": "192.0.2.2", "ha_role": "slave", "status": "DOWN",
             "tunnel_local_address": None, "tunnel_peer_address": None, "monitor_id": "m2"}],
        "connection_ids": ["c1", "c2"], "connection_names": ["paris-1", "paris-2"], "monitor_ids": ["m1", "m2"],
        "config_file": "/c/paris/swanctl.conf"}}


def test_what_is_only_planned_has_empty_ids_and_the_plan_s_values() -> None:
    """Check mode of a new topology: no customer gateway, connections or monitors yet."""
    tunnels = [{"tunnel_local_address": "169.254.10.1/30", "tunnel_peer_address": "169.254.10.2/30"}]
    entries = plan([dict(SITE, cgw_name="paris-cgw", style="bgp", tunnels=tunnels)])
    result = sites_result(entries, customer_gateways=[], connection_results=[{"skipped": True}])
    site = result["paris"]
    assert (site["customer_gateway_id"], site["customer_gateway_name"], site["style"]) == ("", "paris-cgw", "bgp")
    assert site["connections"][0] == {"name": "paris-1", "id": "", "vgw_ip": "eip1", "ha_role": "master",
                                      "status": "", "tunnel_local_address": "169.254.10.1/30",
                                      "tunnel_peer_address": "169.254.10.2/30", "monitor_id": ""}
    assert site["connection_ids"] == ["", ""] and site["monitor_ids"] == [] and site["config_file"] is None
    assert sites_result(entries) == result  # nothing registered at all


GATEWAY_TAG, SITE_TAG = "hwcloud.vpn.s2c_vpn.gateway", "hwcloud.vpn.s2c_vpn.site"


def tagged(resource_id: str, **tags: str) -> Dict[str, Any]:
    keys = {"gateway": GATEWAY_TAG, "site": SITE_TAG}
    return {"id": resource_id, "name": resource_id + "-name",
            "tags": [{"key": keys.get(key, key), "value": value} for key, value in tags.items()]}


def test_owned_is_what_carries_the_gateway_s_tag_with_its_site() -> None:
    connections = [tagged("c1", gateway="gw", site="paris"), tagged("c2", gateway="other", site="paris"),
                   tagged("c3", site="paris"), {"id": "c4", "name": "untagged"}, tagged("c5", gateway="gw")]
    customer_gateways = [tagged("g1", gateway="gw", site="lyon", team="net"), tagged("g2", team="net")]
    owned = FILTERS["s2c_vpn_owned"](connections, customer_gateways, "gw", GATEWAY_TAG, SITE_TAG)
    assert owned == {"connections": [{"id": "c1", "name": "c1-name", "site": "paris"},
                                     {"id": "c5", "name": "c5-name", "site": ""}],
                     "customer_gateways": [{"id": "g1", "name": "g1-name", "site": "lyon"}]}


def test_the_purge_leaves_listed_sites_and_what_has_no_site_tag() -> None:
    connections = [tagged("c1", gateway="gw", site="paris"), tagged("c2", gateway="gw", site="lyon"),
                   tagged("c5", gateway="gw"), tagged("c6", gateway="other", site="lyon")]
    owned = FILTERS["s2c_vpn_owned"](connections, [tagged("g2", gateway="gw", site="lyon")], "gw", GATEWAY_TAG,
                                     SITE_TAG, except_sites=["paris"])
    assert owned == {"connections": [{"id": "c2", "name": "c2-name", "site": "lyon"}],
                     "customer_gateways": [{"id": "g2", "name": "g2-name", "site": "lyon"}]}
    assert FILTERS["s2c_vpn_owned"]([], None, "gw", GATEWAY_TAG, SITE_TAG, except_sites=[]) == \
        {"connections": [], "customer_gateways": []}


def test_own_customer_gateways_are_tagged_and_adopted_ones_left_alone() -> None:
    sites = [dict(SITE, tags={"team": "net"}), dict(SITE, name="lyon", cgw_id="cgw-9"),
             dict(SITE, name="nice", cgw_id="cgw-8", cgw_name="nice-renamed", id_type="fqdn", id_value="n.example",
                  bgp_asn=65020)]
    items = FILTERS["s2c_vpn_customer_gateways"](plan(sites, tags={"env": "prod"}), "gw", GATEWAY_TAG, SITE_TAG)
    assert items == [
        {"id": None, "name": "paris", "id_type": "ip", "id_value": "203.0.113.10", "bgp_asn": None,
         "tags": {"env": "prod", "team": "net", GATEWAY_TAG: "gw", SITE_TAG: "paris"}},
        {"id": "cgw-9", "name": None, "id_type": "ip", "id_value": "203.0.113.10", "bgp_asn": None, "tags": None},
        {"id": "cgw-8", "name": "nice-renamed", "id_type": "fqdn", "id_value": "n.example", "bgp_asn": 65020,
         "tags": None}]


def test_built_lists_each_site_s_connections_with_the_plan_s_names() -> None:
    entries = plan([dict(SITE, monitor=True), dict(SITE, name="lyon")])
    built = FILTERS["s2c_vpn_built"](entries, [{"vpn_connections": [{"id": "c1"}, {"id": "c2"}]},
                                               {"vpn_connections": [{"status": "planned"}, {}]}])
    assert built == [
        {"site": "paris", "index": 0, "monitor": True, "name": "paris-1", "id": "c1"},
        {"site": "paris", "index": 0, "monitor": True, "name": "paris-2", "id": "c2"},
        {"site": "lyon", "index": 1, "monitor": False, "name": "lyon-1", "id": ""},
        {"site": "lyon", "index": 1, "monitor": False, "name": "lyon-2", "id": ""}]
    assert FILTERS["s2c_vpn_built"](entries, [{"skipped": True}, {"skipped": True}]) == []


def policies(site: Dict[str, Any], gateway: Dict[str, Any]) -> Dict[str, Any]:
    return FILTERS["s2c_vpn_site_policies"](site, gateway)


def test_a_site_without_policies_gets_the_service_defaults() -> None:
    got = policies({"style": "static", "ikepolicy": None, "ipsecpolicy": None}, {"flavor": "Professional1"})
    assert got["ike"]["ike_version"] == "v2" and got["ike"]["encryption_algorithm"] == "aes-128"
    assert got["ike"]["dh_group"] == "group15" and got["ike"]["lifetime_seconds"] == 86400
    assert got["ike"]["dpd"] == {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}
    assert got["ipsec"]["pfs"] == "group15" and got["ipsec"]["lifetime_seconds"] == 3600


def test_the_site_policy_overrides_the_gateway_template_which_overrides_the_defaults() -> None:
    gateway = {"policy_template": {"ike_policy": {"encryption_algorithm": "aes-256", "dh_group": "group20"},
                                   "ipsec_policy": {"pfs": "group20"}}}
    site = {"style": "policy-template", "ikepolicy": {"ike_version": "v1", "dpd": {"interval": 10}},
            "ipsecpolicy": {"encryption_algorithm": "aes-256-gcm-16"}}
    got = policies(site, gateway)
    assert got["ike"]["encryption_algorithm"] == "aes-256" and got["ike"]["dh_group"] == "group20"
    assert got["ike"]["ike_version"] == "v1" and got["ike"]["phase1_negotiation_mode"] == "main"
    assert got["ike"]["dpd"] == {"timeout": 15, "interval": 10, "msg": "seq-hash-notify"}
    assert got["ipsec"]["pfs"] == "group20" and got["ipsec"]["encryption_algorithm"] == "aes-256-gcm-16"
    # the template counts only for the policy-template style
    assert policies(dict(site, style="static"), gateway)["ike"]["encryption_algorithm"] == "aes-128"


def test_a_gm_gateway_applies_the_sm_algorithms() -> None:
    got = policies({"style": "static"}, {"flavor": "GM"})
    assert got["ike"]["encryption_algorithm"] == "sm4" and got["ipsec"]["authentication_algorithm"] == "sm3"
