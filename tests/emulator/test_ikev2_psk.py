"""An IKEv2 connection's pre-shared key changed alone (issue 11 item 15). The reference (Updating a VPN Connection):
"When the IKE version is v2 and only this parameter is modified, the modification does not take effect." The
emulator stores the key and keeps negotiating with the previous one (the key the data plane is configured with,
GET /_emulator/vpn-connections/<id>/psk) until the connection is reset or changed otherwise."""

from __future__ import annotations

from test_vpn_connections import PSK, connection_body, connection_path, create, customer, gateway  # pylint: disable=unused-import  # noqa: F401 (fixtures)

NEW = "Rotated-Key-77"


def negotiated(api, connection):
    return api.ok("GET", "/_emulator/vpn-connections/%s/psk" % connection["id"])["psk"]


def stored(api, connection):
    return api.emulator.app.store.get("vpn_connections", connection["id"])["_psk"]


def test_ikev2_psk_alone_is_stored_not_applied_until_reset(api, gateway, customer):
    created = create(api, connection_body(gateway, customer, ikepolicy={"ike_version": "v2"}))
    path = connection_path(created)
    api.wait_for(path, "vpn_connection", "ACTIVE")
    api.ok("PUT", path, {"vpn_connection": {"psk": NEW, "name": "renamed"}})
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert (stored(api, created), negotiated(api, created)) == (NEW, PSK)
    api.ok("POST", path + "/reset")
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert negotiated(api, created) == NEW


def test_ikev2_psk_with_another_change_and_ikev1_psk_take_effect(api, gateway, customer):
    created = create(api, connection_body(gateway, customer, ikepolicy={"ike_version": "v2"}))
    path = connection_path(created)
    api.wait_for(path, "vpn_connection", "ACTIVE")
    api.ok("PUT", path, {"vpn_connection": {"psk": NEW, "ikepolicy": {"lifetime_seconds": 3600}}})
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert negotiated(api, created) == NEW
    api.ok("PUT", path, {"vpn_connection": {"ikepolicy": {"ike_version": "v1"}}})
    api.wait_for(path, "vpn_connection", "ACTIVE")
    api.ok("PUT", path, {"vpn_connection": {"psk": "Third-Key-88"}})
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert negotiated(api, created) == "Third-Key-88"
