"""4.2.1 and 4.2.2.11-13 in the emulator: P2C gateway validation with the reference's error codes, lifecycle,
marker paging, EIP rebinding, client connections (offset paging, teardown, limits), log configuration, upgrades,
tags, and the deletion that takes the VPN server along."""

from __future__ import annotations

import urllib.error

import pytest
from support.p2c_api import GATEWAYS, SERVERS, control, create_gateway, create_server, gateway_body
from support.signed_client import TRANSITION

from emulator.fixtures import fixture_id

UNKNOWN = "00000000-0000-4000-8000-000000000000"

INVALID = {
    # case: (changes to a valid body, expected status, expected code)
    "name with a period": ({"name": "p2c.gw"}, 400, "VPN.0001"),
    "unknown field": ({"colour": "blue"}, 400, "VPN.0001"),
    "vpc missing": ({"vpc_id": None}, 400, "VPN.0001"),
    "eip missing": ({"eip": None}, 400, "VPN.0001"),
    "flavor unknown": ({"flavor": "Professional2"}, 400, "VPN.0001"),
    "too many connections": ({"max_connection_number": 501}, 400, "VPN.0001"),
    "bandwidth above 300": ({"eip": {"type": "5_bgp", "bandwidth_size": 301}}, 400, "VPN.0001"),
    "vpc unknown": ({"vpc_id": UNKNOWN}, 400, "VPN.0500"),
    "subnet unknown": ({"connect_subnet": UNKNOWN}, 400, "VPN.0501"),
    "subnet of another vpc": ({"connect_subnet": fixture_id("subnet-transit-a")}, 400, "VPN.0503"),
    "one AZ of two": ({"availability_zone_ids": ["cn-north-4a"]}, 400, "VPN.0514"),
    "duplicate AZs": ({"availability_zone_ids": ["cn-north-4a", "cn-north-4a"]}, 400, "VPN.0515"),
    "eip unknown": ({"eip": {"id": UNKNOWN}}, 400, "VPN.0551"),
    "eip frozen": ({"eip": {"id": fixture_id("eip-frozen")}}, 400, "VPN.0552"),
    "eip bound": ({"eip": {"id": fixture_id("eip-bound")}}, 400, "VPN.0553"),
    "eip shared bandwidth": ({"eip": {"id": fixture_id("eip-shared-bandwidth")}}, 400, "VPN.0554"),
    "eip edge": ({"eip": {"id": fixture_id("eip-edge")}}, 400, "VPN.0555"),
    "eip type unknown": ({"eip": {"type": "9_nope", "bandwidth_size": 5}}, 400, "VPN.0556"),
    "eip type sold out": ({"eip": {"type": "5_youxuanbgp", "bandwidth_size": 5}}, 400, "VPN.0557"),
    "eip without bandwidth": ({"eip": {"type": "5_bgp"}}, 400, "VPN.0558"),
    "eip id and type": ({"eip": {"id": fixture_id("eip-01"), "type": "5_bgp"}}, 400, "VPN.0559"),
    "enterprise project unknown": ({"enterprise_project_id": UNKNOWN}, 400, "VPN.0001"),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_create_refuses_with_the_reference_codes(api, case):
    changes, status, code = INVALID[case]
    assert api.error("POST", GATEWAYS, gateway_body(**changes)) == (status, code)
    assert api.ok("GET", GATEWAYS)["p2c_vpn_gateways"] == []


def test_create_answers_the_id_and_the_gateway_settles(api):
    with api.transitions_held():  # a pending status, held while the test acts on it
        answer = api.ok("POST", GATEWAYS, gateway_body(max_connection_number=20, tags=[{"key": "a", "value": "b"}]),
                        expected=201)
        assert list(answer["p2c_vpn_gateway"]) == ["id"]
        path = f"{GATEWAYS}/{answer['p2c_vpn_gateway']['id']}"
        assert api.ok("GET", path)["p2c_vpn_gateway"]["status"] == "PENDING_CREATE"
    gateway = api.wait_for(path, "p2c_vpn_gateway", "ACTIVE")
    assert gateway["max_connection_number"] == 20 and gateway["current_connection_number"] == 0
    assert gateway["availability_zone_ids"] == ["cn-north-4a", "cn-north-4b"]
    assert gateway["eip"]["bandwidth_name"].startswith("p2c-vpngw-bandwidth-")
    assert gateway["eip"]["bandwidth_size"] == 10 and gateway["eip"]["share_type"] == "PER"
    assert gateway["flavor"] == "Professional1" and gateway["enterprise_project_id"] == "0"
    assert api.ok("GET", "/v5/{project}/p2c-vpn-gateways/tags")["tags"] == [{"key": "a", "values": ["b"]}]


def test_subnet_addresses_run_out(api, emulator):
    for subnet in emulator.app.store.fixtures["vpcs"][0]["subnets"]:
        if subnet["name"] == "subnet-demo-p2c":
            subnet["available_ips"] = 1
    assert api.error("POST", GATEWAYS, gateway_body()) == (400, "VPN.0502")


def test_list_is_paged_by_marker(api):
    for index in range(3):
        api.ok("POST", GATEWAYS, gateway_body(name=f"gw-{index}", eip={"type": "5_bgp", "bandwidth_size": 5}),
               expected=201)
    first = api.ok("GET", GATEWAYS, query={"limit": 2})
    assert first["total_count"] == 3 and len(first["p2c_vpn_gateways"]) == 2
    rest = api.ok("GET", GATEWAYS, query={"limit": 2, "marker": first["page_info"]["next_marker"]})
    assert "next_marker" not in rest["page_info"]
    assert [g["name"] for g in first["p2c_vpn_gateways"] + rest["p2c_vpn_gateways"]] == ["gw-0", "gw-1", "gw-2"]


def test_availability_zones(api):
    assert api.ok("GET", GATEWAYS + "/availability-zones", query={"flavor": "Professional1"})[
        "availability_zones"] == ["cn-north-4a", "cn-north-4b"]
    assert api.error("GET", GATEWAYS + "/availability-zones", query={"flavor": "Basic"}) == (400, "VPN.0001")


def test_update_renames_and_rebinds_an_eip_only_once_unbound(api):
    gateway = create_gateway(api, eip={"id": fixture_id("eip-01")})
    path = f"{GATEWAYS}/{gateway['id']}"
    answer = api.ok("PUT", path, {"p2c_vpn_gateway": {"name": "renamed"}})
    assert answer["p2c_vpn_gateway"] == {"id": gateway["id"]}
    assert api.error("PUT", path, {"p2c_vpn_gateway": {"eip_id": fixture_id("eip-02")}}) == (400, "VPN.0512")
    control(api, "POST", f"eips/{fixture_id('eip-01')}/unbind")
    assert "eip" not in api.ok("GET", path)["p2c_vpn_gateway"]
    assert api.error("PUT", path, {"p2c_vpn_gateway": {"eip_id": fixture_id("eip-bound")}}) == (400, "VPN.0553")
    with api.transitions_held():  # a pending status, held while the test acts on it
        api.ok("PUT", path, {"p2c_vpn_gateway": {"eip_id": fixture_id("eip-02")}})
        assert api.ok("GET", path)["p2c_vpn_gateway"]["status"] == "PENDING_UPDATE"
    rebound = api.wait_for(path, "p2c_vpn_gateway", "ACTIVE")
    assert rebound["name"] == "renamed" and rebound["eip"]["id"] == fixture_id("eip-02")


def test_delete_takes_the_server_and_its_users_along(api, emulator):
    server = create_server(api)
    path = f"{GATEWAYS}/{server['p2c_vgw_id']}"
    api.ok("POST", f"{SERVERS}/{server['id']}/users", {"user": {"name": "alice", "password": "Alice-Secret-1"}},
           expected=201)
    api.ok("DELETE", path, expected=204)
    # As with S2C gateways, the gateway still reads ACTIVE for a moment, then goes.
    assert api.ok("GET", path)["p2c_vpn_gateway"]["status"] == "ACTIVE"
    assert api.error("DELETE", path) == (400, "VPN.0508")
    api.wait_gone(path)
    assert api.ok("GET", "/v5/{project}/vpn-servers")["vpn_servers"] == []
    store = emulator.app.store
    assert store.all("vpn_users") == [] and store.all("vpn_user_groups") == []
    assert api.error("GET", f"{SERVERS}/{server['id']}/users") == (404, "VPN.1116")
    new_eips = [e for e in store.fixtures["eips"] if e.get("_created_by") == server["p2c_vgw_id"]]
    assert new_eips == []


def test_a_pending_gateway_refuses_changes(api):
    with api.transitions_held():  # a pending status, held while the test acts on it
        created = api.ok("POST", GATEWAYS, gateway_body(), expected=201)["p2c_vpn_gateway"]
        path = f"{GATEWAYS}/{created['id']}"
        assert api.error("PUT", path, {"p2c_vpn_gateway": {"name": "x"}}) == (409, "VPN.0003")
        assert api.error("DELETE", path) == (409, "VPN.0003")
        assert api.error("POST", path + "/vpn-servers", {"vpn_server": {
            "client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"], "ssl_options": {},
            "server_certificate": {"source": "SERVICE_SIGN"}}}) == (409, "VPN.0003")


def connect(api, gateway_id, user, client_ip="198.51.100.7"):
    return control(api, "POST", f"p2c-vpn-gateways/{gateway_id}/connections",
                   {"client_user_name": user, "client_ip": client_ip})["connection"]


def test_connections_are_paged_by_offset_and_torn_down(api):
    server = create_server(api)
    gateway_id = server["p2c_vgw_id"]
    api.ok("POST", f"{SERVERS}/{server['id']}/users/batch-create", {"users": [
        {"name": "alice", "password": "Alice-Secret-1"},
        {"name": "bob1", "password": "Bob1-Secret-1", "static_ip": "172.16.0.13"}]}, expected=201)
    opened = [connect(api, gateway_id, "alice") for _number in range(5)] + [connect(api, gateway_id, "bob1")]
    assert opened[-1]["client_virtual_ip"] == "172.16.0.13"
    assert len({c["client_virtual_ip"] for c in opened[:5]}) == 5
    with pytest.raises(urllib.error.HTTPError):  # six connections for one user
        connect(api, gateway_id, "alice")
    path = f"{GATEWAYS}/{gateway_id}/connections"
    everything = api.ok("GET", path)
    assert everything["total_count"] == 6 and len(everything["connections"]) == 6
    page = api.ok("GET", path, query={"limit": 4, "offset": 4})
    assert [c["connection_id"] for c in page["connections"]] == [c["connection_id"] for c in opened[4:]]
    assert api.ok("GET", f"{GATEWAYS}/{gateway_id}")["p2c_vpn_gateway"]["current_connection_number"] == 6
    target = opened[0]["connection_id"]
    assert list(api.ok("POST", f"{path}/{target}/disconnect")) == ["request_id"]
    api.ok("POST", f"{path}/{opened[1]['connection_id']}/disconnect")
    assert api.error("POST", f"{path}/{target}/disconnect") == (404, "VPN.0563")
    assert api.ok("GET", path)["total_count"] == 4
    # Deleting a user disconnects its clients.
    users = api.ok("GET", f"{SERVERS}/{server['id']}/users")["users"]
    bob = [u for u in users if u["name"] == "bob1"][0]
    api.ok("DELETE", f"{SERVERS}/{server['id']}/users/{bob['id']}", expected=204)
    assert [c["client_user_name"] for c in api.ok("GET", path)["connections"]] == ["alice"] * 3


def test_connections_stop_at_the_gateway_limit(api):
    gateway = create_gateway(api, max_connection_number=2)
    server = create_server(api, gateway["id"], client_cidr="172.16.0.0/26")
    api.ok("POST", f"{SERVERS}/{server['id']}/users", {"user": {"name": "alice", "password": "Alice-Secret-1"}},
           expected=201)
    connect(api, gateway["id"], "alice")
    connect(api, gateway["id"], "alice")
    with pytest.raises(urllib.error.HTTPError) as refused:
        connect(api, gateway["id"], "alice")
    assert refused.value.code == 400


def test_log_configuration(api):
    gateway = create_gateway(api)
    path = f"{GATEWAYS}/{gateway['id']}/log-config"
    assert api.ok("GET", path)["log_config"] == {}
    assert api.error("DELETE", path) == (404, "VPN.0004")
    wanted = {"log_group_id": fixture_id("lts-group-vpn"), "log_stream_id": fixture_id("lts-stream-p2c")}
    assert api.ok("PUT", path, {"log_config": wanted})["log_config"] == wanted
    assert api.ok("GET", path)["log_config"] == wanted
    assert api.error("PUT", path, {"log_config": dict(wanted, log_group_id=UNKNOWN)}) == (400, "VPN.0001")
    assert api.error("PUT", path, {"log_config": dict(wanted, log_stream_id=fixture_id("lts-stream-other"))}) == \
        (400, "VPN.0001")
    assert api.error("PUT", path, {"log_config": {"log_group_id": wanted["log_group_id"]}}) == (400, "VPN.0001")
    api.ok("DELETE", path, expected=204)
    assert api.ok("GET", path)["log_config"] == {}


def test_upgrade_and_its_jobs(api):
    gateway = create_gateway(api)
    path = f"{GATEWAYS}/{gateway['id']}"
    job_id = api.ok("POST", path + "/upgrade", {"action": "start"}, expected=202)["job_id"]
    assert api.ok("GET", path)["p2c_vpn_gateway"]["status"] == "UPGRADING"
    api.wait_for(path, "p2c_vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    api.ok("POST", path + "/upgrade", {"action": "finish"}, expected=202)
    upgraded = api.ok("GET", path)["p2c_vpn_gateway"]
    assert upgraded["status"] == "ACTIVE" and upgraded["version"] == "v2.0" and upgraded["upgrade_info"] == "unready"
    jobs = api.ok("GET", GATEWAYS + "/jobs", query={"resource_id": gateway["id"]})["jobs"]
    assert [(j["id"], j["status"]) for j in jobs] == [(job_id, "success")]
    assert [s["job_type"] for s in jobs[0]["sub_jobs"]] == ["prepare_resource", "upgrade_worker_1", "upgrade_worker_2"]
    assert api.error("POST", path + "/upgrade", {"action": "start"}) == (400, "VPN.0001")
    api.ok("DELETE", f"{GATEWAYS}/jobs/{job_id}", expected=204)
    assert api.ok("GET", GATEWAYS + "/jobs")["jobs"] == []


def test_upgrade_rolls_back(api):
    gateway = create_gateway(api)
    path = f"{GATEWAYS}/{gateway['id']}"
    api.ok("POST", path + "/upgrade", {"action": "start"}, expected=202)
    assert api.error("POST", path + "/upgrade", {"action": "rollback"}) == (400, "VPN.0001")
    api.wait_for(path, "p2c_vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    api.ok("POST", path + "/upgrade", {"action": "rollback"}, expected=202)
    assert api.ok("GET", path)["p2c_vpn_gateway"]["status"] == "ROLLING_BACK"
    assert api.wait_for(path, "p2c_vpn_gateway", "ACTIVE", timeout=TRANSITION * 50)["version"] == "v1.0"


def test_tags_through_the_tag_api(api):
    gateway = create_gateway(api)
    base = f"/v5/{{project}}/p2c-vpn-gateways/{gateway['id']}/tags"
    api.ok("POST", base + "/create", {"tags": [{"key": "env", "value": "prod"}]}, expected=204)
    assert api.ok("GET", base)["tags"] == [{"key": "env", "value": "prod"}]
    found = api.ok("POST", "/v5/{project}/p2c-vpn-gateways/resource-instances/filter",
                   {"tags": [{"key": "env", "values": ["prod"]}]})
    assert [r["resource_id"] for r in found["resources"]] == [gateway["id"]]
