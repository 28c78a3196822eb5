"""A parent named by a task that does not exist: in check mode it is taken as planned by an earlier task (the task
reports a planned create and says which parent it assumed, and writes nothing); outside check mode it is the
task's error, as before. Run in process against an empty emulator; the check runs of whole topologies are
tests/integration/test_dry_run.py."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from support.certs import issue
from support.inprocess import ModuleRun, run_module

PLANNED = "(not found: planned by an earlier task in this check run, or mistyped)"
GATEWAY_ID = "7625fd92-2e20-4e4d-8c56-66f110fbfaa8"

# module, options naming a missing parent, the parent as the result names it, the error outside check mode
CASES = [
    ("vpn_connection", {"name": "c1", "vgw_name": "nowhere", "vgw_ip": "eip1", "cgw_name": "office",
                        "peer_subnets": ["10.1.0.0/16"], "psk": "Example-Psk-2025"},
     "VPN gateway 'nowhere'", "vgw_name: There is no VPN gateway named 'nowhere'."),
    ("vpn_connection_monitor", {"vgw_name": "nowhere", "vpn_connection_name": "c1"},
     "VPN gateway 'nowhere'", "vgw_name: There is no VPN gateway named 'nowhere'."),
    ("p2c_server", {"p2c_vgw_name": "nowhere", "client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"],
                    "server_certificate": {"source": "SERVICE_SIGN"}},
     "P2C VPN gateway 'nowhere'", "p2c_vgw_name: There is no P2C VPN gateway named 'nowhere'."),
    ("p2c_user_group", {"p2c_vgw_name": "nowhere", "name": "engineering"},
     "P2C VPN gateway 'nowhere'", "p2c_vgw_name: There is no P2C VPN gateway named 'nowhere'."),
    ("p2c_user", {"p2c_vgw_name": "nowhere", "name": "alice", "password": "Example-Passw0rd-1",
                  "user_group": "engineering"},
     "P2C VPN gateway 'nowhere'", "p2c_vgw_name: There is no P2C VPN gateway named 'nowhere'."),
    ("access_policy", {"p2c_vgw_name": "nowhere", "name": "apps", "user_group": "engineering",
                       "dest_ip_cidrs": ["192.168.0.0/24"]},
     "P2C VPN gateway 'nowhere'", "p2c_vgw_name: There is no P2C VPN gateway named 'nowhere'."),
    ("p2c_client_ca_certificate", {"p2c_vgw_name": "nowhere", "name": "clients-ca",
                                   "content": issue("clients-ca", ca=True).pem},
     "P2C VPN gateway 'nowhere'", "p2c_vgw_name: There is no P2C VPN gateway named 'nowhere'."),
]


def run(module: str, args: Dict[str, Any], api: Any, check_mode: bool) -> ModuleRun:
    return run_module(module, args, env=api.env(), check_mode=check_mode)


@pytest.mark.parametrize("module,args,parent,error", CASES, ids=[case[0] for case in CASES])
def test_missing_parent_by_name(module: str, args: Dict[str, Any], parent: str, error: str,
                                fresh_emulator: Any) -> None:
    fresh_emulator.clear_requests()
    checked = run(module, args, fresh_emulator, check_mode=True)
    assert not checked.failed and checked.result["changed"] is True, checked.result
    assert checked.result["planned_parent"] == f"{parent} {PLANNED}"
    assert fresh_emulator.writes() == []
    applied = run(module, args, fresh_emulator, check_mode=False)
    assert applied.failed and applied.msg == error, applied.result
    assert "planned_parent" not in applied.result


def test_child_checks_still_run_under_a_planned_parent(fresh_emulator: Any) -> None:
    checked = run("vpn_connection", {"name": "c1", "vgw_name": "nowhere", "cgw_name": "office",
                                     "peer_subnets": ["10.1.0.0/16"], "psk": "Example-Psk-2025"},
                  fresh_emulator, check_mode=True)
    assert checked.failed and checked.msg == "vgw_ip: is needed to create a VPN connection.", checked.result


def test_a_parent_by_id_is_never_planned(fresh_emulator: Any) -> None:
    checked = run("p2c_user_group", {"p2c_vgw_id": GATEWAY_ID, "name": "engineering"}, fresh_emulator,
                  check_mode=True)
    assert checked.failed and "planned_parent" not in checked.result
    assert checked.msg == f"p2c_vgw_id: There is no P2C VPN gateway with id {GATEWAY_ID}.", checked.result


def test_p2c_vgw_name_and_p2c_vgw_id_are_exclusive(fresh_emulator: Any) -> None:
    both = run("p2c_user_group", {"p2c_vgw_id": GATEWAY_ID, "p2c_vgw_name": "remote", "name": "engineering"},
               fresh_emulator, check_mode=True)
    assert both.failed and "mutually exclusive" in both.msg, both.result


def test_p2c_modules_find_the_gateway_by_name(fresh_emulator: Any) -> None:
    fixtures = fresh_emulator.fixtures()
    vpc = fixtures["vpcs"][0]
    subnet = next(s for s in vpc["subnets"] if s["name"] == "subnet-demo-p2c")
    eip = next(e for e in fixtures["eips"] if e["name"] == "eip-12")
    gateway = run("p2c_gateway", {"name": "remote", "vpc_id": vpc["id"], "connect_subnet": subnet["id"],
                                  "eip": {"id": eip["id"]}}, fresh_emulator, check_mode=False)
    assert not gateway.failed, gateway.result
    by_name = {"p2c_vgw_name": "remote"}
    server = run("p2c_server", dict(by_name, client_cidr="172.16.0.0/24", local_subnets=["192.168.0.0/24"],
                                    server_certificate={"source": "SERVICE_SIGN"}), fresh_emulator, check_mode=False)
    assert not server.failed and server.result["vpn_server"]["p2c_vgw_id"] == gateway.result["p2c_vpn_gateway"]["id"]
    group = run("p2c_user_group", dict(by_name, name="engineering"), fresh_emulator, check_mode=False)
    assert not group.failed and group.result["changed"], group.result
    again = run("p2c_user_group", dict(by_name, name="engineering"), fresh_emulator, check_mode=True)
    assert not again.failed and not again.result["changed"] and "planned_parent" not in again.result, again.result
