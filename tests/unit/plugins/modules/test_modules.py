"""Every module through its public interface only: options in, the result Ansible would receive out (main() run in
this process by support.inprocess), against an emulator of this file's own holding one topology that the tests
share (a VPN gateway with customer gateways, connections and a monitor; P2C gateways with a password server and a
certificate server).

- Each resource module's planning: a check-mode create plans a change with a diff and writes nothing; the create
  writes; the same task again plans nothing and writes nothing; a check-mode delete plans the delete and writes
  nothing; the delete writes; the delete again is no change. (A VPN server has no delete of its own: state absent
  fails, naming the gateway to delete instead.)
- Each info module reads the topology: its list holds what the topology made, and it writes nothing.
- Validation: every module's bad-input table is test_bad_input.py, in this folder.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, NamedTuple

import pytest
from support.certs import issue
from support.emulator import EmulatorProcess
from support.inprocess import ModuleRun, made, run_on as run
from support.module_specs import MODULES

Topology = Dict[str, Any]
CA, OTHER_CA = issue("Unit Clients CA", ca=True), issue("Unit Other CA", ca=True)


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    """An emulator of this file's own: other tests reset theirs, and this topology must stay."""
    with EmulatorProcess() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def topology(api: EmulatorProcess) -> Topology:
    fixtures = api.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    subnets = {s["name"]: s["id"] for s in vpc["subnets"]}
    eips = {e["name"]: e["id"] for e in fixtures["eips"]}
    ids: Topology = {"vpc_id": vpc["id"], "vpn_subnet": subnets["subnet-demo-vpn"],
                     "p2c_subnet": subnets["subnet-demo-p2c"], "eips": eips,
                     "ccm_id": next(c["id"] for c in fixtures["certificates"] if c["status"] == "ISSUED")}
    ids["gateway"] = made(api, "vpn_gateway", {
        "name": "unit-gw", "vpc_id": vpc["id"], "connect_subnet": ids["vpn_subnet"], "local_subnets": ["192.168.0.0/24"],
        "eip1": {"id": eips["eip-01"]}, "eip2": {"id": eips["eip-02"]}, "tags": {"team": "unit"}}, "vpn_gateway")
    for index in range(1, 4):
        ids[f"cgw{index}"] = made(api, "vpn_customer_gateway", {"name": f"unit-cgw-{index}",
                                                                "id_value": f"203.0.113.{10 + index}"}, "customer_gateway")
    for index, vgw_ip in ((1, "eip1"), (2, "eip2")):
        ids[f"connection{index}"] = made(api, "vpn_connection", {
            "name": f"unit-conn-{index}", "vgw_id": ids["gateway"], "vgw_ip": vgw_ip, "cgw_id": ids[f"cgw{index}"],
            "peer_subnets": [f"10.{10 + index}.0.0/16"], "psk": "Unit-Psk-2024"}, "vpn_connection")
    ids["monitor"] = made(api, "vpn_connection_monitor", {"vpn_connection_id": ids["connection1"]},
                          "connection_monitor")
    for label in ("password", "server_lifecycle", "cert"):
        ids[f"p2c_{label}"] = made(api, "p2c_gateway", {
            "name": f"unit-p2c-{label.replace('_', '-')}", "vpc_id": vpc["id"], "connect_subnet": ids["p2c_subnet"],
            "eip": {"type": "5_bgp", "bandwidth_size": 10}}, "p2c_vpn_gateway")
    server = {"client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"],
              "server_certificate": {"id": ids["ccm_id"]}}
    ids["server"] = made(api, "p2c_server", dict(server, p2c_vgw_id=ids["p2c_password"],
                                                 client_auth_type="LOCAL_PASSWORD"), "vpn_server")
    ids["cert_server"] = made(api, "p2c_server", dict(
        server, p2c_vgw_id=ids["p2c_cert"], client_auth_type="CERT",
        client_ca_certificates=[{"name": "first-ca", "content": CA.pem}]), "vpn_server")
    ids["group"] = made(api, "p2c_user_group", {"vpn_server_id": ids["server"], "name": "unit-engineering"},
                        "user_group")
    users = run(api, "p2c_user", {"vpn_server_id": ids["server"], "name": "unit-alice", "password": "Unit-Pass-2023",
                                  "user_group": "unit-engineering"})
    assert not users.failed and users.result["created"] == ["unit-alice"], users.result
    ids["policy"] = made(api, "access_policy", {"vpn_server_id": ids["server"], "name": "unit-apps",
                                                "user_group": "unit-engineering", "dest_ip_cidrs": ["192.168.0.0/24"]},
                         "access_policy")
    api.wait_until_idle()
    return ids


class Lifecycle(NamedTuple):
    present: Callable[[Topology], Dict[str, Any]]  # the options that create it
    absent: Callable[[Topology], Dict[str, Any]]  # the options that delete it
    deleted_with: str = ""  # what state absent names instead, for what has no delete of its own


LIFECYCLES: Dict[str, Lifecycle] = {
    "vpn_gateway": Lifecycle(
        lambda t: {"name": "unit-gw-2", "tags": {"team": "unit"}, "vpc_id": t["vpc_id"], "connect_subnet": t["vpn_subnet"],
                   "local_subnets": ["192.168.1.0/24"], "eip1": {"id": t["eips"]["eip-03"]},
                   "eip2": {"id": t["eips"]["eip-04"]}},
        lambda t: {"name": "unit-gw-2", "state": "absent"}),
    "vpn_customer_gateway": Lifecycle(
        lambda t: {"name": "unit-cgw-9", "id_value": "203.0.113.99", "bgp_asn": 65009, "tags": {"team": "unit"}},
        lambda t: {"name": "unit-cgw-9", "state": "absent"}),
    "vpn_connection": Lifecycle(
        lambda t: {"name": "unit-conn-3", "vgw_id": t["gateway"], "vgw_ip": "eip1", "cgw_id": t["cgw3"],
                   "peer_subnets": ["10.13.0.0/16"], "psk": "Unit-Psk-2025"},
        lambda t: {"name": "unit-conn-3", "vgw_id": t["gateway"], "state": "absent"}),
    "vpn_connection_monitor": Lifecycle(
        lambda t: {"vpn_connection_id": t["connection2"]},
        lambda t: {"vpn_connection_id": t["connection2"], "state": "absent"}),
    "p2c_gateway": Lifecycle(
        lambda t: {"name": "unit-p2c-new", "vpc_id": t["vpc_id"], "connect_subnet": t["p2c_subnet"],
                   "eip": {"type": "5_bgp", "bandwidth_size": 5}},
        lambda t: {"name": "unit-p2c-new", "state": "absent"}),
    "p2c_server": Lifecycle(
        lambda t: {"p2c_vgw_id": t["p2c_server_lifecycle"], "client_cidr": "172.17.0.0/24",
                   "local_subnets": ["192.168.0.0/24"], "client_auth_type": "LOCAL_PASSWORD",
                   "server_certificate": {"id": t["ccm_id"]}},
        lambda t: {"p2c_vgw_id": t["p2c_server_lifecycle"], "state": "absent"}, deleted_with="hwcloud.vpn.p2c_gateway"),
    "p2c_user": Lifecycle(
        lambda t: {"vpn_server_id": t["server"], "name": "unit-user", "password": "Unit-Pass-2024",
                   "description": "unit"},
        lambda t: {"vpn_server_id": t["server"], "name": "unit-user", "state": "absent"}),
    "p2c_user_group": Lifecycle(
        lambda t: {"vpn_server_id": t["server"], "name": "unit-group", "description": "unit"},
        lambda t: {"vpn_server_id": t["server"], "name": "unit-group", "state": "absent"}),
    "access_policy": Lifecycle(
        lambda t: {"vpn_server_id": t["server"], "name": "unit-policy", "user_group": "default",
                   "dest_ip_cidrs": ["192.168.0.0/24"]},
        lambda t: {"vpn_server_id": t["server"], "name": "unit-policy", "state": "absent"}),
    "p2c_client_ca_certificate": Lifecycle(
        lambda t: {"vpn_server_id": t["cert_server"], "name": "second-ca", "content": OTHER_CA.pem},
        lambda t: {"vpn_server_id": t["cert_server"], "name": "second-ca", "state": "absent"}),
}

# Each info module: the options that scope it to the topology, its list, and what that list must hold (the values of
# the field "by", "id" unless told).
READS: Dict[str, Callable[[Topology], Dict[str, Any]]] = {
    "vpn_gateway_info": lambda t: {"args": {}, "list": "vpn_gateways", "ids": [t["gateway"]]},
    "vpn_customer_gateway_info": lambda t: {"args": {}, "list": "customer_gateways",
                                            "ids": [t["cgw1"], t["cgw2"], t["cgw3"]]},
    "vpn_connection_info": lambda t: {"args": {"vgw_id": t["gateway"]}, "list": "vpn_connections",
                                      "ids": [t["connection1"], t["connection2"]]},
    "vpn_connection_monitor_info": lambda t: {"args": {"vpn_connection_id": t["connection1"]},
                                              "list": "connection_monitors", "ids": [t["monitor"]]},
    "p2c_gateway_info": lambda t: {"args": {}, "list": "p2c_vpn_gateways",
                                   "ids": [t["p2c_password"], t["p2c_server_lifecycle"], t["p2c_cert"]]},
    "p2c_server_info": lambda t: {"args": {"p2c_vgw_id": t["p2c_password"]}, "list": "vpn_servers",
                                  "ids": [t["server"]]},
    "p2c_user_group_info": lambda t: {"args": {"vpn_server_id": t["server"]}, "list": "user_groups",
                                      "ids": [t["group"]]},
    "p2c_user_info": lambda t: {"args": {"vpn_server_id": t["server"]}, "list": "users", "ids": ["unit-alice"],
                                "by": "name"},
    "access_policy_info": lambda t: {"args": {"vpn_server_id": t["server"]}, "list": "access_policies",
                                     "ids": [t["policy"]]},
    "vpn_resource_info": lambda t: {"args": {"resource_type": ["vpn-gateway"]}, "list": "resources",
                                    "ids": [t["gateway"]], "by": "resource_id"},
    "vpn_tag_info": lambda t: {"args": {}, "list": "tags", "ids": ["team"], "by": "key"},
    "vpn_quota_info": lambda t: {"args": {}, "list": "quotas", "ids": []},
    "vpn_availability_zone_info": lambda t: {"args": {}, "list": "availability_zones", "ids": []},
}
# Actions with nothing to act on plan no change.
ACTIONS: Dict[str, Callable[[Topology], Dict[str, Any]]] = {
    "p2c_gateway_connection": lambda t: {"p2c_vgw_id": t["p2c_password"], "client_user_name": "nobody"},
    "vpn_gateway_job": lambda t: {"gateway_id": t["gateway"]},
}
# Modules tested in a file of their own: every step changes a gateway's or user's state, or (jobs) the topology has
# nothing for them until an upgrade ran.
ELSEWHERE = {
    "vpn_gateway_job_info": "test_upgrades_and_frozen.py (the jobs of an upgrade and a rollback)",
    "vpn_gateway_upgrade": "test_upgrades_and_frozen.py (start, finish, rollback, each again)",
    "p2c_user_password": "test_upgrades_and_frozen.py (a change, again, a wrong old password)",
    "peer_config_files": "test_peer_config_files.py (it writes files, and calls no API)",
}


def test_every_module_is_in_a_table() -> None:
    assert sorted(list(LIFECYCLES) + list(READS) + list(ACTIONS) + list(ELSEWHERE)) == MODULES


def succeeded(done: ModuleRun, changed: bool) -> None:
    assert not done.failed, done.result
    assert done.result["changed"] is changed, done.result


@pytest.mark.parametrize("module", sorted(LIFECYCLES))
def test_lifecycle_plans_before_it_writes(module: str, api: EmulatorProcess, topology: Topology) -> None:
    present, absent = LIFECYCLES[module].present(topology), LIFECYCLES[module].absent(topology)
    api.clear_requests()
    planned = run(api, module, present, check_mode=True, diff=True)
    succeeded(planned, True)
    assert planned.result["diff"]["before"] in ({}, None, "") and planned.result["diff"]["after"], planned.result
    assert api.writes() == [], "check mode wrote"

    created = run(api, module, present, diff=True)
    succeeded(created, True)
    assert created.result["diff"]["after"], created.result
    assert api.writes(), "the create wrote nothing"
    api.wait_until_idle()

    api.clear_requests()
    succeeded(run(api, module, present, check_mode=True), False)
    succeeded(run(api, module, present), False)
    assert api.writes() == [], "a run with nothing to change wrote"

    if LIFECYCLES[module].deleted_with:
        refused = run(api, module, absent)
        assert refused.failed and LIFECYCLES[module].deleted_with in refused.msg, refused.result
        assert api.writes() == []
        return
    succeeded(run(api, module, absent, check_mode=True), True)
    assert api.writes() == [], "a check-mode delete wrote"
    succeeded(run(api, module, absent), True)
    assert api.writes(), "the delete wrote nothing"
    api.wait_until_idle()
    api.clear_requests()
    succeeded(run(api, module, absent), False)
    assert api.writes() == [], "deleting what is gone wrote"


@pytest.mark.parametrize("module", sorted(READS))
def test_info_reads_the_topology(module: str, api: EmulatorProcess, topology: Topology) -> None:
    read = READS[module](topology)
    api.clear_requests()
    done = run(api, module, read["args"])
    succeeded(done, False)
    listed = done.result[read["list"]]
    assert isinstance(listed, (list, dict)) and listed, done.result
    found = {item.get(read.get("by", "id")) for item in listed} if isinstance(listed, list) else set()
    assert set(read["ids"]) <= found, (read["ids"], done.result)
    assert api.writes() == []


@pytest.mark.parametrize("module", sorted(ACTIONS))
def test_action_with_nothing_to_act_on(module: str, api: EmulatorProcess, topology: Topology) -> None:
    api.clear_requests()
    for check_mode in (True, False):
        succeeded(run(api, module, ACTIONS[module](topology), check_mode=check_mode), False)
    assert api.writes() == []
