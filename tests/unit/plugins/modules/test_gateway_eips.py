"""The EIPs a gateway creates (vpn_gateway, p2c_gateway; main() in process against an emulator of this file's own):
eips_on_delete=release deletes the gateway and its new EIPs go with it; eips_on_delete=keep refuses the delete,
naming each bound EIP, before any write, until the EIPs are unbound (the emulator's control path stands in for the
EIP service), then deletes the gateway and the EIPs stay."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest
from support.emulator import EmulatorProcess
from support.inprocess import run_on as run

NEW_EIP = {"type": "5_bgp", "bandwidth_size": 5}


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(transition_seconds=0.05) as emulator:
        yield emulator


def eip_ids(api: EmulatorProcess) -> List[str]:
    return [eip["id"] for eip in api.fixtures()["eips"]]


def vpc(api: EmulatorProcess) -> Dict[str, Any]:
    return next(v for v in api.fixtures()["vpcs"] if v["name"] == "vpc-demo")


def s2c_gateway(api: EmulatorProcess, name: str) -> Dict[str, Any]:
    found = vpc(api)
    subnets = {s["name"]: s["id"] for s in found["subnets"]}
    done = run(api, "vpn_gateway", {"name": name, "vpc_id": found["id"], "connect_subnet": subnets["subnet-demo-vpn"],
                                    "local_subnets": ["192.168.0.0/24"], "eip1": NEW_EIP, "eip2": NEW_EIP})
    assert not done.failed, done.result
    return done.result["vpn_gateway"]


def test_vpn_gateway_keeps_its_eips_only_once_unbound(api: EmulatorProcess) -> None:
    gateway = s2c_gateway(api, "eips-keep")
    eips = [gateway["eip1"], gateway["eip2"]]
    assert {eip["id"] for eip in eips} <= set(eip_ids(api))
    absent = {"name": "eips-keep", "state": "absent", "eips_on_delete": "keep"}
    api.clear_requests()
    for check_mode in (True, False):
        refused = run(api, "vpn_gateway", absent, check_mode=check_mode)
        assert refused.failed
        assert "eips_on_delete" in refused.msg and "the VPN API cannot unbind an EIP" in refused.msg
        for slot, eip in zip(("eip1", "eip2"), eips):
            assert f"EIP {eip['id']} ({eip['ip_address']}, {slot})" in refused.msg, refused.msg
    assert api.writes() == []
    for eip in eips:
        api.unbind_eip(eip["id"])
    deleted = run(api, "vpn_gateway", absent)
    assert not deleted.failed and deleted.result["changed"], deleted.result
    assert {eip["id"] for eip in eips} <= set(eip_ids(api))


def test_vpn_gateway_releases_its_new_eips_by_default(api: EmulatorProcess) -> None:
    gateway = s2c_gateway(api, "eips-release")
    deleted = run(api, "vpn_gateway", {"name": "eips-release", "state": "absent"})
    assert not deleted.failed and deleted.result["changed"], deleted.result
    assert not {gateway["eip1"]["id"], gateway["eip2"]["id"]} & set(eip_ids(api))


def test_p2c_gateway_keep_refuses_and_release_releases(api: EmulatorProcess) -> None:
    found = vpc(api)
    subnets = {s["name"]: s["id"] for s in found["subnets"]}
    created = run(api, "p2c_gateway", {"name": "eips-p2c", "vpc_id": found["id"],
                                       "connect_subnet": subnets["subnet-demo-p2c"], "eip": NEW_EIP})
    assert not created.failed, created.result
    eip = created.result["p2c_vpn_gateway"]["eip"]
    refused = run(api, "p2c_gateway", {"name": "eips-p2c", "state": "absent", "eips_on_delete": "keep"})
    assert refused.failed and f"EIP {eip['id']} ({eip['ip_address']}, eip)" in refused.msg, refused.msg
    deleted = run(api, "p2c_gateway", {"name": "eips-p2c", "state": "absent"})
    assert not deleted.failed and deleted.result["changed"], deleted.result
    assert eip["id"] not in eip_ids(api)
