"""vpn_connection_info through its public interface (main() in process) against an emulator of this file's own:
the filters (status, tags, gateway name), the routes a BGP connection learnt, the monitors as the API gives them,
and wait_for_status (which fails naming each connection that is not ACTIVE, with its last status). The same wait
against real tunnels is in tests/dataplane/test_s2c_tunnels.py."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Dict, Iterator

import pytest
from support.emulator import EmulatorProcess
from support.inprocess import ModuleRun, run_module


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(transition_seconds=0.05) as emulator:
        yield emulator


def run(api: EmulatorProcess, args: Dict[str, Any], module: str = "vpn_connection_info") -> ModuleRun:
    return run_module(module, args, env=api.env())


def made(api: EmulatorProcess, module: str, args: Dict[str, Any], key: str) -> Dict[str, Any]:
    done = run(api, args, module)
    assert not done.failed, (module, done.result)
    return done.result[key]


def set_status(api: EmulatorProcess, connection_id: str, status: str) -> None:
    request = urllib.request.Request(f"{api.url}/_emulator/statuses/vpn-connections/{connection_id}", method="POST",
                                     data=json.dumps({"status": status}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.fixture(scope="module")
def topology(api: EmulatorProcess) -> Dict[str, Any]:
    """A gateway with a static connection (tagged) and a BGP one (monitored)."""
    fixtures = api.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    subnets = {s["name"]: s["id"] for s in vpc["subnets"]}
    eips = {e["name"]: e["id"] for e in fixtures["eips"]}
    gateway = made(api, "vpn_gateway", {
        "name": "info-gw", "vpc_id": vpc["id"], "connect_subnet": subnets["subnet-demo-vpn"],
        "local_subnets": ["192.168.0.0/24"], "eip1": {"id": eips["eip-01"]}, "eip2": {"id": eips["eip-02"]}},
        "vpn_gateway")
    static_cgw = made(api, "vpn_customer_gateway", {"name": "info-static", "id_value": "203.0.113.61"},
                      "customer_gateway")
    bgp_cgw = made(api, "vpn_customer_gateway", {"name": "info-bgp", "id_value": "203.0.113.62", "bgp_asn": 65062},
                   "customer_gateway")
    static = made(api, "vpn_connection", {
        "name": "info-static-1", "vgw_id": gateway["id"], "vgw_ip": "eip1", "cgw_id": static_cgw["id"],
        "style": "static", "peer_subnets": ["10.61.0.0/16"], "psk": "Info-Psk-2026", "tags": {"team": "network"}},
        "vpn_connection")
    bgp = made(api, "vpn_connection", {
        "name": "info-bgp-1", "vgw_id": gateway["id"], "vgw_ip": "eip2", "cgw_id": bgp_cgw["id"], "style": "bgp",
        "peer_subnets": ["10.62.0.0/16"], "psk": "Info-Psk-2026", "tunnel_local_address": "169.254.62.1/30",
        "tunnel_peer_address": "169.254.62.2/30", "tags": {"team": "edge"}}, "vpn_connection")
    monitor = made(api, "vpn_connection_monitor", {"vpn_connection_id": bgp["id"]}, "connection_monitor")
    api.wait_until_idle()
    return {"gateway": gateway, "static": static, "bgp": bgp, "monitor": monitor}


def names(done: ModuleRun) -> list:
    assert not done.failed, done.result
    return sorted(c["name"] for c in done.result["vpn_connections"])


def test_filters_by_status_tags_and_gateway_name(api: EmulatorProcess, topology: Dict[str, Any]) -> None:
    set_status(api, topology["static"]["id"], "ACTIVE")
    set_status(api, topology["bgp"]["id"], "DOWN")
    assert names(run(api, {"vgw_name": "info-gw"})) == ["info-bgp-1", "info-static-1"]
    assert names(run(api, {"vgw_name": "info-gw", "status": ["DOWN"]})) == ["info-bgp-1"]
    assert names(run(api, {"status": ["ACTIVE", "ERROR"]})) == ["info-static-1"]
    assert names(run(api, {"tags": {"team": "network"}})) == ["info-static-1"]
    assert names(run(api, {"tags": {"team": None}})) == ["info-bgp-1", "info-static-1"]
    assert names(run(api, {"tags": {"team": "network"}, "status": ["DOWN"]})) == []
    refused = run(api, {"status": ["UP"]})
    assert refused.failed and "status" in refused.msg


def test_routes_learnt_and_monitors_as_the_api_gives_them(api: EmulatorProcess, topology: Dict[str, Any]) -> None:
    done = run(api, {"vgw_id": topology["gateway"]["id"], "routes": True, "monitors": True})
    assert not done.failed, done.result
    shown = {c["name"]: c for c in done.result["vpn_connections"]}
    bgp, static = shown["info-bgp-1"], shown["info-static-1"]
    assert [route["destination"] for route in bgp["routes"]] == ["10.62.0.0/16"]
    route = bgp["routes"][0]
    assert route["nexthop_resource"] == {"id": topology["bgp"]["id"], "type": "vpn_connection"}
    assert route["as_path"] == "65062" and route["origin"] == "igp" and route["nexthop"] == "169.254.62.2"
    assert [r["destination"] for r in static["routes"]] == ["10.61.0.0/16"]
    assert bgp["connection_monitors"] == [topology["monitor"]]
    assert static["connection_monitors"] == []


def test_wait_for_status_names_each_connection_that_is_not_up(api: EmulatorProcess, topology: Dict[str, Any]) -> None:
    set_status(api, topology["static"]["id"], "ACTIVE")
    set_status(api, topology["bgp"]["id"], "DOWN")
    waited = run(api, {"vgw_name": "info-gw", "wait_for_status": "ACTIVE", "wait_for_status_timeout": 1})
    assert waited.failed
    assert waited.msg.endswith("Timed out after 1 seconds waiting for 1 VPN connection(s) to become ACTIVE: "
                               "info-bgp-1 (id %s) is DOWN." % topology["bgp"]["id"]), waited.msg
    assert "info-static-1" not in waited.msg
    set_status(api, topology["static"]["id"], "ERROR")
    failed = run(api, {"vgw_name": "info-gw", "wait_for_status": "ACTIVE", "wait_for_status_timeout": 60})
    assert failed.failed and "went to a failure status instead of ACTIVE" in failed.msg, failed.msg
    assert "info-static-1 (id %s) is ERROR" % topology["static"]["id"] in failed.msg
    nothing = run(api, {"name": "no-such-connection", "wait_for_status": "ACTIVE"})
    assert nothing.failed and "wait_for_status" in nothing.msg and "no connection matches" in nothing.msg
    set_status(api, topology["static"]["id"], "ACTIVE")
    set_status(api, topology["bgp"]["id"], "ACTIVE")
    up = run(api, {"vgw_name": "info-gw", "wait_for_status": "ACTIVE", "wait_for_status_timeout": 5})
    assert not up.failed, up.result
    assert [c["status"] for c in up.result["vpn_connections"]] == ["ACTIVE", "ACTIVE"]
