"""4.1.1 in the emulator: validation with the reference's error codes, lifecycles, specification changes,
EIP rebinding, GM certificates, upgrades, AZs and the routing table."""

from __future__ import annotations

import copy

import pytest
from support.certs import issue
from support.signed_client import TRANSITION, SignedClient

from emulator.config import Config
from emulator.server import BackgroundEmulator

GATEWAYS = "/v5/{project}/vpn-gateways"


@pytest.fixture
def public_body(ids):
    return {"vpn_gateway": {"name": "gw1", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
                            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": ids["eip-01"]},
                            "eip2": {"type": "5_bgp", "bandwidth_size": 100, "charge_mode": "bandwidth"}}}


def with_changes(body, **changes):
    changed = copy.deepcopy(body)
    for key, value in changes.items():
        if value is None:
            changed["vpn_gateway"].pop(key, None)
        else:
            changed["vpn_gateway"][key] = value
    return changed


INVALID = {
    # case: (changes to the valid public body, expected status, expected code)
    "name pattern": ({"name": "bad name!"}, 400, "VPN.0001"),
    "unknown field": ({"colour": "blue"}, 400, "VPN.0001"),
    "bgp_asn zero": ({"bgp_asn": 0}, 400, "VPN.0001"),
    "flavor unknown": ({"flavor": "Huge"}, 400, "VPN.0001"),
    "vpc missing": ({"vpc_id": None}, 400, "VPN.0001"),
    "vpc unknown": ({"vpc_id": "00000000-0000-4000-8000-000000000000"}, 400, "VPN.0500"),
    "subnet unknown": ({"connect_subnet": "00000000-0000-4000-8000-000000000000"}, 400, "VPN.0501"),
    "local subnets missing": ({"local_subnets": None}, 400, "VPN.0001"),
    "local subnet not a CIDR": ({"local_subnets": ["192.168.0.1/24"]}, 400, "VPN.0001"),
    "too many local subnets": ({"local_subnets": ["10.%d.0.0/16" % i for i in range(51)]}, 400, "VPN.0001"),
    "er_id with vpc": ({"er_id": "00000000-0000-4000-8000-000000000000"}, 400, "VPN.0001"),
    "eips missing": ({"eip1": None}, 400, "VPN.0558"),
    "eip unknown": ({"eip1": {"id": "00000000-0000-4000-8000-000000000000"}}, 400, "VPN.0551"),
    "eip id and settings": ({"eip2": {"id": "00000000-0000-4000-8000-000000000000", "type": "5_bgp"}}, 400,
                            "VPN.0559"),
    "eip type invalid": ({"eip2": {"type": "6_x", "bandwidth_size": 10}}, 400, "VPN.0556"),
    "eip type sold out": ({"eip2": {"type": "5_youxuanbgp", "bandwidth_size": 10}}, 400, "VPN.0557"),
    "eip without bandwidth": ({"eip2": {"type": "5_bgp"}}, 400, "VPN.0558"),
    "bandwidth over the flavor's": ({"flavor": "Basic", "eip2": {"type": "5_bgp", "bandwidth_size": 200}}, 400,
                                    "VPN.0550"),
    "basic private": ({"flavor": "Basic", "network_type": "private", "eip1": None, "eip2": None}, 400, "VPN.0001"),
    "ipv6 with er": ({"ip_version": "ipv6", "attachment_type": "er"}, 400, "VPN.0001"),
    "duplicate AZs": ({"availability_zone_ids": ["cn-north-4a", "cn-north-4a"]}, 400, "VPN.0515"),
    "one AZ where two are offered": ({"availability_zone_ids": ["cn-north-4a"]}, 400, "VPN.0514"),
    "AZ not offering the flavor": ({"availability_zone_ids": ["cn-north-4a", "cn-north-4z"]}, 400, "VPN.0001"),
    "private ips on public": ({"access_private_ip_1": "192.168.100.50", "access_private_ip_2": "192.168.100.51"},
                              400, "VPN.0001"),
    "enterprise project unknown": ({"enterprise_project_id": "00000000-0000-4000-8000-000000000000"}, 400,
                                   "VPN.0001"),
    "tags over 20": ({"tags": [{"key": "k%d" % i, "value": "v"} for i in range(21)]}, 400, "VPN.0001"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_creates_are_refused_with_the_documented_code(api, emulator, public_body, case):
    changes, status, code = INVALID[case]
    before = copy.deepcopy(emulator.app.store.fixtures)
    assert api.error("POST", GATEWAYS, with_changes(public_body, **changes)) == (status, code)
    # Nothing half-created: no gateway, no EIP bound or created, no subnet address taken.
    assert api.ok("GET", GATEWAYS)["vpn_gateways"] == []
    assert emulator.app.store.fixtures == before


@pytest.mark.parametrize("eip, code", [("eip-frozen", "VPN.0552"), ("eip-bound", "VPN.0553"),
                                       ("eip-shared-bandwidth", "VPN.0554"), ("eip-edge", "VPN.0555")])
def test_unusable_existing_eips(api, public_body, ids, eip, code):
    assert api.error("POST", GATEWAYS, with_changes(public_body, eip1={"id": ids[eip]})) == (400, code)


def test_a_subnet_of_another_vpc_and_a_subnet_too_small(api, public_body, ids):
    assert api.error("POST", GATEWAYS, with_changes(public_body, connect_subnet=ids["subnet-transit-a"])) == \
        (400, "VPN.0503")
    assert api.error("POST", GATEWAYS, with_changes(public_body, connect_subnet=ids["subnet-demo-tiny"])) == \
        (400, "VPN.0502")


def test_gateway_quota(api, emulator, public_body, ids):
    emulator.app.store.fixtures["quotas"] = {"vpn_gateway": 1}
    api.ok("POST", GATEWAYS, public_body, expected=201)
    second = with_changes(public_body, name="gw2", eip1={"id": ids["eip-02"]})
    assert api.error("POST", GATEWAYS, second) == (400, "VPN.0513")


def test_lifecycle_create_read_update_delete(api, emulator, public_body, ids):
    with api.transitions_held():  # a pending status, held while the test acts on it
        created = api.ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
        assert "status" not in created and "eip1" not in created  # as in the reference's create examples
        assert created["flavor"] == "Professional1" and created["bgp_asn"] == 64512
        assert created["ha_mode"] == "active-active" and created["enterprise_project_id"] == "0"
        path = GATEWAYS + "/" + created["id"]
        pending = api.ok("GET", path)["vpn_gateway"]
        assert pending["status"] == "PENDING_CREATE" and "eip1" not in pending
        assert api.error("PUT", path, {"vpn_gateway": {"local_subnets": ["192.168.9.0/24"]}}) == (409, "VPN.0003")

    active = api.wait_for(path, "vpn_gateway", "ACTIVE")
    assert active["eip1"]["id"] == ids["eip-01"] and active["eip1"]["ip_address"] == "88.88.1.1"
    assert active["eip2"]["bandwidth_size"] == 100 and active["eip2"]["type"] == "5_bgp"
    assert len(active["availability_zone_ids"]) == 2
    assert active["supported_flavors"] == ["Basic", "Professional2"]

    renamed = api.ok("PUT", path, {"vpn_gateway": {"name": "gw-renamed"}})["vpn_gateway"]
    # 4.1.1.4's answer has no status; it keeps the example's EIPs, times and AZs.
    assert renamed["name"] == "gw-renamed" and "status" not in renamed
    assert api.ok("GET", path)["vpn_gateway"]["status"] == "ACTIVE"
    with api.transitions_held():  # a pending status, held while the test acts on it
        updated = api.ok("PUT", path, {"vpn_gateway": {"local_subnets": ["192.168.9.0/24"]}})["vpn_gateway"]
        assert updated["eip1"] == active["eip1"] and updated["created_at"] == active["created_at"]
        assert updated["availability_zone_ids"] == active["availability_zone_ids"] and "status" not in updated
        assert api.ok("GET", path)["vpn_gateway"]["status"] == "PENDING_UPDATE"
    assert api.wait_for(path, "vpn_gateway", "ACTIVE")["local_subnets"] == ["192.168.9.0/24"]

    new_eip_id = active["eip2"]["id"]
    api.ok("DELETE", path, expected=204)
    # The bite: right after the DELETE the gateway still reads ACTIVE.
    assert api.ok("GET", path)["vpn_gateway"]["status"] == "ACTIVE"
    assert api.error("DELETE", path) == (400, "VPN.0508")
    api.wait_gone(path)
    eips = {e["id"]: e for e in emulator.app.store.fixtures["eips"]}
    assert eips[ids["eip-01"]]["bound_to"] is None  # an existing EIP is unbound
    assert new_eip_id not in eips  # a new EIP goes with the gateway


def test_specification_change(api, public_body):
    gateway = api.ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
    path = GATEWAYS + "/" + gateway["id"]
    api.wait_for(path, "vpn_gateway", "ACTIVE")
    assert api.error("POST", path + "/update-specification", {"vpn_gateway": {"flavor": "GM"}}) == (400, "VPN.0001")
    changed = api.ok("POST", path + "/update-specification", {"vpn_gateway": {"flavor": "Professional2"}})
    assert changed["vpn_gateway"]["flavor"] == "Professional2"
    active = api.wait_for(path, "vpn_gateway", "ACTIVE")
    assert active["connection_number"] == 1000 and active["supported_flavors"] == ["Basic", "Professional1"]


def test_eip_rebinding_needs_the_old_one_unbound_first(api, emulator, public_body, ids):
    gateway = api.ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
    path = GATEWAYS + "/" + gateway["id"]
    api.wait_for(path, "vpn_gateway", "ACTIVE")
    assert api.error("PUT", path, {"vpn_gateway": {"eip_id_1": ids["eip-02"]}}) == (400, "VPN.0512")
    emulator.app._unbind_eip(ids["eip-01"])  # what the EIP service's unbind does
    assert "eip1" not in api.ok("GET", path)["vpn_gateway"]
    api.ok("PUT", path, {"vpn_gateway": {"eip_id_1": ids["eip-02"]}})
    assert api.wait_for(path, "vpn_gateway", "ACTIVE")["eip1"]["id"] == ids["eip-02"]


def test_private_gateway_addresses(api, ids):
    body = {"vpn_gateway": {"name": "private", "network_type": "private", "vpc_id": ids["vpc-demo"],
                            "connect_subnet": ids["subnet-demo-vpn"], "local_subnets": ["192.168.0.0/24"]}}
    created = api.ok("POST", GATEWAYS, body, expected=201)["vpn_gateway"]
    # 4.1.1.1's answer has no addresses (its example c neither): they show once the gateway is read.
    assert "access_private_ip_1" not in created
    chosen = api.ok("GET", GATEWAYS + "/" + created["id"])["vpn_gateway"]
    assert chosen["access_private_ip_1"] != chosen["access_private_ip_2"]
    assert chosen["access_private_ip_1"].startswith("192.168.100.")
    taken = dict(body["vpn_gateway"], name="private2", access_private_ip_1=chosen["access_private_ip_1"],
                 access_private_ip_2="192.168.100.20")
    assert api.error("POST", GATEWAYS, {"vpn_gateway": taken}) == (400, "VPN.0001")
    outside = dict(taken, access_private_ip_1="10.0.0.5")
    assert api.error("POST", GATEWAYS, {"vpn_gateway": outside}) == (400, "VPN.0001")


def test_enterprise_router_gateway_and_project_filter(api, ids):
    body = {"vpn_gateway": {"name": "er-gw", "attachment_type": "er", "er_id": ids["er-hub"],
                            "vpc_id": ids["vpc-er-access"], "connect_subnet": ids["subnet-er-access"],
                            "flavor": "Professional2", "enterprise_project_id": ids["ep-network"],
                            "eip1": {"type": "5_bgp", "bandwidth_size": 300},
                            "eip2": {"type": "5_sbgp", "bandwidth_size": 300}}}
    gateway = api.ok("POST", GATEWAYS, body, expected=201)["vpn_gateway"]
    assert gateway["er_id"] == ids["er-hub"] and "vpc_id" not in gateway and "local_subnets" not in gateway
    assert gateway["access_vpc_id"] == ids["vpc-er-access"]
    listed = api.ok("GET", GATEWAYS, query={"enterprise_project_id": ["0", ids["ep-network"]]})["vpn_gateways"]
    assert [g["id"] for g in listed] == [gateway["id"]]
    assert api.ok("GET", GATEWAYS, query={"enterprise_project_id": "0"})["vpn_gateways"] == []


def test_availability_zones_v5_and_v51(api):
    v5 = api.ok("GET", "/v5/{project}/vpn-gateways/availability-zones")["availability_zones"]
    assert v5["professional1"]["er"] == ["cn-north-4a", "cn-north-4b"] and v5["basic"]["er"] == []
    v51 = api.ok("GET", "/v5.1/{project}/vpn-gateways/availability-zones")["availability_zones"]
    specs = {(z["name"], s["flavor"], s["attachment_type"], s["ip_version"]) for z in v51 for s in z["available_specs"]}
    assert ("cn-north-4b", "Professional2", "vpc", "ipv6") in specs
    assert ("cn-north-4c", "Basic", "vpc", "ipv4") not in specs


def test_routing_table_of_a_gateway_without_connections(api, public_body):
    gateway = api.ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
    table = api.ok("GET", GATEWAYS + "/" + gateway["id"] + "/routing-table")
    assert table["routing_table"] == [] and table["total_count"] == 0


def _gm_certificate_body(name="cert-1", ca_for_chain=True):
    chain = issue("GM Root", ca=True)
    signing, encryption = issue("vpn-sign", issuer=chain), issue("vpn-enc", issuer=chain)
    return {"certificate": {"name": name, "certificate": signing.pem, "private_key": signing.key_pem,
                            "enc_certificate": encryption.pem, "enc_private_key": encryption.key_pem,
                            "certificate_chain": chain.pem if ca_for_chain else signing.pem}}, signing


def test_gm_certificates(api, ids):
    body = {"vpn_gateway": {"name": "gm", "flavor": "GM", "vpc_id": ids["vpc-demo"],
                            "connect_subnet": ids["subnet-demo-vpn"], "local_subnets": ["192.168.0.0/24"],
                            "eip1": {"id": ids["eip-01"]}, "eip2": {"id": ids["eip-02"]}}}
    gateway = api.ok("POST", GATEWAYS, body, expected=201)["vpn_gateway"]
    path = GATEWAYS + "/" + gateway["id"]
    api.wait_for(path, "vpn_gateway", "ACTIVE")
    assert api.error("GET", path + "/certificate") == (404, "VPN.0004")
    bad_chain = _gm_certificate_body(ca_for_chain=False)[0]
    assert api.error("POST", path + "/certificate", bad_chain) == (400, "VPN.0076")
    mismatched = _gm_certificate_body()[0]
    mismatched["certificate"]["private_key"] = issue("other").key_pem
    assert api.error("POST", path + "/certificate", mismatched) == (400, "VPN.0001")

    upload, signing = _gm_certificate_body()
    created = api.ok("POST", path + "/certificate", upload, expected=201)["certificate"]
    assert created["certificate_serial_number"] == signing.serial
    assert "private_key" not in created and "-----BEGIN" not in str(created)
    assert api.wait_for(path + "/certificate", "certificate", "BOUND")["name"] == "cert-1"
    assert api.ok("GET", path)["vpn_gateway"]["certificate_id"] == created["id"]
    assert api.error("POST", path + "/certificate", upload) == (400, "VPN.0001")

    cert_path = path + "/certificate/" + created["id"]
    assert api.ok("PUT", cert_path, {"certificate": {"name": "renamed"}})["certificate"]["name"] == "renamed"
    partial = {"certificate": {"certificate": signing.pem}}
    assert api.error("PUT", cert_path, partial) == (400, "VPN.0001")
    renewed, renewed_signing = _gm_certificate_body(name="renewed")
    updated = api.ok("PUT", cert_path, renewed)["certificate"]
    assert updated["certificate_serial_number"] == renewed_signing.serial


def test_certificates_only_on_gm_gateways(api, public_body):
    gateway = api.ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
    path = GATEWAYS + "/" + gateway["id"]
    api.wait_for(path, "vpn_gateway", "ACTIVE")
    upload = _gm_certificate_body()[0]
    assert api.error("POST", path + "/certificate", upload) == (400, "VPN.0001")


def test_upgrade_start_finish_and_jobs(api, public_body):
    gateway = api.ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
    path = GATEWAYS + "/" + gateway["id"]
    api.wait_for(path, "vpn_gateway", "ACTIVE")
    job_id = api.ok("POST", path + "/upgrade", {"action": "start"}, expected=202)["job_id"]
    assert api.ok("GET", path)["vpn_gateway"]["status"] == "UPGRADING"
    api.wait_for(path, "vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    api.ok("POST", path + "/upgrade", {"action": "finish"}, expected=202)
    assert api.ok("GET", path)["vpn_gateway"]["status"] == "ACTIVE"
    jobs = api.ok("GET", GATEWAYS + "/jobs", query={"resource_id": gateway["id"]})["jobs"]
    assert [(j["id"], j["status"]) for j in jobs] == [(job_id, "success")]
    api.ok("DELETE", GATEWAYS + "/jobs/" + job_id, expected=204)
    assert api.ok("GET", GATEWAYS + "/jobs")["jobs"] == []
    assert api.error("POST", path + "/upgrade", {"action": "finish"}) == (400, "VPN.0001")


def test_state_survives_a_restart_with_a_state_file(tmp_path, public_body):
    state = str(tmp_path / "state.json")
    with BackgroundEmulator(Config(transition_seconds=TRANSITION, state_file=state)) as first:
        gateway = SignedClient(first).ok("POST", GATEWAYS, public_body, expected=201)["vpn_gateway"]
    with BackgroundEmulator(Config(transition_seconds=TRANSITION, state_file=state)) as second:
        client = SignedClient(second)
        assert client.wait_for(GATEWAYS + "/" + gateway["id"], "vpn_gateway", "ACTIVE")["name"] == "gw1"
