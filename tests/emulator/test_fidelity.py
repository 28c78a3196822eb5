"""Where the emulator follows the reference closely (issue 12): the error codes of appendix A.3 for an unknown
gateway and the last CA certificate of a CERT server, supported_features and upgrade_info on S2C gateways and
their upgrades, the PSK character set of each connection operation, the user description pattern, and IKEv2
connections given a phase 1 negotiation mode."""

from __future__ import annotations

from typing import Any, Dict

import pytest
from support.certs import issue
from support.p2c_api import SERVERS, create_server, wait_server

GATEWAYS = "/v5/{project}/vpn-gateways"
CUSTOMER_GATEWAYS = "/v5/{project}/customer-gateways"
CONNECTIONS = "/v5/{project}/vpn-connection"
BATCH = "/v5/{project}/vpn-connections/batch-create"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def gateway(api, ids) -> Dict[str, Any]:
    body = {"name": "gw", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": ids["eip-01"]}, "eip2": {"id": ids["eip-02"]}}
    created = api.ok("POST", GATEWAYS, {"vpn_gateway": body}, expected=201)["vpn_gateway"]
    return api.wait_for(f"{GATEWAYS}/{created['id']}", "vpn_gateway", "ACTIVE")


@pytest.fixture
def customer(api) -> Dict[str, Any]:
    body = {"customer_gateway": {"name": "branch", "id_value": "203.0.113.10"}}
    return api.ok("POST", CUSTOMER_GATEWAYS, body, expected=201)["customer_gateway"]


def connection(gateway, customer, eip="eip1", **more) -> Dict[str, Any]:
    return dict({"name": "conn", "vgw_id": gateway["id"], "vgw_ip": gateway[eip]["id"], "cgw_id": customer["id"],
                 "peer_subnets": ["10.10.0.0/16"], "psk": "Site2Cloud-Key"}, **more)


@pytest.mark.parametrize("method, suffix, body", [
    ("GET", "", None), ("PUT", "", {"vpn_gateway": {"name": "x"}}), ("DELETE", "", None),
    ("POST", "/update-specification", {"vpn_gateway": {"flavor": "Professional2"}}),
    ("POST", "/upgrade", {"action": "start"}), ("GET", "/routing-table", None), ("GET", "/certificate", None)])
def test_an_unknown_s2c_gateway_is_vpn_0509(api, method, suffix, body):
    assert api.error(method, f"{GATEWAYS}/{UNKNOWN}{suffix}", body) == (404, "VPN.0509")


def test_an_unknown_p2c_gateway_is_vpn_0509(api):
    assert api.error("GET", f"/v5/{{project}}/p2c-vpn-gateways/{UNKNOWN}") == (404, "VPN.0509")
    assert api.error("DELETE", f"/v5/{{project}}/p2c-vpn-gateways/{UNKNOWN}") == (404, "VPN.0509")


def test_a_cert_server_keeps_its_last_ca_certificate(api):
    server = create_server(api, client_auth_type="CERT", client_ca_certificates=[
        {"name": "first", "content": issue("First CA", ca=True).pem}])
    base = f"{SERVERS}/{server['id']}/client-ca-certificates"
    second = api.ok("POST", base, {"client_ca_certificate": {"name": "second", "content": issue(
        "Second CA", ca=True).pem}}, expected=201)["client_ca_certificate"]
    first = server["client_ca_certificates"][0]
    api.ok("DELETE", f"{base}/{first['id']}", expected=204)
    assert api.error("DELETE", f"{base}/{second['id']}") == (400, "VPN.1101")
    assert [c["id"] for c in wait_server(api, server["p2c_vgw_id"])["client_ca_certificates"]] == [second["id"]]


def test_supported_features_and_upgrade_info(api, gateway):
    path = f"{GATEWAYS}/{gateway['id']}"
    assert gateway["upgrade_info"] == "ready" and "bgp" in gateway["supported_features"]
    listed = api.ok("GET", GATEWAYS)["vpn_gateways"][0]
    assert listed["supported_features"] == gateway["supported_features"] and "upgrade_info" not in listed
    job_id = api.ok("POST", path + "/upgrade", {"action": "start"}, expected=202)["job_id"]
    assert api.error("DELETE", f"{GATEWAYS}/jobs/{job_id}") == (400, "VPN.0001")  # still running
    api.wait_for(path, "vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    api.ok("POST", path + "/upgrade", {"action": "finish"}, expected=202)
    upgraded = api.ok("GET", path)["vpn_gateway"]
    assert upgraded["status"] == "ACTIVE" and upgraded["upgrade_info"] == "unready"
    assert api.error("POST", path + "/upgrade", {"action": "start"}) == (400, "VPN.0001")  # nothing to upgrade to
    [job] = api.ok("GET", f"{GATEWAYS}/jobs", query={"resource_id": gateway["id"]})["jobs"]
    assert job["status"] == "success" and [s["status"] for s in job["sub_jobs"]] == ["success"] * 3


def test_an_upgrade_rolls_back(api, gateway):
    path = f"{GATEWAYS}/{gateway['id']}"
    api.ok("POST", path + "/upgrade", {"action": "start"}, expected=202)
    assert api.error("POST", path + "/upgrade", {"action": "rollback"}) == (400, "VPN.0001")  # still upgrading
    assert api.error("PUT", path, {"vpn_gateway": {"name": "x"}}) == (409, "VPN.0003")
    api.wait_for(path, "vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    api.ok("POST", path + "/upgrade", {"action": "rollback"}, expected=202)
    assert api.ok("GET", path)["vpn_gateway"]["status"] == "ROLLING_BACK"
    assert api.wait_for(path, "vpn_gateway", "ACTIVE")["upgrade_info"] == "ready"


@pytest.mark.parametrize("psk, create, batch, update", [
    ("Site2Cloud-Key", True, True, True),
    ("Site2Cloud&Key", False, False, True),  # "&" only in 4.1.3.5's list
    ("Site2Cloud.Key", False, True, True),  # "." in 4.1.3.2's and 4.1.3.5's lists
    ("Site2Cloud:Key", True, True, False),  # ":" in 4.1.3.1's and 4.1.3.2's lists
    ("Site2Cloud Key", False, False, False),
])
def test_the_psk_characters_of_each_operation(api, gateway, customer, psk, create, batch, update):
    created = api.call("POST", CONNECTIONS, {"vpn_connection": connection(gateway, customer, psk=psk)})
    assert (created[0] == 201) == create, created[:2]
    batched = api.call("POST", BATCH, {"vpn_connections": [connection(gateway, customer, eip="eip2", psk=psk)]})
    assert (batched[0] == 201) == batch, batched[:2]
    existing = created[1]["vpn_connection"] if create else \
        api.ok("POST", CONNECTIONS, {"vpn_connection": connection(gateway, customer)}, expected=201)["vpn_connection"]
    path = f"{CONNECTIONS}/{existing['id']}"
    api.wait_for(path, "vpn_connection", "ACTIVE")
    changed = api.call("PUT", path, {"vpn_connection": {"psk": psk}})
    assert (changed[0] == 200) == update, changed[:2]


def test_ikev2_with_a_phase1_negotiation_mode(api, gateway, customer):
    # "mandatory only when the IKE version is v1" (4.1.3.1), "takes effect only for IKEv1" (4.1.3.5), "available
    # only when the IKE version is v1" (answers): accepted with v2, not applied, not shown.
    body = connection(gateway, customer, ikepolicy={"ike_version": "v2", "phase1_negotiation_mode": "aggressive"})
    created = api.ok("POST", CONNECTIONS, {"vpn_connection": body}, expected=201)["vpn_connection"]
    assert "phase1_negotiation_mode" not in created["ikepolicy"]
    path = f"{CONNECTIONS}/{created['id']}"
    api.wait_for(path, "vpn_connection", "ACTIVE")
    updated = api.ok("PUT", path, {"vpn_connection": {"ikepolicy": {"phase1_negotiation_mode": "aggressive"}}})
    assert "phase1_negotiation_mode" not in updated["vpn_connection"]["ikepolicy"]
    api.wait_for(path, "vpn_connection", "ACTIVE")
    to_v1 = api.ok("PUT", path, {"vpn_connection": {"ikepolicy": {"ike_version": "v1"}}})["vpn_connection"]
    assert to_v1["ikepolicy"]["phase1_negotiation_mode"] == "main"  # the default, now that it applies


@pytest.mark.parametrize("description, accepted", [
    ("Alice_from_IT", True), ("", True), ("x" * 64, True), ("x" * 65, False), ("Alice-from-IT", False),
    ("Alice from IT", False)])
def test_the_user_description_pattern(api, description, accepted):
    base = f"{SERVERS}/{create_server(api)['id']}/users"
    status = api.call("POST", base, {"user": {"name": "alice", "password": "Secret-Pass-1",
                                              "description": description}})[0]
    assert (status == 201) == accepted
    batch = api.call("POST", base + "/batch-create", {"users": [{"name": "bob1", "password": "Secret-Pass-1",
                                                                 "description": description}]})[0]
    assert (batch == 201) == accepted
