"""4.2.2 in the emulator: VPN server validation (VPN.1100-1125), one server per gateway, updates and what they
forbid, the exported client configuration, client CA certificates on real PEM parsing (VPN.0070-0080), and
X-Client-Token idempotency."""

from __future__ import annotations

import uuid

import pytest
from support.certs import issue
from support.p2c_api import GATEWAYS, SERVERS, create_gateway, create_server, server_body, server_of, wait_server

from emulator.fixtures import fixture_id

UNKNOWN = "00000000-0000-4000-8000-000000000000"

INVALID = {
    # case: (changes to a valid body, expected status, expected code)
    "no certificate": ({"server_certificate": None}, 400, "VPN.1100"),
    "CCM without id": ({"server_certificate": {"source": "CCM"}}, 400, "VPN.1100"),
    "certificate unknown": ({"server_certificate": {"id": UNKNOWN}}, 400, "VPN.1112"),
    "certificate revoked": ({"server_certificate": {"id": fixture_id("ccm-cert-revoked")}}, 400, "VPN.1110"),
    "service-signed with an id": ({"server_certificate": {"source": "SERVICE_SIGN", "id": "x"}}, 400, "VPN.0001"),
    "CERT without CA": ({"client_auth_type": "CERT"}, 400, "VPN.1101"),
    "client cidr not a cidr": ({"client_cidr": "172.16.0.0"}, 400, "VPN.1103"),
    "client cidr garbage": ({"client_cidr": "vpn-clients"}, 400, "VPN.1103"),
    "client cidr reserved": ({"client_cidr": "127.0.0.0/24"}, 400, "VPN.1104"),
    "client cidr link-local": ({"client_cidr": "169.254.0.0/24"}, 400, "VPN.1104"),
    "client cidr mask 27": ({"client_cidr": "172.16.0.0/27"}, 400, "VPN.1107"),
    "client cidr mask 15": ({"client_cidr": "172.0.0.0/15"}, 400, "VPN.1107"),
    "client cidr on a vpc route": ({"client_cidr": "10.200.1.0/24"}, 400, "VPN.1109"),
    "client cidr on a local subnet": ({"local_subnets": ["172.16.0.0/16"]}, 400, "VPN.1119"),
    "no local subnet": ({"local_subnets": []}, 400, "VPN.1118"),
    "21 local subnets": ({"local_subnets": [f"10.1.{n}.0/24" for n in range(21)]}, 400, "VPN.1105"),
    "local subnet reserved": ({"local_subnets": ["224.0.0.0/8"]}, 400, "VPN.1104"),
    "local subnet twice": ({"local_subnets": ["10.1.0.0/24", "10.1.0.0/24"]}, 400, "VPN.1106"),
    "local subnet invalid": ({"local_subnets": ["10.1.0.0/33"]}, 400, "VPN.1103"),
    "federated without idp": ({"client_auth_type": "FEDERATED"}, 400, "VPN.0001"),
    "idp without federated": ({"idp_name": "corp"}, 400, "VPN.0001"),
    "three dns servers": ({"dns_servers": ["10.0.0.1", "10.0.0.2", "10.0.0.3"]}, 400, "VPN.0001"),
    "dns server not an address": ({"dns_servers": ["dns.example.com"]}, 400, "VPN.0001"),
    "ssl options missing": ({"ssl_options": None}, 400, "VPN.0001"),
    "port 8443": ({"ssl_options": {"port": 8443}}, 400, "VPN.0001"),
    "protocol UDP": ({"ssl_options": {"protocol": "UDP"}}, 400, "VPN.0001"),
}


@pytest.fixture
def gateway(api):
    return create_gateway(api)


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_create_refuses_with_the_reference_codes(api, gateway, case):
    changes, status, code = INVALID[case]
    path = f"{GATEWAYS}/{gateway['id']}/vpn-servers"
    assert api.error("POST", path, server_body(**changes)) == (status, code)
    assert api.ok("GET", path)["vpn_servers"] == []


def test_client_cidr_must_hold_four_addresses_per_connection(api):
    gateway = create_gateway(api, max_connection_number=20)
    path = f"{GATEWAYS}/{gateway['id']}/vpn-servers"
    # /26: 62 host addresses, not more than 4 x 20.
    assert api.error("POST", path, server_body(client_cidr="172.16.0.0/26")) == (400, "VPN.1108")
    api.ok("POST", path, server_body(client_cidr="172.16.0.0/25"), expected=201)


def test_one_server_per_gateway_with_an_eip(api, emulator):
    server = create_server(api)
    path = f"{GATEWAYS}/{server['p2c_vgw_id']}/vpn-servers"
    assert api.error("POST", path, server_body()) == (400, "VPN.1102")
    other = create_gateway(api, name="other", eip={"id": fixture_id("eip-04")})
    for eip in emulator.app.store.fixtures["eips"]:
        if eip["id"] == fixture_id("eip-04"):
            eip["bound_to"] = None  # unbound through the EIP service
    assert api.error("POST", f"{GATEWAYS}/{other['id']}/vpn-servers", server_body()) == (400, "VPN.1121")
    assert api.error("POST", f"{GATEWAYS}/{UNKNOWN}/vpn-servers", server_body()) == (404, "VPN.0509")


def test_created_server_as_the_api_describes_it(api, gateway):
    ca = issue("Clients CA", ca=True)
    with api.transitions_held():  # a pending status, held while the test acts on it
        answer = api.ok("POST", f"{GATEWAYS}/{gateway['id']}/vpn-servers", server_body(
            client_cidr="172.16.0.1/24", client_auth_type="CERT", dns_servers=["192.168.0.53"],
            client_ca_certificates=[{"name": "clients", "content": ca.pem}],
            ssl_options={"encryption_algorithm": "AES-256-GCM"}), expected=201)
        assert list(answer["vpn_server"]) == ["id"]
        assert server_of(api, gateway["id"])["status"] == "PENDING_CREATE"
    server = wait_server(api, gateway["id"])
    assert server["client_cidr"] == "172.16.0.0/24"  # host bits, as in the reference's own example, are dropped
    assert server["tunnel_protocol"] == "SSL" and server["client_auth_type"] == "CERT"
    assert server["ssl_options"] == {"protocol": "TCP", "port": 443, "encryption_algorithm": "AES-256-GCM",
                                     "authentication_algorithm": "SHA384", "is_compressed": False}
    certificate = server["server_certificate"]
    assert certificate["id"] == fixture_id("ccm-cert-p2c-server") and certificate["source"] == "CCM"
    assert certificate["subject"] == "C=CN,CN=vpn.example.com" and certificate["name"] == "p2c-server"
    [authority] = server["client_ca_certificates"]
    assert authority["name"] == "clients" and authority["serial_number"] == ca.serial
    assert authority["subject"] == "C=CN,O=hwcloud.vpn tests,CN=Clients CA"
    assert "content" not in authority
    listed = api.ok("GET", "/v5/{project}/vpn-servers")
    assert listed["total_count"] == 1 and listed["vpn_servers"][0]["id"] == server["id"]
    groups = api.ok("GET", f"{SERVERS}/{server['id']}/groups")["user_groups"]
    assert [(g["name"], g["type"]) for g in groups] == [("default", "Default")]


def test_servers_of_the_project_are_paged_by_marker(api):
    made = [create_server(api, create_gateway(api, name=f"gw-{n}")["id"])["id"] for n in range(3)]
    first = api.ok("GET", "/v5/{project}/vpn-servers", query={"limit": 2})
    rest = api.ok("GET", "/v5/{project}/vpn-servers", query={"limit": 2, "marker": first["page_info"]["next_marker"]})
    assert [s["id"] for s in first["vpn_servers"] + rest["vpn_servers"]] == made


def test_update_and_its_statuses(api):
    server = create_server(api)
    path = f"{SERVERS}/{server['id']}"
    with api.transitions_held():  # a pending status, held while the test acts on it
        api.ok("PUT", path, {"vpn_server": {"client_cidr": "172.17.0.0/24", "local_subnets": ["10.1.0.0/24"],
                                            "ssl_options": {"port": 1194}, "dns_servers": ["10.1.0.2"]}})
        assert server_of(api, server["p2c_vgw_id"])["status"] == "PENDING_UPDATE"
        assert api.error("PUT", path, {"vpn_server": {"dns_servers": []}}) == (400, "VPN.1114")
    updated = wait_server(api, server["p2c_vgw_id"])
    assert updated["client_cidr"] == "172.17.0.0/24" and updated["local_subnets"] == ["10.1.0.0/24"]
    assert updated["ssl_options"]["port"] == 1194 and updated["dns_servers"] == ["10.1.0.2"]
    # is_compressed and the certificate source are not part of the update (4.2.2.3).
    assert api.error("PUT", path, {"vpn_server": {"ssl_options": {"is_compressed": True}}}) == (400, "VPN.0001")
    assert api.error("PUT", path, {"vpn_server": {"server_certificate": {"source": "SERVICE_SIGN"}}}) == \
        (400, "VPN.0001")
    assert api.error("PUT", path, {"vpn_server": {"local_subnets": ["172.17.0.0/16"]}}) == (400, "VPN.1119")
    assert api.error("PUT", f"{SERVERS}/{UNKNOWN}", {"vpn_server": {"dns_servers": []}}) == (404, "VPN.1116")


def test_a_server_being_created_refuses_writes(api, gateway):
    api.ok("POST", f"{GATEWAYS}/{gateway['id']}/vpn-servers", server_body(), expected=201)
    server = server_of(api, gateway["id"])
    assert api.error("PUT", f"{SERVERS}/{server['id']}", {"vpn_server": {"dns_servers": []}}) == (400, "VPN.1113")
    assert api.error("POST", f"{SERVERS}/{server['id']}/users",
                     {"user": {"name": "alice", "password": "Alice-Secret-1"}}) == (400, "VPN.1113")


def test_authentication_changes_need_an_empty_server(api):
    server = create_server(api)
    path = f"{SERVERS}/{server['id']}"
    base = f"{SERVERS}/{server['id']}"
    user = api.ok("POST", base + "/users", {"user": {"name": "alice", "password": "Alice-Secret-1"}}, expected=201)
    assert api.error("PUT", path, {"vpn_server": {"client_auth_type": "IAM"}}) == (400, "VPN.1122")
    api.ok("DELETE", f"{base}/users/{user['user']['id']}", expected=204)
    group = api.ok("POST", base + "/groups", {"user_group": {"name": "eng"}}, expected=201)["user_group"]
    assert api.error("PUT", path, {"vpn_server": {"client_auth_type": "IAM"}}) == (400, "VPN.1123")
    policy = api.ok("POST", base + "/access-policies", {"access_policy": {
        "name": "p", "user_group_id": group["id"], "dest_ip_cidrs": ["10.0.0.0/24"]}}, expected=201)["access_policy"]
    assert api.error("DELETE", f"{base}/groups/{group['id']}") == (400, "VPN.1313")
    assert api.error("PUT", path, {"vpn_server": {"client_auth_type": "IAM"}}) == (400, "VPN.1123")
    api.ok("DELETE", f"{base}/access-policies/{policy['id']}", expected=204)
    api.ok("DELETE", f"{base}/groups/{group['id']}", expected=204)
    # To CERT, then a CA: a CERT server keeps its last CA (VPN.1101), and leaves CERT with it.
    api.ok("PUT", path, {"vpn_server": {"client_auth_type": "CERT"}})
    wait_server(api, server["p2c_vgw_id"])
    ca = api.ok("POST", base + "/client-ca-certificates", {"client_ca_certificate": {
        "content": issue("CA", ca=True).pem}}, expected=201)["client_ca_certificate"]
    assert api.error("DELETE", f"{base}/client-ca-certificates/{ca['id']}") == (400, "VPN.1101")
    api.ok("PUT", path, {"vpn_server": {"client_auth_type": "FEDERATED", "idp_name": "corp"}})
    wait_server(api, server["p2c_vgw_id"])
    api.ok("DELETE", f"{base}/client-ca-certificates/{ca['id']}", expected=204)
    federated = wait_server(api, server["p2c_vgw_id"])
    assert federated["client_auth_type"] == "FEDERATED" and federated["idp_name"] == "corp"
    assert api.error("PUT", path, {"vpn_server": {"client_auth_type": "IAM", "idp_name": "x"}}) == (400, "VPN.0001")
    api.ok("PUT", path, {"vpn_server": {"client_auth_type": "IAM"}})
    assert "idp_name" not in wait_server(api, server["p2c_vgw_id"])


def test_static_ips_keep_their_users_in_the_client_cidr(api):
    server = create_server(api)
    api.ok("POST", f"{SERVERS}/{server['id']}/users", {"user": {
        "name": "alice", "password": "Alice-Secret-1", "static_ip": "172.16.0.9"}}, expected=201)
    assert api.error("PUT", f"{SERVERS}/{server['id']}", {"vpn_server": {"client_cidr": "172.17.0.0/24"}}) == \
        (400, "VPN.0001")


def test_exported_configuration_follows_the_server(api):
    server = create_server(api, ssl_options={"port": 1194, "is_compressed": True})
    export = f"{SERVERS}/{server['id']}/client-config/export"
    gateway = api.ok("GET", f"{GATEWAYS}/{server['p2c_vgw_id']}")["p2c_vpn_gateway"]
    windows = api.ok("POST", export)["client_config"]
    assert windows == api.ok("POST", export, {"os_type": "Windows"})["client_config"]
    assert f"remote {gateway['eip']['ip_address']} 1194" in windows
    assert "block-outside-dns" in windows and "compress" in windows and "auth-user-pass" in windows
    assert windows.count("-----BEGIN CERTIFICATE-----") == 1
    linux = api.ok("POST", export, {"os_type": "Linux"})["client_config"]
    assert linux != windows and "block-outside-dns" not in linux
    assert api.ok("POST", export, {"os_type": "Linux"})["client_config"] == linux
    assert api.error("POST", export, {"os_type": "Plan9"}) == (400, "VPN.0001")
    api.ok("PUT", f"{SERVERS}/{server['id']}", {"vpn_server": {"ssl_options": {"port": 443}}})
    assert api.error("POST", export) == (400, "VPN.1114")
    wait_server(api, server["p2c_vgw_id"])
    assert f"remote {gateway['eip']['ip_address']} 443" in api.ok("POST", export)["client_config"]


def test_exports_are_reads(api, emulator):
    server = create_server(api)
    api.ok("POST", f"{SERVERS}/{server['id']}/client-config/export")
    entry = emulator.app.log.entries()[-1]
    assert entry["path"].endswith("/client-config/export") and entry["write"] is False


# -- client CA certificates ----------------------------------------------------------------------------------

@pytest.fixture
def cert_server(api):
    return create_server(api, client_auth_type="CERT", client_ca_certificates=[
        {"name": "first", "content": issue("First CA", ca=True).pem}])


def check(api, content, name=None):
    body = {"content": content, **({"name": name} if name else {})}
    return api.call("POST", SERVERS + "/client-ca-certificates/check", {"client_ca_certificate": body})


def test_verification_parses_the_certificate(api):
    ca = issue("Verified CA", ca=True)
    status, described, _headers = check(api, ca.pem, "verified")
    assert status == 200
    assert described["name"] == "verified" and described["serial_number"] == ca.serial
    assert described["subject"] == "C=CN,O=hwcloud.vpn tests,CN=Verified CA"
    assert described["signature_algorithm"] == "SHA256WITHECDSA"
    expired = check(api, issue("Old CA", ca=True, days=-1, not_before_days=-10).pem, "old")[1]
    assert (expired["error_code"], expired["error_msg"]) == ("VPN.0072", "Certificate old has expired.")
    assert check(api, issue("Future CA", ca=True, not_before_days=5).pem)[1]["error_code"] == "VPN.0073"
    assert check(api, issue("leaf", issuer=ca).pem)[1]["error_code"] == "VPN.0076"
    assert check(api, "not a certificate")[1]["error_code"] == "VPN.0074"
    garbled = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    assert check(api, garbled)[1]["error_code"] == "VPN.0075"


def test_ca_certificates_upload_rename_delete(api, cert_server):
    base = f"{SERVERS}/{cert_server['id']}/client-ca-certificates"
    ca = issue("Second CA", ca=True)
    created = api.ok("POST", base, {"client_ca_certificate": {"name": "second", "content": ca.pem}}, expected=201)
    ca_id = created["client_ca_certificate"]["id"]
    assert list(created["client_ca_certificate"]) == ["id"]
    shown = api.ok("GET", f"{base}/{ca_id}")["client_ca_certificate"]
    assert shown["name"] == "second" and shown["serial_number"] == ca.serial and "content" not in shown
    assert api.error("POST", base, {"client_ca_certificate": {"content": ca.pem}}) == (400, "VPN.0077")
    api.ok("PUT", f"{base}/{ca_id}", {"client_ca_certificate": {"name": "renamed"}})
    names = [c["name"] for c in server_of(api, cert_server["p2c_vgw_id"])["client_ca_certificates"]]
    assert names == ["first", "renamed"]
    api.ok("DELETE", f"{base}/{ca_id}", expected=204)
    assert api.error("GET", f"{base}/{ca_id}") == (404, "VPN.1115")
    assert api.error("DELETE", f"{base}/{ca_id}") == (404, "VPN.1115")


def test_at_most_ten_ca_certificates(api, cert_server):
    base = f"{SERVERS}/{cert_server['id']}/client-ca-certificates"
    for index in range(9):
        api.ok("POST", base, {"client_ca_certificate": {"content": issue(f"CA {index}", ca=True).pem}}, expected=201)
    assert api.error("POST", base, {"client_ca_certificate": {"content": issue("CA 10", ca=True).pem}}) == \
        (400, "VPN.1111")
    authorities = [{"content": issue(f"CA {n}", ca=True).pem} for n in range(11)]
    gateway = create_gateway(api, name="other", eip={"id": fixture_id("eip-05")})
    assert api.error("POST", f"{GATEWAYS}/{gateway['id']}/vpn-servers", server_body(
        client_auth_type="CERT", client_ca_certificates=authorities)) == (400, "VPN.1111")


def test_ca_certificates_only_on_a_cert_server(api):
    server = create_server(api)
    assert api.error("POST", f"{SERVERS}/{server['id']}/client-ca-certificates", {"client_ca_certificate": {
        "content": issue("CA", ca=True).pem}}) == (400, "VPN.0001")
    gateway = create_gateway(api, name="other", eip={"id": fixture_id("eip-05")})
    assert api.error("POST", f"{GATEWAYS}/{gateway['id']}/vpn-servers", server_body(
        client_ca_certificates=[{"content": issue("CA", ca=True).pem}])) == (400, "VPN.0001")


# -- X-Client-Token --------------------------------------------------------------------------------------------

def test_a_client_token_makes_a_retry_answer_the_same_and_create_nothing(api, gateway):
    path = f"{GATEWAYS}/{gateway['id']}/vpn-servers"
    token = {"X-Client-Token": str(uuid.uuid4())}
    first = api.call("POST", path, server_body(), headers=token)
    again = api.call("POST", path, server_body(), headers=token)
    assert first[0] == again[0] == 201 and first[1]["vpn_server"] == again[1]["vpn_server"]
    assert len(api.ok("GET", path)["vpn_servers"]) == 1
    # The same token on another request is refused; a new token is a new request (here a second server: 1102).
    changed = api.call("POST", path, server_body(client_cidr="172.18.0.0/24"), headers=token)
    assert (changed[0], changed[1]["error_code"]) == (400, "VPN.0001")
    other = api.call("POST", path, server_body(), headers={"X-Client-Token": str(uuid.uuid4())})
    assert (other[0], other[1]["error_code"]) == (400, "VPN.1102")
    bad = api.call("POST", path, server_body(), headers={"X-Client-Token": "retry-1"})
    assert (bad[0], bad[1]["error_code"]) == (400, "VPN.0001")


def test_a_refused_request_is_not_remembered(api):
    server = create_server(api)
    path = f"{SERVERS}/{server['id']}/users"
    token = {"X-Client-Token": str(uuid.uuid4())}
    weak = api.call("POST", path, {"user": {"name": "alice", "password": "password"}}, headers=token)
    assert (weak[0], weak[1]["error_code"]) == (400, "VPN.1308")
    body = {"user": {"name": "alice", "password": "Alice-Secret-1"}}
    answers = [api.call("POST", path, body, headers=token) for _attempt in range(2)]
    assert [answer[0] for answer in answers] == [201, 201]
    assert answers[0][1]["user"] == answers[1][1]["user"]
    assert api.ok("GET", path)["total_count"] == 1


def test_lost_answers_of_a_batch_create_do_not_double_it(emulator, api):
    """A 201 whose answer is lost (the client sees a 504) is repeated with the same token: one batch only. The
    fault loses the answers of creates; a replay creates nothing, so its answer comes through."""
    server = create_server(api)
    path = f"{SERVERS}/{server['id']}/users/batch-create"
    body = {"users": [{"name": "alice", "password": "Alice-Secret-1"}]}
    token = {"X-Client-Token": str(uuid.uuid4())}
    emulator.app.faults.settings.lose_create_response_rate = 1.0
    answers = [api.call("POST", path, body, headers=token) for _attempt in range(3)]
    assert [answer[0] for answer in answers] == [504, 201, 201]
    assert answers[1][1]["invalid_users"] == answers[2][1]["invalid_users"] == []
    assert api.ok("GET", f"{SERVERS}/{server['id']}/users")["total_count"] == 1
