"""The emulator under bad input (issue 11 items 5, 11 and 16): every answer is the API's error JSON with a request
id, every request is logged (the ones that crashed too), no answer echoes a huge value or a secret, the schemas
refuse what the modules refuse, the state file fails clearly, and /_emulator/state shows no secret."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from typing import Any, Dict, Tuple

import pytest
import requests
from support.paths import REPO

from emulator import app as emulator_app
from emulator.config import Config
from emulator.schemas import common
from emulator.server import BackgroundEmulator
from emulator.store import Store

CUSTOMER_GATEWAYS = "/v5/{project}/customer-gateways"


def deeply_nested(levels: int) -> bytes:
    return b'{"customer_gateway": ' + b"[" * levels + b"]" * levels + b"}"


def logged(emulator: BackgroundEmulator, request_id: str) -> Dict[str, Any]:
    entries = [e for e in emulator.app.log.entries() if e["request_id"] == request_id]
    assert len(entries) == 1, emulator.app.log.entries()
    return entries[0]


def raw(api: Any, method: str, path: str, data: bytes, content_type: str = "application/json",
        signed: bool = True) -> Tuple[int, Any, Dict[str, str]]:
    """A request with exactly these body bytes (signed with the SDK's signer when `signed`)."""
    if not signed:
        response = requests.request(method, api.base + path.replace("{project}", api.project_id), data=data,
                                    headers={"Content-Type": content_type}, timeout=30)
        return response.status_code, response.content, dict(response.headers)
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer
    request = SdkRequest(method=method, schema="http", host=api.base.split("://", 1)[1],
                         resource_path=path.replace("{project}", api.project_id), query_params=[],
                         header_params={"Content-Type": content_type}, body=data)
    Signer(BasicCredentials(api.access_key, api.secret_key)).sign(request)
    response = requests.request(method, api.base + request.uri, data=data, headers=request.header_params, timeout=30)
    return response.status_code, response.content, dict(response.headers)


MEGABYTE_VALUE = json.dumps({"customer_gateway": {"id_value": "203.0.113.1", "name": "n" * 1_000_000}}).encode()
BAD_REQUESTS = {
    # name: (method, path, body bytes, content type, signed, expected status, expected code)
    "JSON nested 5000 levels": ("POST", CUSTOMER_GATEWAYS, deeply_nested(5000), "application/json", True, 400,
                                "VPN.0001"),
    "JSON nested 100000 levels": ("POST", CUSTOMER_GATEWAYS, deeply_nested(100000), "application/json", True, 400,
                                  "VPN.0001"),
    "double slash after the version": ("GET", "/v5//{project}/customer-gateways", b"", "application/json", False,
                                       404, "APIGW.0101"),
    "double slash inside": ("GET", "/v5/{project}//customer-gateways", b"", "application/json", False, 404,
                            "APIGW.0101"),
    "a path of 20000 characters": ("GET", "/v5/" + "x" * 20000, b"", "application/json", False, 404, "APIGW.0101"),
    "an encoded NUL in the path": ("GET", "/v5/{project}/customer-gateways/%00", b"", "application/json", False,
                                   401, "APIGW.0301"),
    "a body over the size limit": ("POST", CUSTOMER_GATEWAYS, b'{"x": "' + b"a" * (2 * 1024 * 1024) + b'"}',
                                   "application/json", False, 413, "APIGW.0201"),
    "a 1 MB value": ("POST", CUSTOMER_GATEWAYS, MEGABYTE_VALUE, "application/json", True, 400, "VPN.0001"),
    "bad JSON": ("POST", CUSTOMER_GATEWAYS, b"{bad json", "application/json", True, 400, "VPN.0001"),
    "invalid UTF-8": ("POST", CUSTOMER_GATEWAYS, b'{"customer_gateway": "\xff\xfe"}', "application/json", True, 400,
                      "VPN.0001"),
    "a JSON array": ("POST", CUSTOMER_GATEWAYS, b"[]", "application/json", True, 400, "VPN.0001"),
    "HTML": ("POST", CUSTOMER_GATEWAYS, b"<html/>", "text/html", True, 415, "VPN.0001"),
    "a method the path does not have": ("PATCH", CUSTOMER_GATEWAYS, b"{}", "application/json", False, 405,
                                        "APIGW.0102"),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
def test_every_bad_request_gets_the_api_error_json_and_is_logged(api, emulator, case):
    method, path, body, content_type, signed, status, code = BAD_REQUESTS[case]
    answered, content, headers = raw(api, method, path, body, content_type, signed)
    payload = json.loads(content)
    assert (answered, payload["error_code"]) == (status, code), payload
    assert payload["request_id"] == headers["X-Request-Id"]
    assert len(payload["error_msg"]) <= 300, "an error message echoes the request"
    assert logged(emulator, payload["request_id"])["status"] == status


def test_a_handler_that_crashes_answers_the_api_500_and_is_logged(api, emulator, monkeypatch):
    route = next(r for r in emulator.app.routes if r.method == "GET" and r.pattern.endswith("/customer-gateways"))

    def broken(ctx):
        raise KeyError("a bug")
    monkeypatch.setattr(route, "handler", broken)
    status, payload, headers = api.call("GET", CUSTOMER_GATEWAYS)
    assert status == 500 and payload["error_code"] == "VPN.0002" and payload["request_id"] == headers["X-Request-Id"]
    entry = logged(emulator, payload["request_id"])
    assert entry["status"] == 500 and entry["crash"] == "KeyError"


# -- the schemas refuse what the modules refuse (item 11) ---------------------------------------------------

@pytest.mark.parametrize("fragment, value", [(common.NAME, "gw-1"), (common.UUID, "7625fd92-2e20-4e4d-8c56-66f110fbfaa8"),
                                             (common.ENTERPRISE_PROJECT_ID, "0"),
                                             (common.TAG["properties"]["key"], "env")])
@pytest.mark.parametrize("suffix", ["\n", "\r\n"])
def test_a_pattern_does_not_let_a_trailing_newline_through(fragment, value, suffix):
    validator = emulator_app.Validator(fragment)
    assert validator.is_valid(value)
    assert not validator.is_valid(value + suffix)


def _patterns(schema: Any) -> Any:
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            yield schema["pattern"]
        for value in schema.values():
            yield from _patterns(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _patterns(value)


def test_every_schema_pattern_reads_with_ecma_anchors(emulator):
    """Every pattern of every request schema compiles with ECMA-262's `$` (a `$` in a character class stays)."""
    import re
    patterns = sorted({p for route in emulator.app.routes for p in _patterns(route.schema)})
    assert len(patterns) >= 5
    for pattern in patterns:
        re.compile(emulator_app.ecma_end_anchors(pattern))


@pytest.mark.parametrize("change", [{"name": "cgw\n"}, {"bgp_asn": True}, {"bgp_asn": 0}, {"bgp_asn": -1},
                                    {"bgp_asn": 4294967296}, {"bgp_asn": "65000"}, {"name": ""}, {"name": "n" * 65}])
def test_customer_gateway_bad_input_is_refused(api, change):
    body = dict({"name": "cgw", "id_value": "203.0.113.1", "bgp_asn": 65000}, **change)
    status, payload, unused = api.call("POST", CUSTOMER_GATEWAYS, {"customer_gateway": body})
    assert (status, payload["error_code"]) == (400, "VPN.0001"), payload


@pytest.mark.parametrize("psk", [["Secret-Psk-Value-0001"], {"k": "Secret-Psk-Value-0001"}, 1234567890123])
def test_a_refused_value_is_not_echoed(api, ids, psk):
    """A schema refusal names the field and the rule, never the value (it may be a secret, or megabytes)."""
    secret = json.dumps(psk).strip('[]{}"')
    body = {"vpn_connection": {"name": "c", "vgw_id": ids["vpc-demo"], "cgw_id": ids["vpc-demo"], "psk": psk,
                               "peer_subnets": ["10.0.0.0/24"], "vgw_ip": ids["eip-01"]}}
    status, payload, unused = api.call("POST", "/v5/{project}/vpn-connection", body)
    assert status == 400 and secret not in json.dumps(payload) and secret[:8] not in json.dumps(payload)


# -- /_emulator/state shows no secret (item 5) -----------------------------------------------------------

def test_the_state_view_redacts_every_secret_field(emulator):
    secrets = {"psk": "Psk-Secret-0001", "_psk": "Psk-Secret-0002", "private_key": "-----BEGIN KEY 0003",
               "enc_private_key": "-----BEGIN KEY 0004", "_password_history": ["hash-0005"], "_salt": "salt-0006",
               "password": "Password-0007"}
    with emulator.app.store.lock:
        emulator.app.store.insert("vpn_connections", dict(secrets, name="c", nested={"certificate": dict(secrets)}))
    text = requests.get(emulator.url + "/_emulator/state", timeout=30).text
    shown = json.loads(text)
    assert [v for v in json.dumps(secrets).split('"') if v.endswith(tuple("01234567")) and v in text] == []
    record = next(iter(shown["vpn_connections"].values()))
    digest = "sha256:" + hashlib.sha256(b"Psk-Secret-0002").hexdigest()
    assert record["_psk"] == digest and record["nested"]["certificate"]["_psk"] == digest
    assert record["_password_history"] == emulator_app.REDACTED and record["name"] == "c"


# -- the state file (item 16) ----------------------------------------------------------------------------

def run_emulator(*args: str) -> subprocess.CompletedProcess:
    """python -m emulator with arguments that make it stop at once (it must not start serving)."""
    return subprocess.run([sys.executable, "-m", "emulator", "--port", "0", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"collections": []}', b"\xff\xfe", b"[" * 100000])
def test_a_corrupt_state_file_stops_the_emulator_with_a_message(tmp_path, content):
    state = tmp_path / "state.json"
    state.write_bytes(content)
    finished = run_emulator("--state-file", str(state))
    assert finished.returncode == 2 and "Traceback" not in finished.stderr
    assert str(state) in finished.stderr and "delete it" in finished.stderr


def test_a_state_file_in_a_missing_directory_stops_the_emulator_with_a_message(tmp_path):
    state = tmp_path / "missing" / "state.json"
    finished = run_emulator("--state-file", str(state))
    assert finished.returncode == 2 and "Traceback" not in finished.stderr
    assert "does not exist or is not writable" in finished.stderr
    from emulator.store import StateFileError
    with pytest.raises(StateFileError):
        Store(Config(state_file=str(state)))


def test_a_state_file_that_cannot_be_saved_any_more_answers_the_api_500_and_is_logged(tmp_path):
    directory = tmp_path / "state"
    directory.mkdir()
    with BackgroundEmulator(Config(state_file=str(directory / "state.json"))) as running:
        from support.signed_client import SignedClient
        api = SignedClient(running)
        api.ok("POST", CUSTOMER_GATEWAYS, {"customer_gateway": {"name": "a", "id_value": "203.0.113.1"}}, expected=201)
        shutil.rmtree(directory)
        status, payload, headers = api.call("POST", CUSTOMER_GATEWAYS,
                                            {"customer_gateway": {"name": "b", "id_value": "203.0.113.2"}})
        assert status == 500 and payload["error_code"] == "VPN.0002"
        assert logged(running, headers["X-Request-Id"])["crash"] == "FileNotFoundError"
