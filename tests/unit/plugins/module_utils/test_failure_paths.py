"""The client on its failure paths (issue 11): credentials that cannot go into a header, answers that echo the
request's secrets, answers that are not the JSON object expected, Keystone-shaped errors, configuration errors
of the network, and a create whose answer and recovery were both lost."""

from __future__ import annotations

import base64
import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator
from urllib.parse import quote, quote_plus

import pytest
from support import certs
from support.fake_http import EchoTransport, FakeResponse, FakeTransport, Sleeps

from ansible_collections.hwcloud.vpn.plugins.module_utils import pagination
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import REFUSED_CODES, Client, RetryPolicy
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.transport import Transport, TransportError

AKSK = {"access_key": "AK", "secret_key": "SK-secret-key-0001", "project_id": "p1", "region": "cn-north-4",
        "retries": 3, "timeout": 30, "validate_certs": True}
CREATE = "/v5/{project_id}/vpn-gateways"
LIST = "/v5/{project_id}/vpn-gateways"


def client(session, secrets=(), **params):
    return Client(dict(AKSK, **params), transport=session, sleep=Sleeps(),
                  retry_policy=RetryPolicy(retries=params.get("retries", 3)), secrets=secrets)


def ok(body=None, status=200, **headers):
    return FakeResponse(status, body if body is not None else {}, headers)


# -- 1. credentials that go into headers ---------------------------------------------------------------------

BAD_HEADER_CHARACTERS = ["\n", "\r", "\r\n", "\x00", "\t", "\x7f", "\x1b", "\u2028", "é", "\u00a0"]
HEADER_OPTIONS = {
    "access_key": dict(access_key="AKEXAMPLE{}X"),
    "security_token": dict(security_token="Token-{}-Secret-Value"),
    "auth_token": dict(access_key=None, secret_key=None, auth_token="MIIToken{}SecretValue"),
    "project_id": dict(project_id="0a1b2c3d{}4e5f"),
    "region": dict(region="cn-north-4{}"),
}


@pytest.mark.parametrize("character", BAD_HEADER_CHARACTERS, ids=repr)
@pytest.mark.parametrize("option", sorted(HEADER_OPTIONS))
def test_a_header_credential_with_a_control_character_is_refused_before_any_request(option, character):
    params = dict((k, v.format(character) if isinstance(v, str) else v) for k, v in HEADER_OPTIONS[option].items())
    session = FakeTransport()  # any request fails the test
    with pytest.raises(ValidationError) as raised:
        client(session, **params).get("/v5/{project_id}/vpn-gateways")
    assert raised.value.option == option
    assert params[option] not in str(raised.value) and "HTTP header" in str(raised.value)
    assert session.calls == []


def test_an_iam_token_with_a_control_character_is_refused_without_being_shown():
    token = "MIIsecret\ntoken-value"
    session = FakeTransport(ok({"token": {"project": {"id": "p1"}}}, 201, **{"X-Subject-Token": token}))
    with pytest.raises(HwcError) as raised:
        client(session, access_key=None, secret_key=None, user_name="u", user_password="Passw0rd!x",
               domain_name="d").get("/v5/{project_id}/vpn-gateways")
    assert "MIIsecret" not in str(raised.value)


@pytest.mark.parametrize("name, value", [("X-Auth-Token", "Secret-Token\nInjected: 1"),
                                         ("X-Auth-Token", "Secret-Token\r\n"), ("X-Security-Token", "Secret\x00x"),
                                         ("X-Auth-Token", "Secret-Tokén-\u2603"), ("Bad Name\n", "Secret-Token")])
def test_no_transport_error_carries_a_header_value(name, value):
    """http.client quotes the offending value; the transport must not pass that on (nor chain it)."""
    with pytest.raises(TransportError) as raised:
        Transport(timeout=5).send("GET", "http://127.0.0.1:9/x", b"", {name: value})
    assert "Secret" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert not raised.value.retryable


# -- 3. answers that echo the request's secrets ---------------------------------------------------------------

PSK = 'Psk\\with"quotes+/=é-0123456789'
SECRETS = {"psk": PSK, "secret_key": AKSK["secret_key"], "security_token": "SecurityToken/+=-0001-abcdef",
           "user_password": 'Pa\\ss"w0rd!é'}


def _forms(secret: str) -> Dict[str, str]:
    return {"raw": secret, "json": json.dumps(secret)[1:-1], "json-unicode": json.dumps(secret, ensure_ascii=False)[1:-1],
            "url": quote(secret, safe=""), "url-form": quote_plus(secret), "base64": base64.b64encode(
                secret.encode()).decode(), "base64-url": base64.urlsafe_b64encode(secret.encode()).decode(),
            "cut": secret[:9], "json-twice": json.dumps(json.dumps(secret)[1:-1])[1:-1]}


def _echoes() -> Iterator[Any]:
    """(name, answer builder): every place and shape an echo takes."""
    def json_error(status):
        return lambda text: FakeResponse(status, {"error_code": "VPN.0001", "error_msg": "invalid request: " + text})

    def keystone(text):
        return FakeResponse(400, {"error": {"code": 400, "message": text, "title": "Bad Request"}})

    def html(status):
        # A proxy's page: the secret is cut by the client's 300-character quote.
        return lambda text: FakeResponse(status, ("<html>" + "x" * (300 - 6 - len(text[:9])) + text).encode())

    yield "json-400", json_error(400)
    yield "json-500", json_error(500)
    yield "keystone", keystone
    yield "html-502", html(502)
    yield "html-200", html(200)
    yield "json-200-array", lambda text: FakeResponse(200, json.dumps([text]).encode())


@pytest.mark.parametrize("secret_name", sorted(SECRETS))
@pytest.mark.parametrize("form", sorted(_forms("x")))
@pytest.mark.parametrize("echo", [name for name, unused in _echoes()])
def test_an_echoed_secret_is_masked_in_every_form(secret_name, form, echo):
    secret = SECRETS[secret_name]
    shown = _forms(secret)[form]
    build = dict(_echoes())[echo]
    session = EchoTransport(lambda body, headers: build(shown))
    params = dict(security_token=SECRETS["security_token"])
    api = client(session, secrets={PSK, SECRETS["user_password"]}, retries=0, **params)
    with pytest.raises(ApiError) as raised:
        api.request("PUT", "/v5/{project_id}/vpn-connection/c1", body={"vpn_connection": {"psk": PSK}})
    text = str(raised.value) + json.dumps(raised.value.to_result())
    assert shown not in text and shown[:8] not in text, text
    assert "********" in text


def test_the_echo_of_a_whole_request_body_and_its_headers_shows_no_secret():
    def answer(body, headers):
        return FakeResponse(400, {"error_code": "VPN.0001", "error_msg": "bad: %s %s" % (body, json.dumps(headers))})
    session = EchoTransport(answer)
    api = client(session, secrets={PSK}, security_token=SECRETS["security_token"])
    with pytest.raises(ApiError) as raised:
        api.request("POST", "/v5/{project_id}/vpn-connection", body={"vpn_connection": {"psk": PSK}},
                    idempotent=True)
    text = str(raised.value)
    for secret in (PSK, SECRETS["security_token"], json.dumps(PSK)[1:-1]):
        assert secret not in text and secret[:8] not in text


def test_the_recovery_of_a_lost_create_is_masked_too():
    def recover():
        raise ApiError(400, "VPN.0001", "invalid: " + PSK)
    session = FakeTransport(FakeResponse(504))
    with pytest.raises(ApiError) as raised:
        client(session, secrets={PSK}).request("POST", CREATE, body={}, recover=recover)
    assert PSK[:8] not in str(raised.value)


# -- 6. answers that are not the JSON object expected ----------------------------------------------------------

UNREADABLE = {
    "html": FakeResponse(200, b"<html><body>Welcome to nginx</body></html>", {"Content-Type": "text/html"}),
    "bad-json": FakeResponse(200, b"{bad json"),
    "array": FakeResponse(200, b"[]"),
    "string": FakeResponse(200, b'"ok"'),
    "null": FakeResponse(200, b"null"),
    "number": FakeResponse(201, b"42"),
    "binary": FakeResponse(200, b"\xff\xfe\x00garbage"),
    "redirect-302": FakeResponse(302, b"", {"Location": "https://login.example/"}),
    "redirect-301-json": FakeResponse(301, {"vpn_gateways": []}, {"Location": "https://other/"}),
    "redirect-307": FakeResponse(307, b""),
}


@pytest.mark.parametrize("answer", sorted(UNREADABLE))
def test_a_list_answered_with_something_unreadable_is_an_error_never_an_empty_list(answer):
    session = FakeTransport(*[UNREADABLE[answer]] * 4)
    with pytest.raises(ApiError) as raised:
        list(pagination.iterate(client(session), LIST, "vpn_gateways", pagination.MARKER))
    redirect = answer.startswith("redirect")
    # A redirect is a configuration error (the endpoint); the rest is retried, as a read may be.
    assert len(session.calls) == (1 if redirect else 4)
    assert ("redirect" in str(raised.value)) if redirect else ("the answer is" in str(raised.value))


@pytest.mark.parametrize("body", [{}, {"vpn_gateways": None}, {"vpn_gateways": {"id": "x"}}, {"other": []}])
@pytest.mark.parametrize("style", [pagination.NOT_PAGED, pagination.MARKER, pagination.OFFSET])
def test_a_list_answer_without_its_list_is_an_error(body, style):
    with pytest.raises(ApiError, match="vpn_gateways"):
        list(pagination.iterate(client(FakeTransport(ok(body))), LIST, "vpn_gateways", style))


@pytest.mark.parametrize("answer", sorted(a for a in UNREADABLE if not a.startswith("redirect")))
def test_a_create_answered_with_something_unreadable_is_uncertain_not_a_traceback(answer):
    session = FakeTransport(UNREADABLE[answer])
    with pytest.raises(ApiError) as raised:
        client(session).request("POST", CREATE, body={"vpn_gateway": {}})
    assert raised.value.uncertain and len(session.calls) == 1
    assert "may have taken effect" in str(raised.value)


@pytest.mark.parametrize("body", [{}, {"vpn_gateway": None}, {"vpn_gateway": []}, {"vpn_gateway": "x"}])
def test_a_create_answer_without_its_object_fails_clearly(body):
    response = client(FakeTransport(ok(body, 201))).request("POST", CREATE, body={}, idempotent=True)
    with pytest.raises(ApiError) as raised:
        response.require("vpn_gateway")
    assert "vpn_gateway" in str(raised.value) and "POST /v5/p1/vpn-gateways" in str(raised.value)
    assert raised.value.status == 201


@pytest.mark.parametrize("iam_answer", [ok([]), ok({"projects": {}}), ok({"projects": [{"name": "x"}]}),
                                        ok({"projects": [{"id": 5}]}), ok({"projects": None}),
                                        FakeResponse(200, b"<html/>")])
def test_an_unreadable_project_lookup_is_an_error_not_a_traceback(iam_answer):
    api = client(FakeTransport(*[iam_answer] * 4), project_id=None)
    with pytest.raises(ApiError, match="GET /v3/projects"):
        api.project_id


@pytest.mark.parametrize("token_body", [[], {"token": []}, {"token": "x"}, {"token": {"project": []}}])
def test_an_unreadable_token_answer_is_an_error_not_a_traceback(token_body):
    answer = FakeResponse(201, token_body, {"X-Subject-Token": "tok"})
    api = client(FakeTransport(*[answer] * 4), access_key=None, secret_key=None, user_name="u",
                 user_password="Passw0rd!x", domain_name="d", project_id=None)
    with pytest.raises(HwcError):
        api.project_id


@pytest.mark.parametrize("retry_after", ["soon", "", "-5", "Tue, 99 Foo 2026", "nan days", "1e400", "0x10"])
def test_an_unreadable_retry_after_falls_back_to_backoff(retry_after):
    session = FakeTransport(FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "t"},
                                         {"Retry-After": retry_after}), ok({"vpn_gateways": []}))
    api = client(session)
    assert api.get(LIST) == {"vpn_gateways": []}
    assert len(api.sleep) == 1 and 0 <= api.sleep[0] <= 60


# -- 7. Keystone-shaped errors, and every refusal in every shape -----------------------------------------------

def _shapes(code, message):
    return {"flat": {"error_code": code, "error_msg": message},
            "code-message": {"code": code, "message": message},
            "keystone": {"error": {"code": 400, "message": message, "title": code}},
            "nested": {"error": {"error_code": code, "error_msg": message}}}


@pytest.mark.parametrize("shape", ["flat", "code-message", "keystone", "nested"])
@pytest.mark.parametrize("code", REFUSED_CODES)
def test_every_refusal_is_retried_in_every_body_shape(code, shape):
    status = 429 if code == "APIGW.0308" else 400
    session = FakeTransport(FakeResponse(status, _shapes(code, "busy")[shape]), ok({"vpn_gateway": {"id": "g"}}, 201))
    response = client(session).request("POST", CREATE, body={})
    assert response.require("vpn_gateway") == {"id": "g"} and len(session.calls) == 2


def test_repeated_operation_is_retried():
    session = FakeTransport(FakeResponse(400, {"error_code": "VPN.0031", "error_msg": "Repeated operation."}),
                            ok({}, 200))
    client(session).request("PUT", "/v5/{project_id}/vpn-gateways/g", body={})
    assert len(session.calls) == 2


@pytest.mark.parametrize("body, expected", [
    ({"error": {"code": 401, "message": "The request you have made requires authentication.",
                "title": "Unauthorized"}}, "HTTP 401: Unauthorized: The request you have made requires authentication."),
    ({"error": {"code": 403, "message": "No permission.", "title": "IAM.0002"}}, "HTTP 401 IAM.0002: No permission."),
    ({"error": {"code": 401, "message": "Token expired"}}, "HTTP 401: Token expired"),
    ({"code": 401, "message": "m"}, "HTTP 401: m"),
    ({"error_code": "VPN.0003", "error_msg": {"detail": "x"}}, 'HTTP 401 VPN.0003: {"detail": "x"}'),
])
def test_keystone_errors_read_as_the_service_meant_them(body, expected):
    with pytest.raises(ApiError) as raised:
        client(FakeTransport(FakeResponse(401, body))).get(LIST)
    assert str(raised.value).startswith(expected + " (")
    assert "401 401" not in str(raised.value)


# -- 8. configuration errors of the network ------------------------------------------------------------------

class _Ok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield "127.0.0.1:%d" % server.server_port
    server.shutdown()
    server.server_close()


@pytest.fixture
def tls_server(tmp_path) -> Iterator[str]:
    """An HTTPS server whose certificate no one trusts (self-issued, for another name)."""
    ca = certs.issue("Untrusted Test CA", ca=True)
    leaf = certs.issue("not-this-host.example", issuer=ca)
    (tmp_path / "cert.pem").write_text(leaf.pem)
    (tmp_path / "key.pem").write_text(leaf.key_pem)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(tmp_path / "cert.pem"), str(tmp_path / "key.pem"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield "127.0.0.1:%d" % server.server_port
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        return placeholder.getsockname()[1]


def _real_client(endpoint):
    return Client(dict(AKSK, endpoint=endpoint), sleep=Sleeps(), retry_policy=RetryPolicy(retries=3))


def test_a_refused_connection_names_the_endpoint_and_is_not_retried():
    port = _free_port()
    api = _real_client("http://127.0.0.1:%d" % port)
    with pytest.raises(ApiError) as raised:
        api.get(LIST)
    assert "127.0.0.1:%d refused the connection" % port in str(raised.value)
    assert api.request_count == 1 and "throttling" not in str(raised.value)


@pytest.mark.parametrize("errno, retried", [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)])
def test_a_name_that_does_not_resolve_is_named(monkeypatch, errno, retried):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(errno, "Name or service not known" if not retried else "Temporary failure")
    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    api = _real_client("https://vpn.nowhere-region.example")
    with pytest.raises(ApiError) as raised:
        api.get(LIST)
    assert "the host name vpn.nowhere-region.example does not resolve" in str(raised.value)
    assert api.request_count == (4 if retried else 1)


def test_a_certificate_that_does_not_verify_is_named_and_not_retried(tls_server):
    api = _real_client("https://" + tls_server)
    with pytest.raises(ApiError) as raised:
        api.get(LIST)
    assert "TLS certificate verification failed for %s" % tls_server in str(raised.value)
    assert "certificate" in raised.value.error_msg and api.request_count == 1


def test_tls_to_a_plain_http_port_is_named_and_not_retried(http_server):
    api = _real_client("https://" + http_server)
    with pytest.raises(ApiError) as raised:
        api.get(LIST)
    assert "TLS handshake with %s failed" % http_server in str(raised.value) and api.request_count == 1


@pytest.mark.parametrize("option, value", [("endpoint", "http://127.0.0.1:70000"), ("endpoint", "ftp://host"),
                                           ("endpoint", "http://"), ("iam_endpoint", "https://h:0"),
                                           ("endpoint", "https://h\n:1"), ("endpoint", "https://h:-1"),
                                           ("endpoint", "https://h:port")])
def test_an_endpoint_is_checked_before_any_request(option, value):
    session = FakeTransport()
    with pytest.raises(ValidationError) as raised:
        client(session, **{option: value})
    assert raised.value.option == option and session.calls == []


@pytest.mark.parametrize("option, value", [("timeout", 0), ("timeout", -1), ("timeout", True), ("retries", -1),
                                           ("wait_timeout", -5), ("retries", False)])
def test_numbers_of_the_shared_options_are_checked(option, value):
    with pytest.raises(ValidationError) as raised:
        client(FakeTransport(), **{option: value})
    assert raised.value.option == option


def test_timeout_is_used_as_given():
    assert Client(dict(AKSK, timeout=1)).transport.timeout == 1
    assert Client(dict(AKSK, timeout=None)).transport.timeout == 30


# -- 9. a create whose answer was lost and whose recovery failed ----------------------------------------------

@pytest.mark.parametrize("recovery_failure", [ApiError(503, "APIGW.0203", "unavailable"),
                                              ApiError(error_msg="connection refused"), HwcError("2 gateways named x")])
def test_a_lost_create_whose_recovery_failed_is_uncertain(recovery_failure):
    def recover():
        raise recovery_failure
    session = FakeTransport(FakeResponse(504, {"error_code": "APIGW.0204", "error_msg": "timeout"}))
    with pytest.raises(ApiError) as raised:
        client(session).request("POST", CREATE, body={}, recover=recover)
    error = raised.value
    assert error.uncertain and error.status == 504 and len(session.calls) == 1
    assert "may have taken effect" in str(error) and "looking it up failed too" in str(error)
    assert str(recovery_failure) in str(error)
