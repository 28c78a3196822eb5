"""The client: authentication forms, endpoints, project lookup, and when it retries (and when it must not)."""

from __future__ import annotations

import pytest
from support.fake_http import FakeResponse, FakeTransport, Sleeps

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Client, RetryPolicy
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.transport import TransportError

AKSK = {"access_key": "AK", "secret_key": "SK", "project_id": "p1", "region": "cn-north-4", "retries": 3,
        "timeout": 30, "validate_certs": True}
CREATE = "/v5/{project_id}/vpn-gateways"


def client(session, **params):
    return Client(dict(AKSK, **params), transport=session, sleep=Sleeps(),
                  retry_policy=RetryPolicy(retries=params.get("retries", 3)))


def ok(body=None, status=200, **headers):
    return FakeResponse(status, body if body is not None else {}, headers)


def error(status, code=None, message="", **headers):
    return FakeResponse(status, {"error_code": code, "error_msg": message} if code else b"", headers)


# -- endpoints and authentication --------------------------------------------------------------------------

def test_default_endpoints_follow_the_region():
    api = Client(dict(AKSK), transport=FakeTransport())
    assert api.endpoint == "https://vpn.cn-north-4.myhuaweicloud.com"
    assert api.iam_endpoint == "https://iam.cn-north-4.myhuaweicloud.com"


def test_one_endpoint_serves_iam_too_unless_set():
    assert Client(dict(AKSK, endpoint="http://127.0.0.1:9/"), transport=FakeTransport()).iam_endpoint == \
        "http://127.0.0.1:9"
    assert Client(dict(AKSK, endpoint="http://a", iam_endpoint="http://b"), transport=FakeTransport()).iam_endpoint \
        == "http://b"


def test_aksk_requests_are_signed_with_the_project_header():
    session = FakeTransport(ok({"vpn_gateways": []}))
    client(session).get("/v5/{project_id}/vpn-gateways", {"enterprise_project_id": ["0", "a b"], "x": True})
    call = session.calls[0]
    assert call.url == "https://vpn.cn-north-4.myhuaweicloud.com/v5/p1/vpn-gateways?" \
                       "enterprise_project_id=0&enterprise_project_id=a%20b&x=true"
    assert call.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=AK, SignedHeaders=")
    assert "x-project-id" in call.headers["Authorization"]
    assert call.headers["X-Project-Id"] == "p1"


def test_security_token_is_sent_and_signed():
    session = FakeTransport(ok())
    client(session, security_token="TOKEN-123").get("/v5/{project_id}/vpn/quotas")
    headers = session.calls[0].headers
    assert headers["X-Security-Token"] == "TOKEN-123"
    assert "x-security-token" in headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]


def test_auth_token_is_used_when_there_is_no_aksk():
    session = FakeTransport(ok())
    client(session, access_key=None, secret_key=None, auth_token="MIIE-token").get("/v5/{project_id}/vpn/quotas")
    headers = session.calls[0].headers
    assert headers["X-Auth-Token"] == "MIIE-token"
    assert "Authorization" not in headers


def test_password_auth_obtains_one_token_and_the_project():
    session = FakeTransport(
        ok({"token": {"project": {"id": "p-from-token"}}}, status=201, **{"X-Subject-Token": "issued"}),
        ok({"vpn_gateways": []}), ok({"vpn_gateways": []}))
    api = client(session, access_key=None, secret_key=None, project_id=None, user_name="u", user_password="pw",
                 domain_name="d")
    api.get("/v5/{project_id}/vpn-gateways")
    api.get("/v5/{project_id}/vpn-gateways")
    token_call, first, second = session.calls
    assert token_call.url == "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens"
    assert token_call.body["auth"]["identity"]["password"]["user"] == {"name": "u", "password": "pw",
                                                                       "domain": {"name": "d"}}
    assert token_call.body["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert "/v5/p-from-token/" in first.url and first.headers["X-Auth-Token"] == "issued"
    assert second.headers["X-Auth-Token"] == "issued"


def test_project_is_looked_up_once_from_the_region():
    session = FakeTransport(ok({"projects": [{"id": "looked-up", "name": "cn-north-4"}]}), ok(), ok())
    api = client(session, project_id=None)
    api.get("/v5/{project_id}/vpn/quotas")
    api.get("/v5/{project_id}/vpn/quotas")
    assert session.calls[0].url == "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4"
    assert [c.url.split("/")[4] for c in session.calls[1:]] == ["looked-up", "looked-up"]


def test_empty_settings_count_as_unset():
    """AWX injects an empty string for a credential field left blank: the next source must still apply."""
    session = FakeTransport(ok({"projects": [{"id": "looked-up"}]}), ok())
    api = client(session, project_id="", security_token="", endpoint="", iam_endpoint="")
    api.get("/v5/{project_id}/vpn/quotas")
    assert session.calls[1].url == "https://vpn.cn-north-4.myhuaweicloud.com/v5/looked-up/vpn/quotas"
    assert "X-Security-Token" not in session.calls[1].headers


def test_project_lookup_must_find_exactly_one():
    session = FakeTransport(ok({"projects": []}))
    with pytest.raises(HwcError, match="region 'cn-north-4': IAM finds no project of that name .*check the region"):
        client(session, project_id=None).get("/v5/{project_id}/vpn/quotas")
    session = FakeTransport(ok({"projects": [{"id": "a"}, {"id": "b"}]}))
    with pytest.raises(HwcError, match="2 projects named cn-north-4; set project_id"):
        client(session, project_id=None).get("/v5/{project_id}/vpn/quotas")


@pytest.mark.parametrize("params, message", [
    ({"access_key": None, "secret_key": None}, "No credentials"),
    ({"region": None}, "Set region"),
])
def test_missing_settings_are_explained(params, message):
    with pytest.raises(HwcError, match=message):
        Client(dict(AKSK, **params), transport=FakeTransport())


# -- retries -----------------------------------------------------------------------------------------------

def test_reads_are_retried_on_server_errors():
    session = FakeTransport(error(503), error(500, "VPN.0002", "server error"), ok({"vpn_gateways": []}))
    api = client(session)
    assert api.get("/v5/{project_id}/vpn-gateways") == {"vpn_gateways": []}
    assert len(session.calls) == 3
    assert len(api.sleep) == 2


def test_throttling_honours_retry_after():
    session = FakeTransport(error(429, "APIGW.0308", "throttled", **{"Retry-After": "7"}), ok())
    api = client(session)
    api.get("/v5/{project_id}/vpn/quotas")
    assert api.sleep[0] >= 7


@pytest.mark.parametrize("answer", [
    error(400, "VPN.0030", "The system is busy, please try later."),
    error(429, "APIGW.0308", "throttled"),
    error(409, "VPN.0003", "resource (type=GATEWAY, ID=x) is not ready, currently CREATING"),
    TransportError("cannot connect to vpn: [Errno 111] Connection refused", reached=False),
    TransportError("cannot connect to vpn: timed out", reached=False),
])
def test_refusals_are_retried_even_for_creates(answer):
    session = FakeTransport(answer, ok({"vpn_gateway": {"id": "g1"}}, status=201))
    response = client(session).request("POST", CREATE, body={"vpn_gateway": {}})
    assert response.body["vpn_gateway"]["id"] == "g1"
    assert len(session.calls) == 2


@pytest.mark.parametrize("answer", [error(502), error(504), TransportError("GET vpn: TimeoutError: timed out", True)])
def test_an_uncertain_create_is_not_repeated_blindly(answer):
    session = FakeTransport(answer)
    with pytest.raises(ApiError) as raised:
        client(session).request("POST", CREATE, body={"vpn_gateway": {}})
    assert len(session.calls) == 1
    assert raised.value.uncertain
    assert "may have taken effect" in str(raised.value)


def test_an_uncertain_create_that_took_effect_is_recovered_not_repeated():
    session = FakeTransport(error(504))
    found = {"vpn_gateway": {"id": "created-anyway"}}
    response = client(session).request("POST", CREATE, body={"vpn_gateway": {}}, recover=lambda: found)
    assert response.body == found
    assert len(session.calls) == 1


def test_an_uncertain_create_that_did_not_happen_is_sent_again():
    session = FakeTransport(error(502), ok({"vpn_gateway": {"id": "g2"}}, status=201))
    lookups = []
    response = client(session).request("POST", CREATE, body={}, recover=lambda: lookups.append(1))
    assert response.body["vpn_gateway"]["id"] == "g2"
    assert lookups == [1]
    assert len(session.calls) == 2


def test_client_token_makes_retries_safe_and_stays_the_same():
    session = FakeTransport(error(500), TransportError("RemoteDisconnected", reached=True), ok(status=201))
    client(session).request("POST", "/v5/{project_id}/p2c-vpn-gateways/vpn-servers/s/users", body={},
                            client_token=True)
    tokens = {call.headers["X-Client-Token"] for call in session.calls}
    assert len(session.calls) == 3 and len(tokens) == 1


def test_client_errors_are_not_retried():
    session = FakeTransport(error(400, "VPN.0001", "invalid request: name"))
    with pytest.raises(ApiError) as raised:
        client(session).request("PUT", "/v5/{project_id}/vpn-gateways/g1", body={})
    assert raised.value.error_code == "VPN.0001"
    assert len(session.calls) == 1


def test_retries_run_out_with_the_last_error():
    session = FakeTransport(*[error(503, "APIGW.0203", "unavailable", **{"X-Request-Id": "r%d" % i}) for i in range(4)])
    with pytest.raises(ApiError) as raised:
        client(session, retries=3).get("/v5/{project_id}/vpn-gateways")
    assert raised.value.attempts == 4
    assert raised.value.request_id == "r3"
    assert "after 4 attempts" in str(raised.value)


def test_failures_that_retrying_cannot_fix_are_not_retried():
    session = FakeTransport(TransportError("TLS certificate verification failed", reached=False, retryable=False))
    with pytest.raises(ApiError, match="TLS certificate verification failed"):
        client(session).get("/v5/{project_id}/vpn-gateways")
    assert len(session.calls) == 1


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    delays = [policy.delay(attempt) for attempt in range(8)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(delay <= 4.0 for delay in delays)
    assert max(delays[5:]) >= 2.0
