"""4.1.3 in the emulator: request validation with the reference's error codes, the rules only the service can
check (the gateway's addresses, HA mode, specification, IP version, attachment, local subnets and limit; the
customer gateway; the other connections), server-side defaults, lifecycles, batches, logs, reset, paging and
the rules between connections, gateways and customer gateways."""

from __future__ import annotations

import copy

import pytest
import requests
from support.certs import issue

from emulator.fixtures import fixture_id

GATEWAYS = "/v5/{project}/vpn-gateways"
CUSTOMER_GATEWAYS = "/v5/{project}/customer-gateways"
CONNECTIONS = "/v5/{project}/vpn-connection"
BATCH = "/v5/{project}/vpn-connections/batch-create"
PSK = "Site2Cloud-Key"


def make_gateway(api, ids, **settings):
    body = {"name": "gw", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
            "local_subnets": ["192.168.0.0/24", "192.168.1.0/24"], "eip1": {"id": ids["eip-01"]},
            "eip2": {"id": ids["eip-02"]}}
    body.update(settings)
    body = {k: v for k, v in body.items() if v is not None}
    gateway = api.ok("POST", GATEWAYS, {"vpn_gateway": body}, expected=201)["vpn_gateway"]
    return api.wait_for(GATEWAYS + "/" + gateway["id"], "vpn_gateway", "ACTIVE")


def make_customer_gateway(api, name="branch", address="203.0.113.10", **settings):
    body = dict({"name": name, "id_value": address, "bgp_asn": 65010}, **settings)
    body = {k: v for k, v in body.items() if v is not None}
    return api.ok("POST", CUSTOMER_GATEWAYS, {"customer_gateway": body}, expected=201)["customer_gateway"]


def connection_body(gateway, customer, eip="eip1", **settings):
    body = {"name": "conn", "vgw_id": gateway["id"], "vgw_ip": gateway.get(eip, {}).get("id"),
            "cgw_id": customer["id"], "peer_subnets": ["10.10.0.0/16"], "psk": PSK}
    body.update(settings)
    return {"vpn_connection": {k: v for k, v in body.items() if v is not None}}


@pytest.fixture
def gateway(api, ids):
    return make_gateway(api, ids)


@pytest.fixture
def customer(api):
    return make_customer_gateway(api)


def connection_path(connection):
    return CONNECTIONS + "/" + connection["id"]


def create(api, body):
    return api.ok("POST", CONNECTIONS, body, expected=201)["vpn_connection"]


def test_static_connection_with_the_service_defaults(api, gateway, customer):
    with api.transitions_held():  # a pending status, held while the test acts on it
        created = create(api, connection_body(gateway, customer))
        assert "status" not in created  # the create answer carries no status (4.1.3.1 examples)
        assert created["style"] == "STATIC" and created["enable_nqa"] is False and created["ha_role"] == "master"
        assert "enable_hub" not in created and "policy_rules" not in created and "psk" not in created
        assert created["ikepolicy"] == {
            "ike_version": "v2", "authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128",
            "dh_group": "group15", "authentication_method": "pre-share", "lifetime_seconds": 86400,
            "local_id_type": "ip", "local_id": gateway["eip1"]["ip_address"], "peer_id_type": "ip",
            "peer_id": customer["id_value"], "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}}
        assert created["ipsecpolicy"] == {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128",
                                          "pfs": "group15", "transform_protocol": "esp", "lifetime_seconds": 3600,
                                          "encapsulation_mode": "tunnel"}
        # Static routing: the service allocates the tunnel interface addresses.
        assert created["tunnel_local_address"].endswith("/30") and created["tunnel_peer_address"].endswith("/30")
        assert created["enterprise_project_id"] == gateway["enterprise_project_id"]

        path = connection_path(created)
        assert api.ok("GET", path)["vpn_connection"]["status"] == "PENDING_CREATE"
    api.wait_for(path, "vpn_connection", "DOWN")  # configured, tunnel not negotiated yet
    shown = api.wait_for(path, "vpn_connection", "ACTIVE")
    assert "psk" not in str(shown) and PSK not in str(shown)
    assert api.ok("GET", GATEWAYS + "/" + gateway["id"])["vpn_gateway"]["used_connection_number"] == 1


INVALID = {
    # case: (changes to a valid static connection body, expected status, expected code)
    "unknown field": ({"colour": "blue"}, 400, "VPN.0001"),
    "style in upper case": ({"style": "STATIC"}, 400, "VPN.0001"),
    "name pattern": ({"name": "bad name"}, 400, "VPN.0001"),
    "vgw_ip missing": ({"vgw_ip": None}, 400, "VPN.0001"),
    "gateway unknown": ({"vgw_id": "00000000-0000-4000-8000-000000000000"}, 404, "VPN.0509"),
    "customer gateway unknown": ({"cgw_id": "00000000-0000-4000-8000-000000000000"}, 400, "VPN.0001"),
    "EIP of another gateway": ({"vgw_ip": "00000000-0000-4000-8000-000000000000"}, 400, "VPN.0001"),
    "enable_nqa with bgp": ({"style": "bgp", "enable_nqa": False, "tunnel_local_address": "169.254.1.1/30",
                             "tunnel_peer_address": "169.254.1.2/30"}, 400, "VPN.0001"),
    "enable_hub with static": ({"enable_hub": True}, 400, "VPN.0001"),
    "psk missing": ({"psk": None}, 400, "VPN.0001"),
    "psk too short": ({"psk": "Ab1!"}, 400, "VPN.0001"),
    "psk of two kinds": ({"psk": "abcdefgh12"}, 400, "VPN.0001"),
    "psk with a space": ({"psk": "Abcd efg1!"}, 400, "VPN.0001"),
    "peer subnets missing": ({"peer_subnets": None}, 400, "VPN.0001"),
    "peer subnet not a CIDR": ({"peer_subnets": ["10.10.0.1/16"]}, 400, "VPN.0001"),
    "peer subnet reserved": ({"peer_subnets": ["100.64.1.0/24"]}, 400, "VPN.0001"),
    "peer subnet over a local subnet": ({"peer_subnets": ["192.168.1.128/25"]}, 400, "VPN.0001"),
    "peer subnets duplicated": ({"peer_subnets": ["10.1.0.0/24", "10.1.0.0/24"]}, 400, "VPN.0001"),
    "too many peer subnets": ({"peer_subnets": ["10.%d.0.0/24" % i for i in range(51)]}, 400, "VPN.0001"),
    "IPv6 peer subnets on an IPv4 gateway": ({"peer_subnets_v6": ["2001:db8::/64"]}, 400, "VPN.0001"),
    "bgp without tunnel addresses": ({"style": "bgp"}, 400, "VPN.0001"),
    "tunnel address alone": ({"tunnel_local_address": "169.254.1.1/30"}, 400, "VPN.0001"),
    "tunnel mask not 30": ({"tunnel_local_address": "169.254.1.1/29", "tunnel_peer_address": "169.254.1.2/29"},
                           400, "VPN.0001"),
    "tunnel outside 169.254": ({"tunnel_local_address": "10.0.0.1/30", "tunnel_peer_address": "10.0.0.2/30"},
                               400, "VPN.0001"),
    "tunnel in 169.254.195": ({"tunnel_local_address": "169.254.195.1/30",
                               "tunnel_peer_address": "169.254.195.2/30"}, 400, "VPN.0001"),
    "tunnel network address": ({"tunnel_local_address": "169.254.1.0/30", "tunnel_peer_address": "169.254.1.2/30"},
                               400, "VPN.0001"),
    "tunnel blocks differ": ({"tunnel_local_address": "169.254.1.1/30", "tunnel_peer_address": "169.254.2.2/30"},
                             400, "VPN.0001"),
    "tunnel with policy style": ({"style": "policy", "tunnel_local_address": "169.254.1.1/30",
                                  "tunnel_peer_address": "169.254.1.2/30",
                                  "policy_rules": [{"source": "192.168.0.0/24", "destination": ["10.10.0.0/16"]}]},
                                 400, "VPN.0001"),
    "policy without rules": ({"style": "policy"}, 400, "VPN.0001"),
    "policy rules with static": ({"policy_rules": [{"source": "192.168.0.0/24", "destination": ["10.1.0.0/16"]}]},
                                 400, "VPN.0001"),
    "policy rule sources repeated": ({"style": "policy", "policy_rules": [
        {"source": "192.168.0.0/24", "destination": ["10.1.0.0/16"]},
        {"source": "192.168.0.0/24", "destination": ["10.2.0.0/16"]}]}, 400, "VPN.0001"),
    "six policy rules": ({"style": "policy", "policy_rules": [
        {"source": "192.168.%d.0/24" % i, "destination": ["10.1.0.0/16"]} for i in range(6)]}, 400, "VPN.0001"),
    "policy rule without destination": ({"style": "policy", "policy_rules": [{"source": "192.168.0.0/24"}]},
                                        400, "VPN.0001"),
    "slave on active-active": ({"ha_role": "slave"}, 400, "VPN.0001"),
    "SM4 without GM": ({"ikepolicy": {"encryption_algorithm": "sm4"}}, 400, "VPN.0001"),
    "SM3 in IPsec without GM": ({"ipsecpolicy": {"authentication_algorithm": "sm3"}}, 400, "VPN.0001"),
    "digital envelope without GM": ({"ikepolicy": {"authentication_method": "digital-envelope-v2"}}, 400,
                                    "VPN.0001"),
    "fqdn local id missing": ({"ikepolicy": {"local_id_type": "fqdn"}}, 400, "VPN.0001"),
    "fqdn local id with a space": ({"ikepolicy": {"local_id_type": "fqdn", "local_id": "a b"}}, 400, "VPN.0001"),
    "ip local id not an address": ({"ikepolicy": {"local_id": "gateway.example.com"}}, 400, "VPN.0001"),
    "peer id with any": ({"ikepolicy": {"peer_id_type": "any", "peer_id": "x"}}, 400, "VPN.0001"),
    "IKE lifetime too short": ({"ikepolicy": {"lifetime_seconds": 59}}, 400, "VPN.0001"),
    "DPD timeout too long": ({"ikepolicy": {"dpd": {"timeout": 61}}}, 400, "VPN.0001"),
    "DPD message unknown": ({"ikepolicy": {"dpd": {"msg": "seq"}}}, 400, "VPN.0001"),
    "PFS unknown": ({"ipsecpolicy": {"pfs": "group3"}}, 400, "VPN.0001"),
    "IPsec lifetime too long": ({"ipsecpolicy": {"lifetime_seconds": 604801}}, 400, "VPN.0001"),
    "transform protocol ah": ({"ipsecpolicy": {"transform_protocol": "ah"}}, 400, "VPN.0001"),
    "policy template without a NonFixedIP gateway": ({"style": "policy-template"}, 400, "VPN.0001"),
    "tags over 20": ({"tags": [{"key": "k%d" % i, "value": "v"} for i in range(21)]}, 400, "VPN.0001"),
    "tag key repeated": ({"tags": [{"key": "k", "value": "1"}, {"key": "k", "value": "2"}]}, 400, "VPN.0001"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_creates_are_refused_with_the_documented_code(api, gateway, customer, case):
    changes, status, code = INVALID[case]
    body = connection_body(gateway, customer)
    for key, value in changes.items():
        if value is None:
            body["vpn_connection"].pop(key)
        else:
            body["vpn_connection"][key] = value
    assert api.error("POST", CONNECTIONS, body) == (status, code)
    assert api.ok("GET", CONNECTIONS)["vpn_connections"] == []


def test_bgp_needs_a_customer_gateway_with_another_asn(api, gateway):
    tunnel = {"style": "bgp", "tunnel_local_address": "169.254.10.1/30", "tunnel_peer_address": "169.254.10.2/30"}
    without_asn = make_customer_gateway(api, "no-asn", "203.0.113.20", bgp_asn=None)
    same_asn = make_customer_gateway(api, "same-asn", "203.0.113.21", bgp_asn=gateway["bgp_asn"])
    for customer in (without_asn, same_asn):
        assert api.error("POST", CONNECTIONS, connection_body(gateway, customer, **tunnel)) == (400, "VPN.0001")
    good = make_customer_gateway(api, "bgp-peer", "203.0.113.22", bgp_asn=65020)
    created = create(api, connection_body(gateway, good, enable_hub=True, **tunnel))
    assert created["style"] == "BGP" and created["enable_hub"] is True and "enable_nqa" not in created
    assert created["tunnel_peer_address"] == "169.254.10.2/30"
    shown = api.wait_for(connection_path(created), "vpn_connection", "ACTIVE")
    assert shown["bgp_peer"]["peer_ip_address"] == "169.254.10.2" and shown["bgp_peer"]["peer_asn"] == 65020
    assert shown["bgp_peer"]["state"] == "established"


def test_one_connection_per_gateway_address_and_customer_gateway(api, gateway, customer):
    create(api, connection_body(gateway, customer, tunnel_local_address="169.254.20.1/30",
                                tunnel_peer_address="169.254.20.2/30"))
    assert api.error("POST", CONNECTIONS, connection_body(gateway, customer)) == (400, "VPN.0001")
    other = make_customer_gateway(api, "other", "203.0.113.30")
    # Tunnel interface addresses cannot be shared by two connections of a gateway.
    clash = connection_body(gateway, other, tunnel_local_address="169.254.20.2/30",
                            tunnel_peer_address="169.254.20.1/30")
    assert api.error("POST", CONNECTIONS, clash) == (400, "VPN.0001")
    assert create(api, connection_body(gateway, other))["tunnel_local_address"] != "169.254.20.1/30"


def test_the_gateway_must_be_ready(api, ids, customer):
    gateway = api.ok("POST", GATEWAYS, {"vpn_gateway": {
        "name": "young", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
        "local_subnets": ["192.168.0.0/24"], "eip1": {"id": ids["eip-03"]},
        "eip2": {"id": ids["eip-02"]}}}, expected=201)["vpn_gateway"]
    body = {"vpn_connection": {"vgw_id": gateway["id"], "vgw_ip": ids["eip-03"], "cgw_id": customer["id"],
                               "peer_subnets": ["10.10.0.0/16"], "psk": PSK}}
    assert api.error("POST", CONNECTIONS, body) == (400, "VPN.0506")


def test_connection_limit_and_quota(api, emulator, gateway, customer):
    emulator.app.store.get("vpn_gateways", gateway["id"])["connection_number"] = 1
    create(api, connection_body(gateway, customer))
    other = make_customer_gateway(api, "other", "203.0.113.30")
    assert api.error("POST", CONNECTIONS, connection_body(gateway, other)) == (400, "VPN.0504")
    emulator.app.store.get("vpn_gateways", gateway["id"])["connection_number"] = 10
    requests.post(emulator.url + "/_emulator/quotas", json={"vpn_connection": 1}, timeout=10)
    assert api.error("POST", CONNECTIONS, connection_body(gateway, other)) == (400, "VPN.0001")


def test_active_standby_roles_follow_the_addresses(api, ids, customer):
    gateway = make_gateway(api, ids, ha_mode="active-standby")
    assert api.error("POST", CONNECTIONS, connection_body(gateway, customer, "eip2")) == (400, "VPN.0001")
    assert api.error("POST", CONNECTIONS, connection_body(gateway, customer, "eip1", ha_role="slave")) == \
        (400, "VPN.0001")
    assert create(api, connection_body(gateway, customer, "eip1"))["ha_role"] == "master"
    assert create(api, connection_body(gateway, customer, "eip2", ha_role="slave"))["ha_role"] == "slave"


def test_private_gateway_addresses(api, ids, customer):
    gateway = make_gateway(api, ids, network_type="private", eip1=None, eip2=None)
    body = connection_body(gateway, customer, vgw_ip=gateway["access_private_ip_2"])
    created = create(api, body)
    assert created["vgw_ip"] == gateway["access_private_ip_2"]
    assert created["ikepolicy"]["local_id"] == gateway["access_private_ip_2"]
    other = make_customer_gateway(api, "other", "203.0.113.30")
    assert api.error("POST", CONNECTIONS, connection_body(gateway, other, vgw_ip="192.168.100.9")) == \
        (400, "VPN.0001")


def test_enterprise_router_gateways_take_no_peer_subnets_with_bgp_or_policy(api, ids):
    gateway = make_gateway(api, ids, attachment_type="er", er_id=ids["er-hub"], vpc_id=ids["vpc-er-access"],
                           connect_subnet=ids["subnet-er-access"], local_subnets=None)
    customer = make_customer_gateway(api)
    bgp = {"style": "bgp", "tunnel_local_address": "169.254.30.1/30", "tunnel_peer_address": "169.254.30.2/30"}
    assert api.error("POST", CONNECTIONS, connection_body(gateway, customer, **bgp)) == (400, "VPN.0001")
    created = create(api, connection_body(gateway, customer, peer_subnets=None, **bgp))
    assert "peer_subnets" not in created
    # Static routing still needs the customer subnets.
    other = make_customer_gateway(api, "other", "203.0.113.30")
    assert api.error("POST", CONNECTIONS, connection_body(gateway, other, peer_subnets=None)) == (400, "VPN.0001")


def test_ipv6_gateway_connections(api, ids, customer):
    gateway = make_gateway(api, ids, ip_version="ipv6", local_subnets=None, local_subnets_v6=["2407:c080::/64"],
                           connect_subnet=ids["subnet-demo-v6"])
    assert api.error("POST", CONNECTIONS, connection_body(gateway, customer)) == (400, "VPN.0001")
    body = connection_body(gateway, customer, peer_subnets=None, peer_subnets_v6=["2001:db8:1::/64"],
                           style="policy", policy_rules_v6=[{"source": "2407:c080::/64",
                                                             "destination": ["2001:db8:1::/64"]}])
    created = create(api, body)
    assert created["peer_subnets_v6"] == ["2001:db8:1::/64"] and "peer_subnets" not in created
    assert created["policy_rules_v6"] == [{"rule_index": 1, "source": "2407:c080::/64",
                                           "destination": ["2001:db8:1::/64"]}]
    overlapping = connection_body(make_gateway(api, ids, ip_version="ipv6", local_subnets=None,
                                               local_subnets_v6=["2407:c080::/64"],
                                               connect_subnet=ids["subnet-demo-v6"],
                                               eip1={"id": ids["eip-03"]}, eip2={"id": fixture_id("eip-04")}),
                                  customer, peer_subnets=None, peer_subnets_v6=["2407:c080::/48"])
    assert api.error("POST", CONNECTIONS, overlapping) == (400, "VPN.0001")


def _gm_gateway(api, ids):
    gateway = make_gateway(api, ids, flavor="GM")
    chain = issue("GM Root", ca=True)
    signing, encryption = issue("vpn-sign", issuer=chain), issue("vpn-enc", issuer=chain)
    certificate = {"certificate": {"certificate": signing.pem, "private_key": signing.key_pem,
                                   "enc_certificate": encryption.pem, "enc_private_key": encryption.key_pem,
                                   "certificate_chain": chain.pem}}
    return gateway, certificate


def test_gm_connections(api, ids):
    gateway, certificate = _gm_gateway(api, ids)
    customer = make_customer_gateway(api, ca_certificate={"content": issue("Branch CA", ca=True).pem})
    plain = make_customer_gateway(api, "plain", "203.0.113.40")
    body = connection_body(gateway, customer, psk=None)
    assert api.error("POST", CONNECTIONS, body) == (400, "VPN.0001")  # no gateway certificate yet
    api.ok("POST", GATEWAYS + "/" + gateway["id"] + "/certificate", certificate, expected=201)
    assert api.error("POST", CONNECTIONS, connection_body(gateway, plain, psk=None)) == (400, "VPN.0001")
    for policy in ({"ikepolicy": {"ike_version": "v2"}}, {"ikepolicy": {"dh_group": "group14"}},
                   {"ikepolicy": {"encryption_algorithm": "aes-256"}}, {"ipsecpolicy": {"pfs": "group14"}},
                   {"ikepolicy": {"phase1_negotiation_mode": "aggressive"}}):
        assert api.error("POST", CONNECTIONS, connection_body(gateway, customer, psk=None, **policy)) == \
            (400, "VPN.0001")
    created = create(api, body)
    assert created["ikepolicy"] == {"ike_version": "v1", "phase1_negotiation_mode": "main",
                                    "authentication_algorithm": "sm3", "encryption_algorithm": "sm4",
                                    "authentication_method": "digital-envelope-v2", "lifetime_seconds": 86400,
                                    "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}}
    assert created["ipsecpolicy"] == {"authentication_algorithm": "sm3", "encryption_algorithm": "sm4",
                                      "transform_protocol": "esp", "lifetime_seconds": 3600,
                                      "encapsulation_mode": "tunnel"}
    path = connection_path(created)
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert api.error("PUT", path, {"vpn_connection": {"psk": "An0ther-Key"}}) == (400, "VPN.0001")
    assert api.ok("PUT", path, {"vpn_connection": {"ikepolicy": {"lifetime_seconds": 7200}}})


def test_policy_template_style_takes_the_gateway_template(api, ids, customer):
    gateway = make_gateway(api, ids, flavor="Professional1-NonFixedIP", availability_zone_ids=None)
    created = create(api, connection_body(gateway, customer, style="policy-template"))
    assert created["style"] == "POLICY-TEMPLATE" and "tunnel_local_address" not in created
    template = gateway["policy_template"]
    assert created["ikepolicy"]["dh_group"] == template["ike_policy"]["dh_group"]
    assert created["ipsecpolicy"]["pfs"] == template["ipsec_policy"]["pfs"]


def test_batch_creates_both_connections_or_none(api, ids, gateway, customer):
    first = connection_body(gateway, customer, "eip1", name="site-1")["vpn_connection"]
    second = connection_body(gateway, customer, "eip2", name="site-2")["vpn_connection"]
    broken = dict(second, psk="weak")
    assert api.error("POST", BATCH, {"vpn_connections": [first, broken]}) == (400, "VPN.0001")
    assert api.error("POST", BATCH, {"vpn_connections": [first, dict(second, vgw_ip=first["vgw_ip"])]}) == \
        (400, "VPN.0001")
    other_gateway = make_gateway(api, ids, eip1={"id": ids["eip-03"]}, eip2={"id": fixture_id("eip-04")})
    elsewhere = connection_body(other_gateway, customer, name="elsewhere")["vpn_connection"]
    assert api.error("POST", BATCH, {"vpn_connections": [first, elsewhere]}) == (400, "VPN.0001")
    assert api.error("POST", BATCH, {"vpn_connections": [first, second, dict(second, name="x")]}) == \
        (400, "VPN.0001")
    assert api.ok("GET", CONNECTIONS)["vpn_connections"] == []

    created = api.ok("POST", BATCH, {"vpn_connections": [first, second]}, expected=201)["vpn_connections"]
    assert [c["name"] for c in created] == ["site-1", "site-2"]
    assert [c["vgw_ip"] for c in created] == [gateway["eip1"]["id"], gateway["eip2"]["id"]]
    assert created[0]["tunnel_local_address"] != created[1]["tunnel_local_address"]
    assert all("status" not in c for c in created)
    shown = api.ok("GET", GATEWAYS + "/" + gateway["id"])["vpn_gateway"]
    assert shown["used_connection_number"] == 2 and shown["used_connection_group"] == 1


def test_updates_change_every_updatable_field(api, gateway, customer):
    created = create(api, connection_body(gateway, customer, tunnel_local_address="169.254.40.1/30",
                                          tunnel_peer_address="169.254.40.2/30"))
    path = connection_path(created)
    api.wait_for(path, "vpn_connection", "ACTIVE")
    other = make_customer_gateway(api, "other", "203.0.113.50")
    change = {"name": "renamed", "cgw_id": other["id"], "peer_subnets": ["10.20.0.0/16", "10.30.0.0/16"],
              "tunnel_local_address": "169.254.41.2/30", "tunnel_peer_address": "169.254.41.1/30",
              "psk": "Rotated-Key-2",
              "ikepolicy": {"lifetime_seconds": 3600, "dh_group": "group20", "dpd": {"interval": 60}},
              "ipsecpolicy": {"lifetime_seconds": 7200, "pfs": "disable"}}
    with api.transitions_held():  # a pending status, held while the test acts on it
        answer = api.ok("PUT", path, {"vpn_connection": change})["vpn_connection"]
        assert "status" not in answer
        assert api.ok("GET", path)["vpn_connection"]["status"] == "PENDING_UPDATE"
    shown = api.wait_for(path, "vpn_connection", "ACTIVE")
    assert shown["name"] == "renamed" and shown["cgw_id"] == other["id"]
    assert shown["peer_subnets"] == ["10.20.0.0/16", "10.30.0.0/16"]
    assert shown["tunnel_local_address"] == "169.254.41.2/30"
    # Nested objects are merged: what the update does not name keeps its value.
    assert shown["ikepolicy"]["dpd"] == {"timeout": 15, "interval": 60, "msg": "seq-hash-notify"}
    assert shown["ikepolicy"]["lifetime_seconds"] == 3600 and shown["ikepolicy"]["encryption_algorithm"] == "aes-128"
    assert shown["ikepolicy"]["peer_id"] == other["id_value"]  # a service-filled identity follows the change
    assert shown["ipsecpolicy"]["pfs"] == "disable" and shown["ipsecpolicy"]["authentication_algorithm"] == "sha2-256"
    assert emulator_psk(api, created) == "Rotated-Key-2"
    assert "Rotated-Key-2" not in str(answer) + str(shown)

    identity = {"ikepolicy": {"local_id_type": "fqdn", "local_id": "cloud.example.com", "peer_id_type": "any",
                              "ike_version": "v1", "phase1_negotiation_mode": "aggressive"}}
    shown = api.ok("PUT", path, {"vpn_connection": identity})["vpn_connection"]
    assert shown["ikepolicy"]["local_id"] == "cloud.example.com" and "peer_id" not in shown["ikepolicy"]
    assert shown["ikepolicy"]["phase1_negotiation_mode"] == "aggressive"
    api.wait_for(path, "vpn_connection", "ACTIVE")
    back = api.ok("PUT", path, {"vpn_connection": {"ikepolicy": {"local_id_type": "ip", "ike_version": "v2"}}})
    assert back["vpn_connection"]["ikepolicy"]["local_id"] == gateway["eip1"]["ip_address"]
    assert "phase1_negotiation_mode" not in back["vpn_connection"]["ikepolicy"]


def emulator_psk(api, connection):
    return api.emulator.app.store.get("vpn_connections", connection["id"])["_psk"]


UPDATE_REFUSALS = {
    "authentication method": ({"ikepolicy": {"authentication_method": "pre-share"}}),
    "enable_nqa": ({"enable_nqa": True}),
    "style": ({"style": "bgp"}),
    "vgw_ip": ({"vgw_ip": "192.168.100.5"}),
    "ha_role": ({"ha_role": "master"}),
    "weak psk": ({"psk": "aaaaaaaa"}),
    "enable_hub on static": ({"enable_hub": True}),
    "peer subnets emptied": ({"peer_subnets": []}),
    "peer subnet over a local subnet": ({"peer_subnets": ["192.168.0.0/16"]}),
    "policy rules on static": ({"policy_rules": [{"source": "192.168.0.0/24", "destination": ["10.1.0.0/16"]}]}),
    "tunnel address outside its pair's block": ({"tunnel_local_address": "169.254.99.1/30"}),
    "unknown customer gateway": ({"cgw_id": "00000000-0000-4000-8000-000000000000"}),
}


@pytest.mark.parametrize("case", sorted(UPDATE_REFUSALS))
def test_invalid_updates_change_nothing(api, gateway, customer, case):
    created = create(api, connection_body(gateway, customer))
    path = connection_path(created)
    before = api.wait_for(path, "vpn_connection", "ACTIVE")
    assert api.error("PUT", path, {"vpn_connection": UPDATE_REFUSALS[case]}) == (400, "VPN.0001")
    assert api.ok("GET", path)["vpn_connection"] == before


def test_pending_connections_refuse_changes(api, gateway, customer):
    created = create(api, connection_body(gateway, customer))
    path = connection_path(created)
    assert api.call("PUT", path, {"vpn_connection": {"name": "x"}})[0] == 409
    assert api.call("POST", path + "/reset")[0] == 409
    assert api.call("DELETE", path)[0] == 409


def test_reset_renegotiates_and_logs(api, gateway, customer):
    created = create(api, connection_body(gateway, customer))
    path = connection_path(created)
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert set(api.ok("POST", path + "/reset")) == {"request_id"}
    assert api.ok("GET", path)["vpn_connection"]["status"] == "DOWN"
    api.wait_for(path, "vpn_connection", "ACTIVE")
    logs = api.ok("GET", path + "/log")["logs"]
    assert len(logs) == 2 and all(isinstance(entry["time"], int) for entry in logs)
    assert "IKE peer configured" in logs[0]["raw_message"] and "reset" in logs[1]["raw_message"]
    address = gateway["eip1"]["ip_address"]
    assert logs[1]["raw_message"].split(" ")[1] == "host-" + address.replace(".", "-")
    assert api.error("GET", CONNECTIONS + "/00000000-0000-4000-8000-000000000000/log") == (404, "VPN.0563")
    assert api.error("POST", CONNECTIONS + "/00000000-0000-4000-8000-000000000000/reset") == (404, "VPN.0563")


def test_deletion_and_the_rules_between_resources(api, gateway, customer):
    created = create(api, connection_body(gateway, customer))
    path = connection_path(created)
    api.wait_for(path, "vpn_connection", "ACTIVE")
    assert api.error("DELETE", GATEWAYS + "/" + gateway["id"]) == (400, "VPN.0001")
    assert api.error("DELETE", CUSTOMER_GATEWAYS + "/" + customer["id"]) == (400, "VPN.0001")
    with api.transitions_held():  # a pending status, held while the test acts on it
        api.ok("DELETE", path, expected=204)
        assert api.ok("GET", path)["vpn_connection"]["status"] == "PENDING_DELETE"
        assert api.call("DELETE", path)[0] == 409
    api.wait_gone(path)
    assert api.error("GET", path) == (404, "VPN.0563")
    assert api.error("DELETE", path) == (404, "VPN.0563")
    assert api.ok("GET", GATEWAYS + "/" + gateway["id"])["vpn_gateway"]["used_connection_number"] == 0
    api.ok("DELETE", CUSTOMER_GATEWAYS + "/" + customer["id"], expected=204)
    api.ok("DELETE", GATEWAYS + "/" + gateway["id"], expected=204)


def test_list_filters_and_marker_paging(api, ids, gateway, customer):
    names = []
    for index in range(3):
        other = make_customer_gateway(api, "branch-%d" % index, "203.0.113.%d" % (60 + index))
        names.append(create(api, connection_body(gateway, other, "eip%d" % (1 + index % 2),
                                                 name="conn-%d" % index))["name"])
    first = api.ok("GET", CONNECTIONS, query={"limit": 2})
    assert [c["name"] for c in first["vpn_connections"]] == names[:2]
    assert first["page_info"]["current_count"] == 2 and first["total_count"] == 3
    rest = api.ok("GET", CONNECTIONS, query={"limit": 2, "marker": first["page_info"]["next_marker"]})
    assert [c["name"] for c in rest["vpn_connections"]] == names[2:] and "next_marker" not in rest["page_info"]
    by_ip = api.ok("GET", CONNECTIONS, query={"vgw_ip": gateway["eip2"]["id"]})["vpn_connections"]
    assert [c["name"] for c in by_ip] == ["conn-1"]
    assert len(api.ok("GET", CONNECTIONS, query={"vgw_id": gateway["id"]})["vpn_connections"]) == 3
    assert api.ok("GET", CONNECTIONS, query={"enterprise_project_id": ids["ep-network"]})["vpn_connections"] == []
    assert api.error("GET", CONNECTIONS, query={"limit": 2001}) == (400, "VPN.0001")


def test_tags_and_routing_table(api, gateway, customer):
    created = create(api, connection_body(gateway, customer, tags=[{"key": "site", "value": "paris"}]))
    tags_path = "/v5/{project}/vpn-connection/" + created["id"] + "/tags"
    api.ok("POST", tags_path + "/create", {"tags": [{"key": "env", "value": "prod"}]}, expected=204)
    assert sorted(t["key"] for t in api.ok("GET", tags_path)["tags"]) == ["env", "site"]
    api.wait_for(connection_path(created), "vpn_connection", "ACTIVE")
    table = api.ok("GET", GATEWAYS + "/" + gateway["id"] + "/routing-table")["routing_table"]
    assert [r["destination"] for r in table] == ["10.10.0.0/16"]
    assert table[0]["nexthop_resource"] == {"id": created["id"], "type": "vpn_connection"}


def test_a_static_connection_keeps_unchanged_nested_values_on_copy(api, gateway, customer):
    created = create(api, connection_body(gateway, customer))
    shown = copy.deepcopy(api.wait_for(connection_path(created), "vpn_connection", "ACTIVE"))
    api.ok("PUT", connection_path(created), {"vpn_connection": {"name": "only-the-name"}})
    after = api.ok("GET", connection_path(created))["vpn_connection"]
    assert after["status"] == "ACTIVE"  # a rename changes nothing on the tunnel
    assert {k: v for k, v in after.items() if k not in ("name", "updated_at")} == \
        {k: v for k, v in shown.items() if k not in ("name", "updated_at")}
