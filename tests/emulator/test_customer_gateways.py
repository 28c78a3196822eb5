"""4.1.2 in the emulator: customer gateways, their identifiers, CA certificates, paging and deletion rules."""

from __future__ import annotations

import pytest
from support.certs import issue

CGWS = "/v5/{project}/customer-gateways"


def body(**fields):
    return {"customer_gateway": dict({"name": "office", "id_value": "203.0.113.10"}, **fields)}


@pytest.mark.parametrize("fields, code", [
    ({"id_value": "203.0.113.300"}, "VPN.0001"),
    ({"id_value": "2001:db8::1"}, "VPN.0001"),
    ({"id_type": "fqdn", "id_value": "has space.example.com"}, "VPN.0001"),
    ({"id_type": "fqdn", "id_value": "a&b.example.com"}, "VPN.0001"),
    ({"id_type": "fqdn", "id_value": "vpn.example.com", "bgp_asn": 65000}, "VPN.0001"),
    ({"id_type": "dns"}, "VPN.0001"),
    ({"bgp_asn": 4294967296}, "VPN.0001"),
    ({"name": "x" * 65}, "VPN.0001"),
    ({"id_value": None}, "VPN.0001"),
    ({"ca_certificate": {"content": "not a certificate"}}, "VPN.0074"),
    ({"ca_certificate": {"content": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"}}, "VPN.0075"),
])
def test_invalid_customer_gateways(api, fields, code):
    payload = body(**fields)
    if fields.get("id_value", "") is None:
        payload["customer_gateway"].pop("id_value")
    assert api.error("POST", CGWS, payload) == (400, code)
    assert api.ok("GET", CGWS)["customer_gateways"] == []


def test_certificate_checks(api):
    assert api.error("POST", CGWS, body(ca_certificate={"content": issue("leaf").pem})) == (400, "VPN.0076")
    expired = issue("old CA", ca=True, days=-1, not_before_days=-30)
    assert api.error("POST", CGWS, body(ca_certificate={"content": expired.pem})) == (400, "VPN.0072")
    future = issue("future CA", ca=True, not_before_days=10, days=100)
    assert api.error("POST", CGWS, body(ca_certificate={"content": future.pem})) == (400, "VPN.0073")


def test_lifecycle(api):
    ca = issue("Office CA", ca=True)
    created = api.ok("POST", CGWS, body(bgp_asn=65010, ca_certificate={"content": ca.pem},
                                        tags=[{"key": "site", "value": "paris"}]), expected=201)["customer_gateway"]
    assert created["id_type"] == "ip" and created["bgp_asn"] == 65010
    assert created["ca_certificate"]["serial_number"] == ca.serial
    assert created["ca_certificate"]["subject"] == "C=CN,O=hwcloud.vpn tests,CN=Office CA"
    assert "content" not in created["ca_certificate"]
    path = CGWS + "/" + created["id"]
    assert api.error("POST", CGWS, body(bgp_asn=65010)) == (400, "VPN.0001")  # same identifier and ASN
    other = issue("Office CA 2", ca=True)
    updated = api.ok("PUT", path, {"customer_gateway": {"name": "office-2", "ca_certificate": {"content": other.pem}}})
    assert updated["customer_gateway"]["name"] == "office-2"
    assert updated["customer_gateway"]["ca_certificate"]["serial_number"] == other.serial
    assert updated["customer_gateway"]["ca_certificate"]["id"] == created["ca_certificate"]["id"]
    assert api.error("PUT", path, {"customer_gateway": {"id_value": "198.51.100.1"}}) == (400, "VPN.0001")
    api.ok("DELETE", path, expected=204)
    assert api.error("GET", path) == (404, "VPN.0004")
    assert api.error("DELETE", path) == (404, "VPN.0004")


def test_fqdn_gateway(api):
    created = api.ok("POST", CGWS, body(id_type="fqdn", id_value="branch.example.com"), expected=201)
    assert created["customer_gateway"]["id_type"] == "fqdn"
    assert "bgp_asn" not in created["customer_gateway"]


def test_marker_paging(api):
    for index in range(5):
        api.ok("POST", CGWS, body(name="cgw-%d" % index, id_value="203.0.113.%d" % (index + 1)), expected=201)
    seen, marker = [], None
    for unused_page in range(5):
        query = {"limit": 2, **({"marker": marker} if marker else {})}
        page = api.ok("GET", CGWS, query=query)
        assert page["total_count"] == 5
        seen += [g["name"] for g in page["customer_gateways"]]
        marker = page["page_info"].get("next_marker")
        if not marker:
            break
    assert seen == ["cgw-%d" % i for i in range(5)]
    assert api.error("GET", CGWS, query={"limit": 201}) == (400, "VPN.0001")


def test_quota(api, emulator):
    emulator.app.store.fixtures["quotas"] = {"customer_gateway": 1}
    api.ok("POST", CGWS, body(), expected=201)
    assert api.error("POST", CGWS, body(id_value="203.0.113.99")) == (400, "VPN.0001")


def test_in_use_by_a_connection_cannot_be_deleted(api, emulator):
    created = api.ok("POST", CGWS, body(), expected=201)["customer_gateway"]
    # A connection record referring to it, as the connection API would make.
    emulator.app.store.insert("vpn_connections", {"name": "c", "cgw_id": created["id"], "vgw_id": "g"})
    status, code = api.error("DELETE", CGWS + "/" + created["id"])
    assert (status, code) == (400, "VPN.0001")
