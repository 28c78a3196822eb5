"""vpn_connection and vpn_connection_monitor: the module-side logic that is easy to get wrong (PSK complexity,
tunnel addresses, GM consistency, normalisation of the API's forms, what counts and what is sent back in an
update, check-mode predictions, address selection and HA roles, batches of two, a monitor gone meanwhile)."""

from __future__ import annotations

import copy

from typing import Any

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Response
from ansible_collections.hwcloud.vpn.plugins.module_utils import compare
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import module_argument_spec
from ansible_collections.hwcloud.vpn.plugins.modules import vpn_connection, vpn_connection_monitor
from ansible_collections.hwcloud.vpn.plugins.module_utils.ipsec import (
    check_gm_consistency, check_tunnel_addresses, policy_rules_form, psk_is_complex)
from ansible_collections.hwcloud.vpn.plugins.modules.vpn_connection import ConnectionSet, VpnConnection

from support.fake_client import ReadsThroughRequest
from support.fake_module import FakeModule

GATEWAY = {"id": "gw-1", "status": "ACTIVE", "network_type": "public", "attachment_type": "vpc",
           "ip_version": "ipv4", "flavor": "Professional1", "ha_mode": "active-active", "bgp_asn": 64512,
           "local_subnets": ["192.168.0.0/24"], "enterprise_project_id": "0",
           "eip1": {"id": "eip-1", "ip_address": "88.88.1.1"}, "eip2": {"id": "eip-2", "ip_address": "88.88.1.2"}}
CUSTOMER = {"id": "cgw-1", "id_type": "ip", "id_value": "203.0.113.10", "bgp_asn": 65010}
CONNECTION = {
    "id": "c-1", "name": "paris-1", "status": "ACTIVE", "vgw_id": "gw-1", "vgw_ip": "eip-1", "style": "STATIC",
    "cgw_id": "cgw-1", "peer_subnets": ["10.10.0.0/16"], "tunnel_local_address": "169.254.0.1/30",
    "tunnel_peer_address": "169.254.0.2/30", "enable_nqa": False, "ha_role": "master", "tags": [],
    "ikepolicy": {"ike_version": "v1", "phase1_negotiation_mode": "main", "authentication_algorithm": "sha2-256",
                  "encryption_algorithm": "aes-128", "dh_group": "group15", "authentication_method": "pre-share",
                  "lifetime_seconds": 86400, "local_id_type": "ip", "local_id": "88.88.1.1", "peer_id_type": "ip",
                  "peer_id": "203.0.113.10", "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}},
    "ipsecpolicy": {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128", "pfs": "group15",
                    "transform_protocol": "esp", "lifetime_seconds": 3600, "encapsulation_mode": "tunnel"},
}


def answer(body: Any) -> Response:
    return Response(200, body, {})


class FakeClient(ReadsThroughRequest):
    """Answers with `handler(method, path, body)`; records every call."""

    def __init__(self, handler):
        self.handler = handler
        self.calls = []

    def request(self, method, path, query=None, body=None, idempotent=None, client_token=False, recover=None):
        self.calls.append((method, path, copy.deepcopy(body)))
        return answer(self.handler(method, path, body))


def params_of(spec_options, resource_spec, **overrides):
    """Every option with its default, the overrides over them (as AnsibleModule would give them)."""
    def defaults(spec):
        return dict((name, option.get("default")) for name, option in spec.items())

    params = defaults(module_argument_spec(resource_spec, spec_options))
    params.update(overrides)
    for name in ("ikepolicy", "ipsecpolicy"):
        if isinstance(params.get(name), dict):
            suboptions = spec_options[name]["options"]
            params[name] = dict(defaults(suboptions), **params[name])
            if isinstance(params[name].get("dpd"), dict):
                params[name]["dpd"] = dict(defaults(suboptions["dpd"]["options"]), **params[name]["dpd"])
    return params


def connection(check_mode=False, client=None, **overrides):
    params = params_of(vpn_connection.OPTIONS, VpnConnection.spec, **overrides)
    return VpnConnection(FakeModule(params, check_mode), client or FakeClient(lambda *a: {}))


# -- checks without calls --------------------------------------------------------------------------------------

@pytest.mark.parametrize("psk, good", [
    ("Paris-Psk-2024", True), ("abcdEFGH", False), ("abcd1234", False), ("abcd-1234", True), ("ABCD-1234", True),
    ("Ab1!", False), ("Abcd efg1!", False), ("Abcdefg1\u00e9", False), ("Ab1&" * 32, True), ("Ab1&" * 32 + "x", False),
    ("Key{1};/,.:", True),
])
def test_psk_complexity(psk, good):
    assert psk_is_complex(psk) is good


@pytest.mark.parametrize("local, peer, option", [
    ("169.254.1.1/30", None, "tunnel_peer_address"),
    (None, "169.254.1.2/30", "tunnel_local_address"),
    ("169.254.1.1/29", "169.254.1.2/29", "tunnel_local_address"),
    ("169.254.1.1", "169.254.1.2/30", "tunnel_local_address"),
    ("169.254.195.1/30", "169.254.195.2/30", "tunnel_local_address"),
    ("169.253.1.1/30", "169.253.1.2/30", "tunnel_local_address"),
    ("169.254.1.3/30", "169.254.1.2/30", "tunnel_local_address"),
    ("169.254.1.1/30", "169.254.1.5/30", "tunnel_peer_address"),
    ("169.254.1.2/30", "169.254.1.2/30", "tunnel_peer_address"),
])
def test_tunnel_addresses_refused(local, peer, option):
    with pytest.raises(ValidationError) as raised:
        check_tunnel_addresses(local, peer)
    assert raised.value.option == option


def test_tunnel_addresses_accepted():
    check_tunnel_addresses("169.254.194.254/30", "169.254.194.253/30")
    check_tunnel_addresses(None, None)


def test_sm_algorithms_do_not_mix_with_what_gm_refuses():
    check_gm_consistency({"ikepolicy": {"encryption_algorithm": "sm4", "authentication_algorithm": "sm3",
                                        "ike_version": "v1", "authentication_method": "pre-share"},
                          "ipsecpolicy": {"encryption_algorithm": "sm4"}})
    for ikepolicy, ipsecpolicy in (({"encryption_algorithm": "sm4", "dh_group": "group14"}, {}),
                                   ({"encryption_algorithm": "sm4"}, {"encryption_algorithm": "aes-128"}),
                                   ({"authentication_method": "digital-envelope-v2", "ike_version": "v2"}, {}),
                                   ({"authentication_algorithm": "sm3", "peer_id_type": "any"}, {})):
        with pytest.raises(ValidationError) as raised:
            check_gm_consistency({"ikepolicy": ikepolicy, "ipsecpolicy": ipsecpolicy})
        assert raised.value.option.startswith("ikepolicy.")


def test_validate_names_the_option_and_never_the_key():
    with pytest.raises(ValidationError) as raised:
        connection(name="c", psk="weak key").validate()
    assert raised.value.option == "psk" and "weak key" not in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        connection(name="c", style="static", enable_hub=True).validate()
    assert raised.value.option == "enable_hub"


# -- normalisation and comparison ------------------------------------------------------------------------------

def test_policy_rules_compare_as_sets_without_rule_index():
    api = [{"rule_index": 2, "source": "192.168.5.0/24", "destination": ["10.2.0.0/16"]},
           {"rule_index": 1, "source": "192.168.0.0/24", "destination": ["10.1.0.0/16", "10.0.0.0/16"]}]
    task = [{"source": "192.168.0.0/24", "destination": ["10.0.0.0/16", "10.1.0.0/16"]},
            {"source": "192.168.5.0/24", "destination": ["10.2.0.0/16"]}]
    assert policy_rules_form(api) == policy_rules_form(task)
    assert policy_rules_form(api) != policy_rules_form(task[:1])


def test_the_apis_forms_are_no_change():
    # style comes back upper case; subnets are a set
    module = connection(name="paris-1", style="static", tunnel_local_address="169.254.0.1/30",
                        tunnel_peer_address="169.254.0.2/30", peer_subnets=["10.10.0.0/16"])
    assert compare.changes(module.spec.fields, module.params, module.comparable(CONNECTION)) == []
    module = connection(name="paris-1", style="bgp")
    assert [(c.path, c.before, c.after) for c in compare.changes(
        module.spec.fields, module.params, module.comparable(CONNECTION))] == [("style", "static", "bgp")]


def test_service_filled_identities_are_neither_compared_nor_sent_back():
    module = connection(name="paris-1", ikepolicy={"lifetime_seconds": 3600, "authentication_method": "pre-share"})
    comparable = module.comparable(CONNECTION)
    found = compare.changes(module.spec.fields, module.params, comparable)
    assert [c.path for c in found] == ["ikepolicy.lifetime_seconds"]
    body = compare.update_body(module.spec.fields, module.params, comparable, found)
    ike = body["ikepolicy"]
    # The whole policy, the new lifetime in it, but neither the identities the service filled in nor the
    # create-only authentication method.
    assert ike["lifetime_seconds"] == 3600 and ike["dh_group"] == "group15" and ike["dpd"]["timeout"] == 15
    assert not {"local_id", "peer_id", "authentication_method"} & set(ike)
    assert module.view(CONNECTION)["ikepolicy"].get("local_id") is None


def test_identities_the_task_sets_are_compared_and_sent():
    module = connection(name="paris-1", ikepolicy={"local_id": "88.88.1.9"})
    comparable = module.comparable(CONNECTION)
    found = compare.changes(module.spec.fields, module.params, comparable)
    assert [(c.path, c.before, c.after) for c in found] == [("ikepolicy.local_id", "88.88.1.1", "88.88.1.9")]
    body = compare.update_body(module.spec.fields, module.params, comparable, found)
    assert body["ikepolicy"]["local_id"] == "88.88.1.9" and "peer_id" not in body["ikepolicy"]


def test_moving_to_ikev2_drops_the_phase_one_mode():
    module = connection(name="paris-1", ikepolicy={"ike_version": "v2"})
    comparable = module.comparable(CONNECTION)
    found = compare.changes(module.spec.fields, module.params, comparable)
    body = compare.update_body(module.spec.fields, module.params, comparable, found)
    assert body["ikepolicy"]["ike_version"] == "v2" and "phase1_negotiation_mode" not in body["ikepolicy"]


def test_an_empty_subnet_list_matches_subnets_the_api_leaves_out():
    er_connection = dict(CONNECTION, style="BGP")
    er_connection.pop("peer_subnets")
    module = connection(name="paris-1", peer_subnets=[])
    assert compare.changes(module.spec.fields, module.params, module.comparable(er_connection)) == []
    module = connection(name="paris-1", peer_subnets=["10.1.0.0/16"])
    assert [c.path for c in compare.changes(module.spec.fields, module.params,
                                            module.comparable(er_connection))] == ["peer_subnets"]


# -- predictions, addresses, roles -----------------------------------------------------------------------------

def test_check_mode_predicts_the_service_defaults_of_the_style():
    module = connection(name="b", style="bgp", vgw_ip="eip-2", ikepolicy={"ike_version": "v1"})
    module.gateway = GATEWAY
    predicted = module.predict_created({})
    assert predicted["style"] == "BGP" and predicted["enable_hub"] is False and "enable_nqa" not in predicted
    assert predicted["ikepolicy"]["phase1_negotiation_mode"] == "main"
    assert predicted["ipsecpolicy"]["pfs"] == "group15" and predicted["ha_role"] == "master"
    gm = connection(name="g")
    gm.gateway = dict(GATEWAY, flavor="GM")
    predicted = gm.predict_created({})
    assert predicted["style"] == "STATIC" and predicted["enable_nqa"] is False
    assert predicted["ikepolicy"]["authentication_method"] == "digital-envelope-v2"
    assert "pfs" not in predicted["ipsecpolicy"] and "dh_group" not in predicted["ikepolicy"]


@pytest.mark.parametrize("given, expected", [
    ("eip1", ("eip-1", 1)), ("eip2", ("eip-2", 2)), ("eip-2", ("eip-2", 2)), ("88.88.1.1", ("eip-1", 1))])
def test_addresses_of_a_public_gateway(given, expected):
    module = connection(name="c")
    module.gateway = GATEWAY
    assert module._select_address(given) == expected


def test_addresses_of_a_private_gateway():
    module = connection(name="c")
    module.gateway = dict(GATEWAY, network_type="private", access_private_ip_1="192.168.100.251",
                          access_private_ip_2="192.168.100.250")
    assert module._select_address("access_private_ip_2") == ("192.168.100.250", 2)
    assert module._select_address("192.168.100.251") == ("192.168.100.251", 1)
    for wrong in ("eip1", "192.168.100.9"):
        with pytest.raises(ValidationError):
            module._select_address(wrong)


def test_active_standby_roles_follow_the_address():
    for slot, role in ((1, "master"), (2, "slave")):
        module = connection(name="c")
        module.gateway, module.address_slot = dict(GATEWAY, ha_mode="active-standby"), slot
        module._resolve_ha_role()
        assert module.params["ha_role"] == role
    module = connection(name="c", ha_role="master")
    module.gateway, module.address_slot = dict(GATEWAY, ha_mode="active-standby"), 2
    with pytest.raises(ValidationError) as raised:
        module._resolve_ha_role()
    assert raised.value.option == "ha_role"
    active = connection(name="c")
    active.gateway, active.address_slot = GATEWAY, 2
    active._resolve_ha_role()
    assert active.params["ha_role"] is None  # the API's default, master


# -- batches ---------------------------------------------------------------------------------------------------

def test_missing_connections_are_created_two_per_batch():
    created = []

    def api(method, path, body):
        if path.endswith("/batch-create"):
            answer = [dict(c, id="id-" + c["name"], status="PENDING_CREATE") for c in body["vpn_connections"]]
            created.extend(answer)
            return {"vpn_connections": answer}
        if method == "GET" and "/vpn-connection/" in path:
            found = [c for c in created if path.endswith(c["id"])][0]
            return {"vpn_connection": dict(found, status="DOWN")}
        if method == "GET" and path.endswith("/vpn-connection"):  # the gateway's connections: none yet
            return {"vpn_connections": []}
        return {}

    client = FakeClient(api)
    items = [{"name": "s-%d" % i, "vgw_ip": "eip-%d" % (1 + i % 2), "tunnel_local_address": None,
              "tunnel_peer_address": None, "ha_role": None, "psk": None} for i in range(3)]
    params = params_of(vpn_connection.OPTIONS, VpnConnection.spec, connections=items, vgw_id="gw-1",
                       cgw_id="cgw-1", peer_subnets=["10.10.0.0/16"], psk="Site-Psk-2024")
    task = ConnectionSet(FakeModule(params), client)
    for member in task.members:
        member.gateway, member.customer = GATEWAY, CUSTOMER
    task.converge({})
    batches = [body for method, path, body in client.calls if path.endswith("/batch-create")]
    assert [[c["name"] for c in b["vpn_connections"]] for b in batches] == [["s-0", "s-1"], ["s-2"]]
    assert all(c["psk"] == "Site-Psk-2024" and c["vgw_id"] == "gw-1" for b in batches for c in b["vpn_connections"])
    assert task.result["changed"] and [c["name"] for c in task.result["vpn_connections"]] == ["s-0", "s-1", "s-2"]
    assert all("psk" not in c for c in task.result["vpn_connections"])
    assert set(task.result["diff"]["after"]) == {"s-0", "s-1", "s-2"}


# -- monitors --------------------------------------------------------------------------------------------------

def test_a_monitor_deleted_meanwhile_is_no_change():
    def api(method, path, body):
        if method == "DELETE":
            raise ApiError(400, "VPN.0001", "invalid request: connection monitor m-1 does not exist")
        if method == "GET" and path.endswith("/m-1"):
            raise ApiError(404, "VPN.0004", "resource not found")
        return {}

    params = params_of({"vpn_connection_id": {}, "vpn_connection_name": {}, "vgw_id": {}, "vgw_name": {}},
                       vpn_connection_monitor.ConnectionMonitor.spec, state="absent", vpn_connection_id="c-1")
    monitor = vpn_connection_monitor.ConnectionMonitor(FakeModule(params), FakeClient(api))
    monitor.converge({"id": "m-1", "vpn_connection_id": "c-1", "status": "ACTIVE"})
    assert monitor.result["changed"] is False and monitor.result["connection_monitor"] == {}


def test_other_refusals_of_a_monitor_delete_fail():
    def api(method, path, body):
        if method == "DELETE":
            raise ApiError(400, "VPN.0001", "invalid request: busy")
        return {"connection_monitor": {"id": "m-1", "status": "ACTIVE"}}

    params = params_of({"vpn_connection_id": {}, "vpn_connection_name": {}, "vgw_id": {}, "vgw_name": {}},
                       vpn_connection_monitor.ConnectionMonitor.spec, state="absent", vpn_connection_id="c-1")
    monitor = vpn_connection_monitor.ConnectionMonitor(FakeModule(params), FakeClient(api))
    with pytest.raises(ApiError):
        monitor.converge({"id": "m-1", "vpn_connection_id": "c-1", "status": "ACTIVE"})
