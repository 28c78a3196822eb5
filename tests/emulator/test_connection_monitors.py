"""4.1.4 in the emulator: connection monitors, their lifecycle, their identity (one per connection), the 400
VPN.0001 answer for a monitor that is gone, and monitors going with their connection."""

from __future__ import annotations

from test_vpn_connections import CONNECTIONS, connection_body, create, make_customer_gateway, make_gateway

MONITORS = "/v5/{project}/connection-monitors"


def active_connection(api, ids, **settings):
    gateway = make_gateway(api, ids)
    customer = make_customer_gateway(api)
    connection = create(api, connection_body(gateway, customer, **settings))
    api.wait_for(CONNECTIONS + "/" + connection["id"], "vpn_connection", "ACTIVE")
    return gateway, customer, connection


def test_monitor_lifecycle(api, ids):
    gateway, customer, connection = active_connection(api, ids)
    with api.transitions_held():  # a pending status, held while the test acts on it
        created = api.ok("POST", MONITORS, {"connection_monitor": {"vpn_connection_id": connection["id"]}},
                         expected=201)["connection_monitor"]
        assert "status" not in created  # the create answer carries no status (4.1.4.1)
        assert created["vpn_connection_id"] == connection["id"] and created["type"] == "gateway"
        assert created["proto_type"] == "icmp"
        assert created["source_ip"] == gateway["eip1"]["ip_address"]
        assert created["destination_ip"] == customer["id_value"]
        path = MONITORS + "/" + created["id"]
        assert api.ok("GET", path)["connection_monitor"]["status"] == "PENDING_CREATE"
    api.wait_for(path, "connection_monitor", "ACTIVE")
    shown = api.ok("GET", CONNECTIONS + "/" + connection["id"])["vpn_connection"]
    assert shown["connection_monitor_id"] == created["id"]

    answer = api.ok("GET", MONITORS)
    assert set(answer) == {"connection_monitors", "request_id"}  # not paged
    listed = answer["connection_monitors"]
    assert [m["id"] for m in listed] == [created["id"]]
    elsewhere = api.ok("GET", MONITORS, query={"vpn_connection_id": "00000000-0000-4000-8000-000000000000"})
    assert elsewhere["connection_monitors"] == []
    assert api.ok("GET", MONITORS, query={"enterprise_project_id": "0"})["connection_monitors"] == listed

    # One monitor per connection.
    again = {"connection_monitor": {"vpn_connection_id": connection["id"]}}
    assert api.error("POST", MONITORS, again) == (400, "VPN.0001")

    with api.transitions_held():  # a pending status, held while the test acts on it
        api.ok("DELETE", path, expected=204)
        assert api.ok("GET", path)["connection_monitor"]["status"] == "PENDING_DELETE"
    api.wait_gone(path)
    assert api.error("GET", path) == (404, "VPN.0004")
    # A monitor that is already gone: 400 VPN.0001, not 404.
    assert api.error("DELETE", path) == (400, "VPN.0001")
    assert "connection_monitor_id" not in api.ok("GET", CONNECTIONS + "/" + connection["id"])["vpn_connection"]


def test_monitor_refusals(api, ids):
    assert api.error("POST", MONITORS, {"connection_monitor": {
        "vpn_connection_id": "00000000-0000-4000-8000-000000000000"}}) == (404, "VPN.0563")
    assert api.error("POST", MONITORS, {"connection_monitor": {"vpn_connection_id": "not-a-uuid"}}) == \
        (400, "VPN.0001")
    assert api.error("POST", MONITORS, {"connection_monitor": {}}) == (400, "VPN.0001")
    gateway = make_gateway(api, ids)
    customer = make_customer_gateway(api)
    pending = create(api, connection_body(gateway, customer))
    answer = api.call("POST", MONITORS, {"connection_monitor": {"vpn_connection_id": pending["id"]}})
    assert answer[0] == 409
    assert api.ok("GET", MONITORS)["connection_monitors"] == []


def test_a_monitor_goes_with_its_connection(api, ids):
    unused_gateway, unused_customer, connection = active_connection(api, ids)
    monitor = api.ok("POST", MONITORS, {"connection_monitor": {"vpn_connection_id": connection["id"]}},
                     expected=201)["connection_monitor"]
    api.wait_for(MONITORS + "/" + monitor["id"], "connection_monitor", "ACTIVE")
    api.ok("DELETE", CONNECTIONS + "/" + connection["id"], expected=204)
    api.wait_gone(CONNECTIONS + "/" + connection["id"])
    assert api.error("GET", MONITORS + "/" + monitor["id"]) == (404, "VPN.0004")
    assert api.ok("GET", MONITORS)["connection_monitors"] == []
