"""Info modules check ids and filters before any call, naming the option; P2C lookups name the option of the
gateway or server that does not exist."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import info, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.modules import (
    p2c_gateway_info, p2c_server_info, p2c_user_group_info, vpn_connection_info, vpn_connection_monitor_info,
    vpn_customer_gateway_info, vpn_gateway_info, vpn_quota_info)

# Their whole main() is info.run_server_items: what they read is info.server_items.
access_policy_info = SimpleNamespace(gather=info.server_items("access_policies"))
p2c_user_info = SimpleNamespace(gather=info.server_items("users"))

UUID = "0b9f5c4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


class Module:
    def __init__(self, **params):
        self.params = params


class NoCalls:
    """A client that fails the test when anything is sent."""

    def request(self, *args, **kwargs):
        raise AssertionError("a request was sent: %r %r" % (args, kwargs))

    get = read = request


class Answers:
    """A client whose every GET answers with the given ApiError."""

    def __init__(self, error):
        self.error = error

    def request(self, *args, **kwargs):
        raise self.error

    def get(self, *args, **kwargs):
        raise self.error

    read = get


SERVER = {"vpn_server_id": UUID, "p2c_vgw_id": None, "name": None, "user_group": None, "users": False}
CASES = [
    (vpn_connection_info, {"id": "conn-1", "vgw_id": None, "cgw_id": None}, "id"),
    (vpn_connection_info, {"id": None, "vgw_id": "gw-1", "cgw_id": None}, "vgw_id"),
    (vpn_connection_info, {"id": None, "vgw_id": None, "cgw_id": "cgw-1"}, "cgw_id"),
    (vpn_connection_monitor_info, {"id": "m", "vpn_connection_id": None, "vgw_id": None}, "id"),
    (vpn_connection_monitor_info, {"id": None, "vpn_connection_id": "c", "vgw_id": None}, "vpn_connection_id"),
    (vpn_connection_monitor_info, {"id": None, "vpn_connection_id": None, "vgw_id": "g"}, "vgw_id"),
    (vpn_customer_gateway_info, {"id": "cgw-1"}, "id"),
    (vpn_gateway_info, {"id": "gw-1", "enterprise_project_id": None}, "id"),
    (vpn_gateway_info, {"id": None, "enterprise_project_id": ["0", "p"]}, "enterprise_project_id[1]"),
    (p2c_gateway_info, {"id": "p2c-1"}, "id"),
    (p2c_server_info, {"p2c_vgw_id": "gw-1", "id": None}, "p2c_vgw_id"),
    (p2c_server_info, {"p2c_vgw_id": None, "id": "srv-1"}, "id"),
    (access_policy_info, dict(SERVER, id="ap-1"), "id"),
    (p2c_user_group_info, dict(SERVER, id="g-1"), "id"),
    (p2c_user_info, dict(SERVER, id="u-1"), "id"),
    (p2c_user_info, dict(SERVER, id=None, vpn_server_id="srv-1"), "vpn_server_id"),
    (vpn_quota_info, {"type": ["vpn_gateway", "p2c_gateway"]}, "type"),
]


@pytest.mark.parametrize("module, params, option", CASES)
def test_info_modules_check_before_any_call(module, params, option):
    with pytest.raises(ValidationError) as raised:
        module.gather(Module(**params), NoCalls())
    assert raised.value.option == option


def test_quota_types_of_the_reference_pass():
    for kind in vpn_quota_info.TYPES:
        with pytest.raises(AssertionError, match="a request was sent"):
            vpn_quota_info.gather(Module(type=[kind]), NoCalls())


def test_uuids_checks_each_option_that_is_set():
    validation.uuids({"a": UUID, "b": None}, "a", "b")
    with pytest.raises(ValidationError) as raised:
        validation.uuids({"a": UUID, "b": "x"}, "a", "b")
    assert raised.value.option == "b" and "'x'" in str(raised.value)


def test_unknown_gateway_or_server_names_its_option():
    with pytest.raises(ValidationError) as raised:
        p2c.find_server(Answers(ApiError(status=404, error_code="VPN.0004")), p2c_vgw_id=UUID)
    assert raised.value.option == "p2c_vgw_id" and UUID in str(raised.value)

    class Empty:
        def get(self, path, query=None):
            return {"vpn_servers": []}

        def request(self, method, path, query=None, **kwargs):
            class Response:
                body = {"vpn_servers": []}
            return Response()

    with pytest.raises(ValidationError) as raised:
        p2c.find_server(Empty(), vpn_server_id=UUID)
    assert raised.value.option == "vpn_server_id"
    with pytest.raises(ValidationError) as raised:
        p2c.find_server(Empty(), p2c_vgw_id=UUID)
    assert raised.value.option == "p2c_vgw_id" and "no VPN server yet" in str(raised.value)
