"""Gateway upgrades and their jobs (vpn_gateway_upgrade, vpn_gateway_job, vpn_gateway_job_info) and the statuses in
which the service refuses changes (frozen resources, an upgrade waiting for confirmation, a connection in ERROR or
UNKNOWN), through the modules' public interface: main() in process against an emulator of this file's own.

A blocked resource must fail the task at once, naming the resource, its status and what to do: the tests count the
requests the task made (a wait would poll), never the time it took."""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, NamedTuple

import pytest
from ansible_collections.hwcloud.vpn.plugins.module_utils import api as vpn_api
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Client
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, WaitError
from ansible_collections.hwcloud.vpn.plugins.module_utils.waiter import wait_for_status
from support.emulator import EmulatorProcess
from support.inprocess import ModuleRun, run_on as run

Topology = Dict[str, Any]
# A task that fails at once reads a handful of times (a lookup, a list, the parent) and never polls.
AT_ONCE = 6


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    with EmulatorProcess() as emulator:
        yield emulator


def ok(api: EmulatorProcess, module: str, args: Dict[str, Any], changed: bool, **mode: bool) -> ModuleRun:
    done = run(api, module, args, **mode)
    assert not done.failed, (module, done.result)
    assert done.result["changed"] is changed, (module, done.result)
    return done


def set_status(api: EmulatorProcess, resource_type: str, resource_id: str, status: str) -> None:
    api._control("POST", f"statuses/{resource_type}/{resource_id}", {"status": status})  # pylint: disable=protected-access


@pytest.fixture(scope="module")
def topology(api: EmulatorProcess) -> Topology:
    fixtures = api.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    subnets = {s["name"]: s["id"] for s in vpc["subnets"]}
    eips = {e["name"]: e["id"] for e in fixtures["eips"]}
    ids: Topology = {"ccm_id": next(c["id"] for c in fixtures["certificates"] if c["status"] == "ISSUED")}
    ids["gateway"] = ok(api, "vpn_gateway", {
        "name": "frozen-gw", "vpc_id": vpc["id"], "connect_subnet": subnets["subnet-demo-vpn"],
        "local_subnets": ["192.168.0.0/24"], "eip1": {"id": eips["eip-01"]}, "eip2": {"id": eips["eip-02"]}},
        True).result["vpn_gateway"]["id"]
    ids["cgw"] = ok(api, "vpn_customer_gateway", {"name": "frozen-cgw", "id_value": "203.0.113.70"},
                    True).result["customer_gateway"]["id"]
    ids["connection"] = ok(api, "vpn_connection", {
        "name": "frozen-conn", "vgw_id": ids["gateway"], "vgw_ip": "eip1", "cgw_id": ids["cgw"],
        "peer_subnets": ["10.70.0.0/16"], "psk": "Frozen-Psk-2024"}, True).result["vpn_connection"]["id"]
    ids["p2c"] = ok(api, "p2c_gateway", {"name": "frozen-p2c", "vpc_id": vpc["id"],
                                         "connect_subnet": subnets["subnet-demo-p2c"],
                                         "eip": {"type": "5_bgp", "bandwidth_size": 10}}, True).result["p2c_vpn_gateway"]["id"]
    ids["server"] = ok(api, "p2c_server", {"p2c_vgw_id": ids["p2c"], "client_cidr": "172.16.0.0/24",
                                           "local_subnets": ["192.168.0.0/24"], "client_auth_type": "LOCAL_PASSWORD",
                                           "server_certificate": {"id": ids["ccm_id"]}}, True).result["vpn_server"]["id"]
    api.wait_until_idle()
    return ids


# -- upgrades --------------------------------------------------------------------------------------------

def test_s2c_upgrade_start_then_finish(api: EmulatorProcess, topology: Topology) -> None:
    upgrade = {"gateway_id": topology["gateway"]}
    api.clear_requests()
    planned = ok(api, "vpn_gateway_upgrade", dict(upgrade, action="start"), True, check_mode=True, diff=True)
    assert api.writes() == []
    assert planned.result["diff"]["after"]["status"] == "PENDING_UPGRADE_CONFIRM", planned.result
    started = ok(api, "vpn_gateway_upgrade", dict(upgrade, action="start"), True)
    assert started.result["gateway"]["status"] == "PENDING_UPGRADE_CONFIRM", started.result
    assert started.result["job"]["status"] == "pending_upgrade_confirm", started.result
    ok(api, "vpn_gateway_upgrade", dict(upgrade, action="start"), False)

    # While the upgrade waits for confirmation, every other task on the gateway fails at once and says what to do.
    for module, args in (("vpn_gateway", {"id": topology["gateway"], "name": "renamed"}),
                         ("vpn_connection", {"name": "frozen-conn", "vgw_id": topology["gateway"],
                                             "peer_subnets": ["10.71.0.0/16"]})):
        api.clear_requests()
        refused = run(api, module, args)
        assert refused.failed, refused.result
        assert "PENDING_UPGRADE_CONFIRM" in refused.msg and "vpn_gateway_upgrade" in refused.msg, refused.msg
        assert topology["gateway"] in refused.msg, refused.msg
        assert api.writes() == [] and len(api.requests()) <= AT_ONCE, api.requests()

    finished = ok(api, "vpn_gateway_upgrade", dict(upgrade, action="finish"), True, diff=True)
    assert finished.result["gateway"]["status"] == "ACTIVE", finished.result
    assert finished.result["job"]["status"] == "success", finished.result
    assert finished.result["diff"]["after"]["job_status"] == "success", finished.result
    api.clear_requests()
    ok(api, "vpn_gateway_upgrade", dict(upgrade, action="finish"), False)
    assert api.writes() == []
    # The upgrade is committed: there is nothing to roll back, and nothing more to start.
    refused = run(api, "vpn_gateway_upgrade", dict(upgrade, action="rollback"))
    assert refused.failed and "no upgrade waits for confirmation" in refused.msg, refused.result
    ok(api, "vpn_gateway_upgrade", dict(upgrade, action="start"), False)


def test_p2c_upgrade_rollback_and_jobs(api: EmulatorProcess, topology: Topology) -> None:
    upgrade = {"gateway_type": "p2c", "gateway_id": topology["p2c"]}
    refused = run(api, "vpn_gateway_upgrade", dict(upgrade, action="finish"))
    assert refused.failed and "action=start" in refused.msg, refused.result
    ok(api, "vpn_gateway_upgrade", dict(upgrade, action="start"), True)
    rolled_back = ok(api, "vpn_gateway_upgrade", dict(upgrade, action="rollback"), True)
    assert rolled_back.result["gateway"]["status"] == "ACTIVE", rolled_back.result
    assert rolled_back.result["job"]["status"] == "rollback_success", rolled_back.result
    ok(api, "vpn_gateway_upgrade", dict(upgrade, action="rollback"), False)

    listed = ok(api, "vpn_gateway_job_info", {"gateway_type": "p2c", "gateway_id": topology["p2c"]}, False)
    assert [(j["job_type"], j["status"]) for j in listed.result["jobs"]] == [("rollback", "rollback_success")]
    job_id = listed.result["jobs"][0]["id"]
    assert ok(api, "vpn_gateway_job_info", {"gateway_type": "s2c", "id": job_id}, False).result["jobs"] == []

    api.clear_requests()
    planned = ok(api, "vpn_gateway_job", {"gateway_type": "p2c", "gateway_id": topology["p2c"]}, True,
                 check_mode=True, diff=True)
    assert api.writes() == [] and planned.result["diff"]["before"] == {"jobs": [job_id]}, planned.result
    deleted = ok(api, "vpn_gateway_job", {"gateway_type": "p2c", "id": job_id}, True)
    assert [j["id"] for j in deleted.result["jobs"]] == [job_id]
    ok(api, "vpn_gateway_job", {"gateway_type": "p2c", "id": job_id}, False)
    assert ok(api, "vpn_gateway_job_info", {"gateway_type": "p2c"}, False).result["jobs"] == []


def test_a_running_job_is_not_deleted(api: EmulatorProcess, topology: Topology) -> None:
    upgrade = {"gateway_type": "p2c", "gateway_id": topology["p2c"]}
    started = ok(api, "vpn_gateway_upgrade", dict(upgrade, action="start"), True)
    try:
        refused = run(api, "vpn_gateway_job", {"gateway_type": "p2c", "id": started.result["job"]["id"]})
        assert refused.failed and "still running" in refused.msg and "vpn_gateway_upgrade" in refused.msg, refused.result
        ok(api, "vpn_gateway_job", {"gateway_type": "p2c", "gateway_id": topology["p2c"]}, False)
    finally:
        ok(api, "vpn_gateway_upgrade", dict(upgrade, action="rollback"), True)


# -- blocked statuses ------------------------------------------------------------------------------------

class Blocked(NamedTuple):
    resource_type: str  # the control path's type
    resource: str  # the topology key of the resource put in the status
    status: str
    settled: str  # the status it is given back
    module: str
    args: Callable[[Topology], Dict[str, Any]]
    kind: str  # how the message names the blocked resource


GATEWAY, CONNECTION, P2C, SERVER = "vpn-gateways", "vpn-connections", "p2c-vpn-gateways", "vpn-servers"
BLOCKED = {
    "vpn_gateway update, gateway FREEZED": Blocked(
        GATEWAY, "gateway", "FREEZED", "ACTIVE", "vpn_gateway", lambda t: {"id": t["gateway"], "name": "renamed"},
        "VPN gateway"),
    "vpn_gateway delete, gateway FREEZED": Blocked(
        GATEWAY, "gateway", "FREEZED", "ACTIVE", "vpn_gateway", lambda t: {"id": t["gateway"], "state": "absent"},
        "VPN gateway"),
    "vpn_gateway_upgrade start, gateway FREEZED": Blocked(
        GATEWAY, "gateway", "FREEZED", "ACTIVE", "vpn_gateway_upgrade",
        lambda t: {"gateway_id": t["gateway"], "action": "start"}, "VPN gateway"),
    "vpn_connection update, gateway FREEZED": Blocked(
        GATEWAY, "gateway", "FREEZED", "ACTIVE", "vpn_connection",
        lambda t: {"name": "frozen-conn", "vgw_id": t["gateway"], "peer_subnets": ["10.71.0.0/16"]}, "VPN gateway"),
    "vpn_connection update, connection FREEZED": Blocked(
        CONNECTION, "connection", "FREEZED", "DOWN", "vpn_connection",
        lambda t: {"name": "frozen-conn", "vgw_id": t["gateway"], "peer_subnets": ["10.71.0.0/16"]}, "VPN connection"),
    "vpn_connection delete, connection FREEZED": Blocked(
        CONNECTION, "connection", "FREEZED", "DOWN", "vpn_connection",
        lambda t: {"name": "frozen-conn", "vgw_id": t["gateway"], "state": "absent"}, "VPN connection"),
    "p2c_gateway update, gateway FROZEN": Blocked(
        P2C, "p2c", "FROZEN", "ACTIVE", "p2c_gateway", lambda t: {"id": t["p2c"], "name": "renamed-p2c"},
        "P2C VPN gateway"),
    "p2c_gateway delete, gateway FROZEN": Blocked(
        P2C, "p2c", "FROZEN", "ACTIVE", "p2c_gateway", lambda t: {"id": t["p2c"], "state": "absent"},
        "P2C VPN gateway"),
    "p2c_gateway update, upgrade to confirm": Blocked(
        P2C, "p2c", "PENDING_UPGRADE_CONFIRM", "ACTIVE", "p2c_gateway", lambda t: {"id": t["p2c"], "name": "renamed-p2c"},
        "P2C VPN gateway"),
    "p2c_server update, server FROZEN": Blocked(
        SERVER, "server", "FROZEN", "ACTIVE", "p2c_server",
        lambda t: {"p2c_vgw_id": t["p2c"], "local_subnets": ["192.168.5.0/24"]}, "VPN server"),
    "p2c_user create, server FROZEN": Blocked(
        SERVER, "server", "FROZEN", "ACTIVE", "p2c_user",
        lambda t: {"vpn_server_id": t["server"], "name": "frozen-user", "password": "Frozen-Pass-2024"}, "VPN server"),
    "p2c_user_group create, server FROZEN": Blocked(
        SERVER, "server", "FROZEN", "ACTIVE", "p2c_user_group",
        lambda t: {"vpn_server_id": t["server"], "name": "frozen-group"}, "VPN server"),
    "access_policy create, server FROZEN": Blocked(
        SERVER, "server", "FROZEN", "ACTIVE", "access_policy",
        lambda t: {"vpn_server_id": t["server"], "name": "frozen-policy", "user_group": "default",
                   "dest_ip_cidrs": ["192.168.0.0/24"]}, "VPN server"),
    "p2c_user_password, server FROZEN": Blocked(
        SERVER, "server", "FROZEN", "ACTIVE", "p2c_user_password",
        lambda t: {"vpn_server_id": t["server"], "name": "frozen-user", "old_password": "Frozen-Pass-2024",
                   "new_password": "Frozen-Pass-2025"}, "VPN server"),
    "p2c_client_ca_certificate, server FROZEN": Blocked(
        SERVER, "server", "FROZEN", "ACTIVE", "p2c_client_ca_certificate",
        lambda t: {"vpn_server_id": t["server"], "name": "frozen-ca", "state": "absent"}, "VPN server"),
}


@pytest.mark.parametrize("case", list(BLOCKED), ids=list(BLOCKED))
def test_a_blocked_resource_fails_the_task_at_once(api: EmulatorProcess, topology: Topology, case: str) -> None:
    blocked = BLOCKED[case]
    resource_id = topology[blocked.resource]
    set_status(api, blocked.resource_type, resource_id, blocked.status)
    try:
        api.clear_requests()
        refused = run(api, blocked.module, blocked.args(topology))
        requests = api.requests()
    finally:
        set_status(api, blocked.resource_type, resource_id, blocked.settled)
    assert refused.failed, refused.result
    assert "%s %s" % (blocked.kind, resource_id) in refused.msg and blocked.status in refused.msg, refused.msg
    advice = "vpn_gateway_upgrade" if blocked.status == "PENDING_UPGRADE_CONFIRM" else "unfreeze it"
    assert advice in refused.msg, refused.msg
    assert [r for r in requests if r.get("write")] == [], requests
    assert len(requests) <= AT_ONCE, [(r.get("method"), r.get("path")) for r in requests]


@pytest.mark.parametrize("status", ["ERROR", "UNKNOWN"])
def test_a_connection_in_error_is_not_waited_on(api: EmulatorProcess, topology: Topology, status: str) -> None:
    """Nothing a task does settles ERROR or UNKNOWN: a task with nothing to change reports the connection as it is,
    without polling; one with a change makes it (the way out of a broken tunnel)."""
    set_status(api, CONNECTION, topology["connection"], status)
    try:
        api.clear_requests()
        same = ok(api, "vpn_connection", {"name": "frozen-conn", "vgw_id": topology["gateway"]}, False)
        assert same.result["vpn_connection"]["status"] == status, same.result
        assert len(api.requests()) <= AT_ONCE, api.requests()
    finally:
        set_status(api, CONNECTION, topology["connection"], "DOWN")


@pytest.mark.parametrize("status", ["FREEZED", "ERROR", "UNKNOWN"])
def test_a_wait_stops_at_a_connection_status_nothing_settles(status: str) -> None:
    polls = []

    def fetch() -> Dict[str, Any]:
        polls.append(status)
        return {"id": "c1", "status": status}

    with pytest.raises(WaitError) as failed:
        wait_for_status(fetch, vpn_api.VPN_CONNECTION, 600, "VPN connection c1", sleep=lambda _s: None)
    assert polls == [status] and "went to status %s" % status in str(failed.value)
    assert ("unfreeze it" in str(failed.value)) is (status == "FREEZED")


FROZEN_REFUSALS = {
    # (control path type, topology key, frozen status, status given back, method, path, body, the refusal's object)
    "connection update": (CONNECTION, "connection", "FREEZED", "DOWN", "PUT", "/v5/{project_id}/vpn-connection/%s",
                          {"vpn_connection": {"name": "x"}}, "update vpnConnection"),
    "connection delete": (CONNECTION, "connection", "FREEZED", "DOWN", "DELETE", "/v5/{project_id}/vpn-connection/%s",
                          None, "delete vpnConnection"),
    "gateway update": (GATEWAY, "gateway", "FREEZED", "ACTIVE", "PUT", "/v5/{project_id}/vpn-gateways/%s",
                       {"vpn_gateway": {"name": "x"}}, "update vpnGateway"),
    "gateway delete": (GATEWAY, "gateway", "FREEZED", "ACTIVE", "DELETE", "/v5/{project_id}/vpn-gateways/%s", None,
                       "delete vpnGateway"),
    "p2c gateway delete": (P2C, "p2c", "FROZEN", "ACTIVE", "DELETE", "/v5/{project_id}/p2c-vpn-gateways/%s", None,
                           "delete p2cVpnGateway"),
}


@pytest.mark.parametrize("case", list(FROZEN_REFUSALS), ids=list(FROZEN_REFUSALS))
def test_the_emulator_refuses_changes_to_a_frozen_resource(api: EmulatorProcess, topology: Topology, case: str) -> None:
    """4.1.3.5 and 4.1.3.6: VPN.0001 "invalid request: ILLEGAL not allowed update vpnConnection" (and delete); the
    emulator answers the same for frozen gateways and servers."""
    resource_type, key, status, settled, method, path, body, refused = FROZEN_REFUSALS[case]
    set_status(api, resource_type, topology[key], status)
    client = Client({"access_key": api.access_key, "secret_key": api.secret_key, "project_id": api.project_id,
                     "endpoint": api.url, "timeout": 30, "retries": 0})
    try:
        with pytest.raises(ApiError) as answer:
            client.request(method, path % topology[key], body=body)
    finally:
        set_status(api, resource_type, topology[key], settled)
    assert (answer.value.status, answer.value.error_code, answer.value.error_msg) == (
        400, "VPN.0001", "invalid request: ILLEGAL not allowed " + refused)


# -- a user's password changed with the old one ------------------------------------------------------------

def test_a_user_changes_the_password_with_the_old_one(api: EmulatorProcess, topology: Topology) -> None:
    server, old, new, wrong = topology["server"], "Self-Service-2023", "Self-Service-2024", "Not-The-Password-1"
    ok(api, "p2c_user", {"vpn_server_id": server, "name": "self-service", "password": old}, True)
    change = {"vpn_server_id": server, "name": "self-service", "old_password": old, "new_password": new}
    api.clear_requests()
    planned = ok(api, "p2c_user_password", change, True, check_mode=True, diff=True)
    assert api.writes() == [] and planned.result["diff"]["after"] == {"password_changed": True}, planned.result
    changed = ok(api, "p2c_user_password", change, True)
    again = ok(api, "p2c_user_password", change, False)
    assert again.result["user"]["name"] == "self-service", again.result
    refused = run(api, "p2c_user_password", dict(change, old_password=wrong, new_password="Self-Service-2025"))
    assert refused.failed and "old_password" in refused.msg and "VPN.1312" in refused.msg, refused.result
    for done in (planned, changed, again, refused):
        assert not any(secret in done.output for secret in (old, new, wrong, "Self-Service-2025")), done.output
    # The new password is the one in effect: changing it back with it as the old one works.
    ok(api, "p2c_user_password", dict(change, old_password=new, new_password="Self-Service-2026"), True)
