"""ApiError reads every error body shape the API uses, and says what failed."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, ValidationError


@pytest.mark.parametrize("body, code, message", [
    (b'{"error_code": "VPN.0551", "error_msg": "EIP x is not found.", "request_id": "r1"}', "VPN.0551",
     "EIP x is not found."),
    (b'{"code": "VPN.0001", "message": "invalid request: bad"}', "VPN.0001", "invalid request: bad"),
    (b'{"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}',
     "401", "The username or password is wrong."),
    (b'{"error": {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}}',
     "APIGW.0301", "Incorrect IAM authentication information"),
    (b'<html><body>502 Bad Gateway</body></html>', None, "<html><body>502 Bad Gateway</body></html>"),
    (b"", None, None),
])
def test_body_shapes(body, code, message):
    error = ApiError.from_response(400, {}, body, "POST", "/v5/p/vpn-gateways")
    assert error.error_code == code
    assert error.error_msg == message


def test_request_id_from_header_or_body():
    body = b'{"error_code": "VPN.0001", "error_msg": "m", "request_id": "from-body"}'
    assert ApiError.from_response(400, {"X-Request-Id": "from-header"}, body).request_id == "from-header"
    assert ApiError.from_response(400, {}, body).request_id == "from-body"
    assert ApiError.from_response(400, {"x-request-id": "lower"}, b"").request_id == "lower"


def test_message_names_status_code_message_request_and_call():
    error = ApiError.from_response(400, {"X-Request-Id": "abc123"},
                                   b'{"error_code": "VPN.0513", "error_msg": "Insufficient gateway quota."}',
                                   "POST", "/v5/p/vpn-gateways")
    assert str(error) == ("HTTP 400 VPN.0513: Insufficient gateway quota. "
                          "(request id abc123; POST /v5/p/vpn-gateways)")
    assert error.to_result()["error_code"] == "VPN.0513"


def test_uncertain_write_says_so():
    error = ApiError(error_msg="ReadTimeout: read timed out", method="POST", path="/v5/p/vpn-connection")
    error.uncertain = True
    assert "no answer from the API" in error.describe()
    assert "may have taken effect" in error.describe()


def test_validation_error_names_the_option():
    error = ValidationError("local_subnets", "'10.0.0.1/8' is not a valid CIDR block.")
    assert str(error) == "local_subnets: '10.0.0.1/8' is not a valid CIDR block."
    assert error.to_result()["option"] == "local_subnets"
