"""The emulator authenticates like the API gateway: every signature verified, IAM tokens, temporary
credentials with security tokens, the project in the path checked."""

from __future__ import annotations

import datetime

import requests
from support.signed_client import SignedClient

QUOTAS = "/v5/{project}/vpn/quotas"


def test_a_valid_signature_is_accepted(api):
    assert "quotas" in api.ok("GET", QUOTAS)


def test_a_wrong_secret_is_refused(emulator):
    client = SignedClient(emulator, secret_key="not-the-secret")
    status, payload = client.call("GET", QUOTAS)[:2]
    assert (status, payload["error_code"]) == (401, "APIGW.0301")
    assert "verify aksk signature fail" in payload["error_msg"]


def test_an_unknown_access_key_is_refused(emulator):
    status, payload = SignedClient(emulator, access_key="UNKNOWNAK").call("GET", QUOTAS)[:2]
    assert status == 401 and "access key does not exist" in payload["error_msg"]


def _signed_then_tampered(api, **changes):
    """Sign a request with the SDK, then change one part of it before sending."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer
    body = b'{"customer_gateway": {"id_value": "203.0.113.1"}}'
    request = SdkRequest(method="POST", schema="http", host=api.base.split("://")[1],
                         resource_path="/v5/%s/customer-gateways" % api.project_id, query_params=[("a", "1")],
                         header_params={"Content-Type": "application/json"}, body=body)
    Signer(BasicCredentials(api.access_key, api.secret_key)).sign(request)
    uri = changes.get("uri", request.uri)
    headers = dict(request.header_params, **changes.get("headers", {}))
    return requests.post(api.base + uri, data=changes.get("body", body), headers=headers, timeout=10)


def test_untampered_control_request_succeeds(api):
    assert _signed_then_tampered(api).status_code == 201


def test_changing_the_body_breaks_the_signature(api):
    assert _signed_then_tampered(api, body=b'{"customer_gateway": {"id_value": "203.0.113.2"}}').status_code == 401


def test_changing_the_query_breaks_the_signature(api):
    uri = "/v5/%s/customer-gateways?a=2" % api.project_id
    assert _signed_then_tampered(api, uri=uri).status_code == 401


def test_changing_a_signed_header_breaks_the_signature(api):
    assert _signed_then_tampered(api, headers={"Content-Type": "application/json;charset=UTF-8"}).status_code == 401


def test_an_old_signature_is_refused(api):
    old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")
    status, payload = api.call("GET", QUOTAS, headers={"X-Sdk-Date": old})[:2]
    assert status == 401 and "X-Sdk-Date is too far" in payload["error_msg"]


def test_no_credentials_at_all(emulator):
    response = requests.get(emulator.url + "/v5/p/vpn/quotas", timeout=10)
    assert response.status_code == 401 and response.json()["error_code"] == "APIGW.0301"


def test_another_projects_path_is_forbidden(api):
    status, payload = api.call("GET", "/v5/someoneelsesproject/vpn/quotas")[:2]
    assert (status, payload["error_code"]) == (403, "VPN.0003")


def test_unknown_paths_and_methods(api):
    assert api.error("GET", "/v5/{project}/no-such-thing") == (404, "APIGW.0101")
    assert api.error("PATCH", "/v5/{project}/vpn-gateways") == (405, "APIGW.0102")


def _token(emulator, password=None):
    account = emulator.app.config.account
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": account.user_name, "password": password or account.user_password,
        "domain": {"name": account.domain_name}}}}, "scope": {"project": {"name": account.region}}}}
    return requests.post(emulator.url + "/v3/auth/tokens", json=body, timeout=10)


def test_password_token_then_token_auth(emulator):
    issued = _token(emulator)
    assert issued.status_code == 201
    assert issued.json()["token"]["project"]["id"] == emulator.app.config.account.project_id
    token = issued.headers["X-Subject-Token"]
    project = emulator.app.config.account.project_id
    answer = requests.get(f"{emulator.url}/v5/{project}/vpn/quotas", headers={"X-Auth-Token": token}, timeout=10)
    assert answer.status_code == 200
    forged = requests.get(f"{emulator.url}/v5/{project}/vpn/quotas", headers={"X-Auth-Token": token + "x"},
                          timeout=10)
    assert forged.status_code == 401


def test_a_wrong_password_gets_keystones_error_shape(emulator):
    answer = _token(emulator, password="wrong")
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "The username or password is wrong."


def test_temporary_credentials_need_their_security_token(emulator):
    token = _token(emulator).headers["X-Subject-Token"]
    issued = requests.post(emulator.url + "/v3.0/OS-CREDENTIAL/securitytokens", headers={"X-Auth-Token": token},
                           json={"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 900}}}},
                           timeout=10).json()["credential"]
    with_token = SignedClient(emulator, issued["access"], issued["secret"], security_token=issued["securitytoken"])
    assert with_token.call("GET", QUOTAS)[0] == 200
    without = SignedClient(emulator, issued["access"], issued["secret"])
    assert without.call("GET", QUOTAS)[0] == 401
    wrong = SignedClient(emulator, issued["access"], issued["secret"], security_token="another-token")
    assert wrong.call("GET", QUOTAS)[0] == 401


def test_projects_are_found_by_region(api, emulator):
    account = emulator.app.config.account
    found = api.ok("GET", "/v3/projects", query={"name": account.region})["projects"]
    assert [p["id"] for p in found] == [account.project_id]
    assert api.ok("GET", "/v3/projects", query={"name": "eu-west-0"})["projects"] == []
