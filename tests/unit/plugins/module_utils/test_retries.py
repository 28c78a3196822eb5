"""Retries that run out say so (what to try next, the last code and request id, no secret); writes that cannot be
repeated safely are recovered by reading, not sent twice (group membership, batch user deletion, a DELETE whose
answer was lost)."""

from __future__ import annotations

import pytest
from support.fake_http import FakeResponse, FakeTransport, Sleeps

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Client, RetryPolicy
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import module_argument_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.transport import TransportError
from ansible_collections.hwcloud.vpn.plugins.modules import vpn_customer_gateway
from ansible_collections.hwcloud.vpn.plugins.modules.p2c_user_group import Members
from support.fake_module import FakeModule

SECRET = "Very-Secret-Key-0001"
AKSK = {"access_key": "AK", "secret_key": SECRET, "project_id": "p1", "region": "cn-north-4", "retries": 3,
        "timeout": 30, "validate_certs": True}
GROUP = "/v5/p1/p2c-vpn-gateways/vpn-servers/srv-1/groups/g-1"


def client(transport, retries=3):
    return Client(dict(AKSK, retries=retries), transport=transport, sleep=Sleeps(),
                  retry_policy=RetryPolicy(retries=retries))


def answer(status, body=None, **headers):
    return FakeResponse(status, body if body is not None else {}, headers)


def refusal(status, code, index):
    return answer(status, {"error_code": code, "error_msg": "try later"}, **{"X-Request-Id": "req-%d" % index})


# -- retries that run out ----------------------------------------------------------------------------------

@pytest.mark.parametrize("status, code", [(503, "APIGW.0203"), (429, "APIGW.0308"), (400, "VPN.0030")])
def test_running_out_of_retries_says_what_to_try(status, code):
    transport = FakeTransport(*[refusal(status, code, i) for i in range(3)])
    with pytest.raises(ApiError) as raised:
        client(transport, retries=2).get("/v5/{project_id}/vpn-gateways")
    error = raised.value
    message = str(error)
    assert len(transport.calls) == 3
    assert "HTTP %d %s" % (status, code) in message
    assert "request id req-2" in message  # the last one
    assert "gave up after 3 attempts (retries=2)" in message
    assert "raise the retries (or timeout) option" in message and "service status" in message
    assert error.to_result()["retries_exhausted"] is True and error.to_result()["attempts"] == 3
    assert SECRET not in message and SECRET not in repr(error.to_result())


def test_lost_connections_that_run_out_say_so_too():
    transport = FakeTransport(*[TransportError("cannot connect to vpn: [Errno 111] Connection refused", False)] * 2)
    with pytest.raises(ApiError, match=r"no answer from the API .*gave up after 2 attempts \(retries=1\)"):
        client(transport, retries=1).get("/v5/{project_id}/vpn-gateways")


@pytest.mark.parametrize("script", [
    [answer(400, {"error_code": "VPN.0001", "error_msg": "invalid request: name"})],
    [answer(404, {"error_code": "VPN.0002", "error_msg": "not found"})],
    [TransportError("TLS certificate verification failed", reached=False, retryable=False)],
])
def test_errors_that_are_not_retried_do_not_suggest_retries(script):
    with pytest.raises(ApiError) as raised:
        client(FakeTransport(*script)).get("/v5/{project_id}/vpn-gateways")
    assert raised.value.retries_exhausted is None
    assert "gave up" not in str(raised.value)


def test_an_uncertain_create_is_not_reported_as_retries_run_out():
    with pytest.raises(ApiError) as raised:
        client(FakeTransport(answer(504))).request("POST", "/v5/{project_id}/vpn-gateways", body={})
    assert raised.value.uncertain and raised.value.retries_exhausted is None


def test_the_client_counts_requests_and_retries():
    transport = FakeTransport(answer(503), answer(429, {"error_code": "APIGW.0308"}), answer(200, {"x": 1}),
                              answer(200, {"y": 2}))
    api = client(transport)
    api.get("/v5/{project_id}/a")
    api.get("/v5/{project_id}/b")
    assert (api.request_count, api.retry_count) == (4, 2)


# -- group membership after a lost answer ------------------------------------------------------------------

class Owner:
    def __init__(self, api):
        self.client = api
        self.params = {"vpn_server_id": "srv-1", "users": ["alice", "bob1"], "purge_users": True}
        self.server_users = {"alice": {"id": "u-alice", "name": "alice", "user_group_id": "g-default",
                                       "user_group_name": "default"},
                             "bob1": {"id": "u-bob1", "name": "bob1", "user_group_id": "g-default",
                                      "user_group_name": "default"}}


def members(*names):
    return answer(200, {"users": [{"id": "u-" + name, "name": name} for name in names], "page_info": {}})


def test_users_added_whose_answer_was_lost_are_not_added_again():
    transport = FakeTransport(answer(504), members("alice", "bob1"), members("alice", "bob1"))
    current = Members(Owner(client(transport))).apply({"id": "g-1"}, [])
    assert [user["name"] for user in current] == ["alice", "bob1"]
    assert [(c.method, c.url.split("/g-1")[-1].split("?")[0]) for c in transport.calls] == [
        ("POST", "/add-users"), ("GET", "/users"), ("GET", "/users")]


def test_users_not_added_after_a_lost_connection_are_added_again():
    transport = FakeTransport(TransportError("POST vpn: RemoteDisconnected", reached=True), members(),
                              answer(201), members("alice", "bob1"))
    Members(Owner(client(transport))).apply({"id": "g-1"}, [])
    posts = [c for c in transport.calls if c.method == "POST"]
    assert len(posts) == 2 and posts[0].body == posts[1].body == {"users": [{"id": "u-alice"}, {"id": "u-bob1"}]}


def test_users_removed_whose_answer_was_lost_are_not_removed_again():
    owner = Owner(None)
    owner.params["users"] = []
    transport = FakeTransport(answer(502), members(), members())
    owner.client = client(transport)
    members_of_group = Members(owner)
    members_of_group.apply({"id": "g-1"}, [{"id": "u-alice", "name": "alice"}])
    assert [c.method for c in transport.calls] == ["POST", "GET", "GET"]
    assert transport.calls[0].url.endswith(GROUP + "/remove-users")


# -- a DELETE whose answer was lost ------------------------------------------------------------------------

def test_a_delete_whose_answer_was_lost_reports_the_change():
    spec = vpn_customer_gateway.CustomerGateway.spec
    params = dict((name, option.get("default")) for name, option in module_argument_spec(spec, {}).items())
    params.update(AKSK, state="absent", wait=False)
    transport = FakeTransport(answer(504), answer(404, {"error_code": "VPN.0002", "error_msg": "not found"}))
    module = vpn_customer_gateway.CustomerGateway(FakeModule(params, diff=False), client=client(transport))
    module.converge({"id": "cgw-1", "name": "office"})
    assert module.result["changed"] is True
    assert [c.method for c in transport.calls] == ["DELETE", "DELETE"]


def test_a_delete_of_what_someone_else_deleted_changes_nothing():
    spec = vpn_customer_gateway.CustomerGateway.spec
    params = dict((name, option.get("default")) for name, option in module_argument_spec(spec, {}).items())
    params.update(AKSK, state="absent", wait=False)
    transport = FakeTransport(answer(404, {"error_code": "VPN.0002", "error_msg": "not found"}))
    module = vpn_customer_gateway.CustomerGateway(FakeModule(params, diff=False), client=client(transport))
    module.converge({"id": "cgw-1", "name": "office"})
    assert module.result["changed"] is False
