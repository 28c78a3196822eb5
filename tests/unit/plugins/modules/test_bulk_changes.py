"""Bulk changes read as a summary first (main() in process against an emulator of this file's own): p2c_user with
150 users leads its result and its diff with who is created, updated, moved between groups, deleted and whose
password is reset; vpn_connection's `connections` with what each connection changes, a PSK sent again shown as
rotated. No password or PSK appears anywhere in what the module returns."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest
from support.emulator import EmulatorProcess
from support.inprocess import ModuleRun, run_module

PASSWORD = "Bulk-Pass-2026"
NEW_PASSWORD = "Bulk-Reset-2027"
PSK, NEW_PSK = "Bulk-Psk-2026", "Bulk-Rotated-2027"


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(transition_seconds=0.05) as emulator:
        yield emulator


def run(api: EmulatorProcess, module: str, args: Dict[str, Any], **mode: bool) -> ModuleRun:
    done = run_module(module, args, env=api.env(), **mode)
    assert not done.failed, (module, done.result)
    return done


def ids(api: EmulatorProcess) -> Dict[str, Any]:
    fixtures = api.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    return {"vpc": vpc["id"], "subnets": {s["name"]: s["id"] for s in vpc["subnets"]},
            "eips": {e["name"]: e["id"] for e in fixtures["eips"]},
            "certificate": next(c["id"] for c in fixtures["certificates"] if c["status"] == "ISSUED")}


def users(count: int, start: int = 0, group: str = "staff", **extra: Any) -> List[Dict[str, Any]]:
    return [dict({"name": f"user{index:03d}", "user_group": group}, **extra) for index in range(start, start + count)]


def test_150_users_change_leads_with_a_summary(api: EmulatorProcess) -> None:
    known = ids(api)
    gateway = run(api, "p2c_gateway", {"name": "bulk-p2c", "vpc_id": known["vpc"],
                                       "connect_subnet": known["subnets"]["subnet-demo-p2c"],
                                       "eip": {"type": "5_bgp", "bandwidth_size": 5}}).result["p2c_vpn_gateway"]
    server = run(api, "p2c_server", {"p2c_vgw_id": gateway["id"], "client_cidr": "172.16.0.0/24",
                                     "local_subnets": ["192.168.0.0/24"], "client_auth_type": "LOCAL_PASSWORD",
                                     "server_certificate": {"id": known["certificate"]}}).result["vpn_server"]
    for group in ("staff", "engineering"):
        run(api, "p2c_user_group", {"vpn_server_id": server["id"], "name": group})
    first = run(api, "p2c_user", {"vpn_server_id": server["id"], "users": users(150, password=PASSWORD)})
    assert len(first.result["created"]) == 150

    # 140 of them again: 10 with a new description, 8 moved to engineering, 3 with their password reset; 20 new,
    # and the 10 left out purged.
    wanted = users(140)
    for user in wanted[:10]:
        user["description"] = "contractor"
    for user in wanted[10:18]:
        user["user_group"] = "engineering"
    for user in wanted[20:23]:
        user["password"] = NEW_PASSWORD
    wanted += users(20, start=150, password=PASSWORD)
    task = {"vpn_server_id": server["id"], "users": wanted, "purge": True, "update_password": "always"}
    planned = run(api, "p2c_user", task, check_mode=True, diff=True)
    done = run(api, "p2c_user", task, diff=True)

    expected = [
        f"VPN users of VPN server {server['id']}: 20 created, 10 updated, 8 moved between groups, 10 deleted, "
        "3 passwords reset, 119 unchanged",
        "  created (20): " + ", ".join(f"user{i:03d}" for i in range(150, 170)),
        "  updated (10): " + ", ".join(f"user{i:03d}" for i in range(10)),
        "  moved between groups (8): " + ", ".join(f"user{i:03d} (staff -> engineering)" for i in range(10, 18)),
        "  deleted (10): " + ", ".join(f"user{i:03d}" for i in range(140, 150)),
        "  passwords reset (3): user020, user021, user022"]
    for result in (planned.result, done.result):
        assert result["summary"] == expected
        assert result["diff"]["after_header"] == "\n".join(expected)
        assert result["diff"]["before_header"] == f"VPN users of VPN server {server['id']}"
        assert result["moved"][0] == {"name": "user010", "from": "staff", "to": "engineering"}
        assert len(result["diff"]["after"]["users"]) == 160
    assert done.result["diff"] == planned.result["diff"]
    for run_ in (first, planned, done):
        for secret in (PASSWORD, NEW_PASSWORD):
            assert secret not in run_.output
    print("\n".join(done.result["summary"]))


def test_connections_set_summary_and_a_rotated_psk(api: EmulatorProcess) -> None:
    known = ids(api)
    gateway = run(api, "vpn_gateway", {
        "name": "bulk-gw", "vpc_id": known["vpc"], "connect_subnet": known["subnets"]["subnet-demo-vpn"],
        "local_subnets": ["192.168.0.0/24"], "eip1": {"id": known["eips"]["eip-01"]},
        "eip2": {"id": known["eips"]["eip-02"]}}).result["vpn_gateway"]
    run(api, "vpn_customer_gateway", {"name": "bulk-site", "id_value": "203.0.113.71"})
    site = {"vgw_id": gateway["id"], "cgw_name": "bulk-site", "peer_subnets": ["10.71.0.0/16"], "psk": PSK,
            "connections": [{"name": "bulk-1", "vgw_ip": "eip1"}, {"name": "bulk-2", "vgw_ip": "eip2"}]}
    created = run(api, "vpn_connection", site, diff=True)
    assert created.result["summary"] == ["VPN connections: 2 created", "  created (2): bulk-1, bulk-2"]

    rotate = dict(site, psk=NEW_PSK, update_psk="always", peer_subnets=["10.71.0.0/16", "10.72.0.0/16"])
    planned = run(api, "vpn_connection", rotate, check_mode=True, diff=True)
    rotated = run(api, "vpn_connection", rotate, diff=True)
    expected = ["VPN connections: 2 updated",
                "  updated (2): bulk-1 (peer_subnets, psk rotated), bulk-2 (peer_subnets, psk rotated)"]
    for result in (planned.result, rotated.result):
        assert result["summary"] == expected
        assert result["diff"]["after_header"] == "\n".join(expected)
        for name in ("bulk-1", "bulk-2"):
            assert result["diff"]["after"][name]["psk"] == "(rotated)"
            assert "psk" not in result["diff"]["before"][name]
    assert rotated.result["diff"] == planned.result["diff"]

    again = run(api, "vpn_connection", dict(rotate, update_psk="on_create"), diff=True)
    assert not again.result["changed"] and again.result["summary"] == ["VPN connections: 2 unchanged"]
    gone = run(api, "vpn_connection", dict(site, state="absent"), diff=True)
    assert gone.result["summary"] == ["VPN connections: 2 deleted", "  deleted (2): bulk-1, bulk-2"]
    for run_ in (created, planned, rotated, again, gone):
        assert PSK not in run_.output and NEW_PSK not in run_.output
