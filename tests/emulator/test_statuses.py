"""The test-only control paths the data-plane harness uses: a connection's pre-shared key, and setting a resource's
status to one the reference documents (the harness reports ACTIVE or DOWN from strongSwan)."""

from __future__ import annotations

import time

import pytest
import requests
from support.signed_client import TRANSITION
from test_vpn_connections import (GATEWAYS, connection_body, connection_path, create, make_customer_gateway,
                                  make_gateway)

PSK = "Site2Cloud-Key"


@pytest.fixture
def connection(api, ids):
    gateway = make_gateway(api, ids)
    customer = make_customer_gateway(api)
    created = create(api, connection_body(gateway, customer))
    return api.wait_for(connection_path(created), "vpn_connection", "ACTIVE")


def control(emulator, method, path, body=None):
    return requests.request(method, emulator.url + "/_emulator/" + path, json=body, timeout=10)


def test_the_psk_is_only_on_the_control_path(api, emulator, connection):
    shown = api.ok("GET", connection_path(connection))["vpn_connection"]
    assert "psk" not in shown and PSK not in str(shown)
    answer = control(emulator, "GET", f"vpn-connections/{connection['id']}/psk")
    assert answer.status_code == 200
    assert answer.json() == {"id": connection["id"], "psk": PSK}
    assert control(emulator, "GET", "vpn-connections/00000000-0000-4000-8000-000000000000/psk").status_code == 404


def test_a_reported_status_sticks_and_reads_back(api, emulator, connection):
    path = connection_path(connection)
    answer = control(emulator, "POST", f"statuses/vpn-connections/{connection['id']}", {"status": "DOWN"})
    assert answer.status_code == 200
    assert answer.json() == {"resource_type": "vpn-connections", "id": connection["id"], "status_before": "ACTIVE",
                             "status": "DOWN"}
    assert api.ok("GET", path)["vpn_connection"]["status"] == "DOWN"
    control(emulator, "POST", f"statuses/vpn-connections/{connection['id']}", {"status": "ACTIVE"})
    assert api.ok("GET", path)["vpn_connection"]["status"] == "ACTIVE"


def test_a_reported_status_replaces_a_scheduled_one(api, emulator, connection):
    """An update schedules PENDING_UPDATE, DOWN, ACTIVE; the data plane's report wins over what was scheduled."""
    path = connection_path(connection)
    api.ok("PUT", path, {"vpn_connection": {"peer_subnets": ["10.11.0.0/16"]}})
    assert control(emulator, "GET", "state").json()["vpn_connections"][connection["id"]]["_phases"]
    control(emulator, "POST", f"statuses/vpn-connections/{connection['id']}", {"status": "DOWN"})
    # Nothing is left to move it on: it stays DOWN until the data plane says otherwise.
    assert not control(emulator, "GET", "state").json()["vpn_connections"][connection["id"]].get("_phases")
    assert api.ok("GET", path)["vpn_connection"]["status"] == "DOWN"


@pytest.mark.parametrize("resource_type, status", [
    ("vpn-connections", "FREEZED"), ("vpn-connections", "ERROR"), ("vpn-connections", "UNKNOWN"),
    ("vpn-gateways", "FREEZED"), ("vpn-gateways", "FAULT")])
def test_documented_statuses_are_taken(api, emulator, connection, resource_type, status):
    resource_id = connection["id"] if resource_type == "vpn-connections" else connection["vgw_id"]
    answer = control(emulator, "POST", f"statuses/{resource_type}/{resource_id}", {"status": status})
    assert answer.status_code == 200, answer.text
    kind, path = (("vpn_connection", connection_path(connection)) if resource_type == "vpn-connections" else
                  ("vpn_gateway", "/v5/{project}/vpn-gateways/" + resource_id))
    assert api.ok("GET", path)[kind]["status"] == status


@pytest.mark.parametrize("resource_type, status, message", [
    ("vpn-connections", "FROZEN", "is not a status of vpn-connections"),
    ("vpn-gateways", "DOWN", "is not a status of vpn-gateways"),
    ("vpn-connections", None, "is not a status of vpn-connections"),
    ("customer-gateways", "ACTIVE", "has no status to set")])
def test_undocumented_statuses_are_refused(api, emulator, connection, resource_type, status, message):
    resource_id = connection["id"] if resource_type == "vpn-connections" else connection["vgw_id"]
    answer = control(emulator, "POST", f"statuses/{resource_type}/{resource_id}", {"status": status})
    assert answer.status_code == 400
    assert message in answer.json()["error_msg"]
    assert api.ok("GET", connection_path(connection))["vpn_connection"]["status"] == "ACTIVE"


def test_an_unknown_resource_is_not_found(emulator):
    answer = control(emulator, "POST", "statuses/vpn-connections/00000000-0000-4000-8000-000000000000",
                     {"status": "DOWN"})
    assert answer.status_code == 404


def test_held_transitions_keep_a_pending_status_then_go_on(api, ids):
    """What the tests that act on a pending status rely on: while held, no transition happens however long the
    test takes (a busy machine); once resumed, the status goes on to where it was heading."""
    body = {"vpn_gateway": {"name": "held", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
                            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": ids["eip-01"]},
                            "eip2": {"id": ids["eip-02"]}}}
    with api.transitions_held():
        gateway = api.ok("POST", GATEWAYS, body, expected=201)["vpn_gateway"]
        path = GATEWAYS + "/" + gateway["id"]
        time.sleep(TRANSITION * 3)
        assert api.ok("GET", path)["vpn_gateway"]["status"] == "PENDING_CREATE"
    assert api.wait_for(path, "vpn_gateway", "ACTIVE")["id"] == gateway["id"]
