"""The AnsibleModule of every hwcloud.vpn module (module_utils/module.py): no secret reaches a failure's
`invocation` when Ansible's argument parsing fails on a badly shaped element, and booleans are not integers."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from ansible.module_utils import basic

from support.module_specs import API_MODULES, MODULES, PACKAGE, argument_spec

# Never the default endpoint: a test that got past validation must not leave loopback.
AUTH = {"access_key": "AKEXAMPLE", "region": "cn-north-4", "project_id": "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
        "endpoint": "http://127.0.0.1:9", "retries": 0}
# Not a dict, in each of the forms Ansible's parser refuses differently.
NOT_DICTS = [12345, ["nested", "list"], "no key=value here at all"]


def run_main(module: str, args: Dict[str, Any]) -> Dict[str, Any]:
    """Run hwcloud.vpn.<module>'s main() in process on these options; its result as Ansible receives it."""
    code = importlib.import_module(f"{PACKAGE}.modules.{module}")
    saved = basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE
    basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
    basic._ANSIBLE_PROFILE = "legacy"
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), pytest.raises(SystemExit):
            code.main()
    finally:
        basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE = saved
    return json.loads(output.getvalue().strip().splitlines()[-1])


def secret_for(path: str) -> str:
    return "Secret-%s-Value-0001" % path.replace(".", "-").replace("[]", "")


def filled(spec: Dict[str, Any], prefix: str = "") -> Tuple[Dict[str, Any], List[str]]:
    """Options with every no_log option (and nested one) set to a recognisable secret; the secrets."""
    values: Dict[str, Any] = {}
    secrets: List[str] = []
    for name, option in spec.items():
        path = prefix + name
        if option.get("no_log"):
            values[name] = secret_for(path)
            secrets.append(values[name])
        elif option.get("options"):
            nested, nested_secrets = filled(option["options"], path + ".")
            if nested_secrets:
                values[name] = [nested] if option.get("type") == "list" else nested
                secrets.extend(nested_secrets)
    return values, secrets


def cases() -> Iterator[Any]:
    for module in MODULES:
        spec = argument_spec(module)
        for name, option in spec.items():
            if not option.get("options"):
                continue
            for bad in NOT_DICTS:
                yield pytest.param(module, name, bad, id=f"{module}-{name}-{type(bad).__name__}")


@pytest.mark.parametrize("module, option, bad", list(cases()))
def test_a_badly_shaped_element_shows_no_secret(module: str, option: str, bad: Any) -> None:
    spec = argument_spec(module)
    args, secrets = filled(spec)
    args.update(AUTH)
    good = args.get(option)
    # The bad element after a good one, so that the good one's secrets are in play too.
    args[option] = ([good[0]] if isinstance(good, list) else [good] if good else []) + [bad] \
        if spec[option].get("type") == "list" else bad
    result = run_main(module, args)
    assert result.get("failed"), result
    text = json.dumps(result)
    assert secrets and not [s for s in secrets if s in text], text


def test_every_module_with_dict_options_is_covered() -> None:
    covered = {case.values[0] for case in cases()}
    expected = {m for m in MODULES if any(o.get("options") for o in argument_spec(m).values())}
    assert covered == expected and len(covered) >= 5


@pytest.mark.parametrize("module", API_MODULES)
def test_a_boolean_is_not_an_integer(module: str) -> None:
    """Every int option of every module (top level) refuses `true`, naming the option. (The modules that call no
    API have no int option.)"""
    spec = argument_spec(module)
    integers = sorted(name for name, option in spec.items() if option.get("type") == "int")
    assert integers, module
    for name in integers:
        result = run_main(module, dict(AUTH, **{name: True}))
        assert result.get("failed") and result["msg"] == "%s: a boolean is not an integer; give a number." % name


def test_a_boolean_in_a_nested_integer_is_named_by_its_element() -> None:
    result = run_main("vpn_connection", dict(AUTH, vgw_name="gw", ikepolicy={"dpd": {"timeout": True}}))
    assert result.get("failed")
    assert result["msg"] == "ikepolicy.dpd.timeout: a boolean is not an integer; give a number.", result


def test_a_badly_shaped_element_is_named_not_shown() -> None:
    result = run_main("vpn_connection", dict(AUTH, vgw_name="gw", connections=[{"name": "a"}, "Secret-Psk-12345"]))
    assert result["msg"].startswith("connections[1]: a string is not a dict of the options "), result
    assert "Secret-Psk-12345" not in json.dumps(result)


def test_a_lost_create_whose_recovery_failed_is_reported_changed_and_uncertain(monkeypatch: Any) -> None:
    """Issue 11 item 9: the create's answer is lost (504) and the look-up that would settle it fails too."""
    from support.fake_http import FakeResponse, FakeTransport

    from ansible_collections.hwcloud.vpn.plugins.module_utils import client

    unavailable = FakeResponse(503, {"error_code": "APIGW.0203", "error_msg": "unavailable"})
    session = FakeTransport(FakeResponse(200, {"customer_gateways": []}),
                            FakeResponse(504, {"error_code": "APIGW.0204", "error_msg": "timeout"}),
                            unavailable, unavailable)
    monkeypatch.setattr(client, "Transport", lambda **kwargs: session)
    monkeypatch.setattr(client.time, "sleep", lambda seconds: None)
    result = run_main("vpn_customer_gateway", dict(AUTH, secret_key="SK-0001", name="cgw-1", id_value="203.0.113.9", retries=1,
                                                   endpoint="http://127.0.0.1:9"))
    assert [call.method for call in session.calls] == ["GET", "POST", "GET", "GET"], result
    assert result["failed"] and result["changed"] and result["error"]["uncertain"], result
    assert "may have taken effect" in result["msg"] and "looking it up failed too" in result["msg"]


@pytest.mark.parametrize("item, option", [({"psk": "short"}, "psk"), ({"tunnel_local_address": "x", "tunnel_peer_address": "y"},
                                                                      "tunnel_local_address"),
                                          ({"name": "bad-name\n"}, "name")])
def test_a_connection_element_is_named_by_its_index(item: Dict[str, Any], option: str) -> None:
    good = {"name": "site-a", "vgw_ip": "eip1", "psk": "Abcdefgh-1234"}
    result = run_main("vpn_connection", dict(AUTH, secret_key="SK-0001", vgw_name="gw", cgw_name="cgw",
                                             peer_subnets=["10.1.0.0/24"],
                                             connections=[good, dict(good, **dict(dict(name="site-b", vgw_ip="eip2"), **item))]))
    assert result["msg"].startswith("connections[1].%s: " % option), result["msg"]
    assert result["error"]["option"] == "connections[1].%s" % option


@pytest.mark.parametrize("option, value, message", [
    ("name", "n" * 65, "name: is 65 characters long; it must be 1 to 64."),
    ("description", "d" * 256, "description: is 256 characters long; it must be 0 to 255."),
])
def test_access_policy_lengths_are_checked_before_any_request(option: str, value: str, message: str) -> None:
    args = dict(AUTH, secret_key="SK-0001", vpn_server_id="7625fd92-2e20-4e4d-8c56-66f110fbfaa8", name="policy",
                dest_ip_cidrs=["10.0.0.0/24"])
    args[option] = value
    result = run_main("access_policy", args)
    assert result["msg"] == message


@pytest.mark.parametrize("answer", [{}, {"customer_gateway": None}, {"customer_gateway": []}])
def test_a_create_answer_without_the_resource_fails_clearly(monkeypatch: Any, answer: Dict[str, Any]) -> None:
    from support.fake_http import FakeResponse, FakeTransport

    from ansible_collections.hwcloud.vpn.plugins.module_utils import client

    session = FakeTransport(FakeResponse(200, {"customer_gateways": []}), FakeResponse(201, answer))
    monkeypatch.setattr(client, "Transport", lambda **kwargs: session)
    result = run_main("vpn_customer_gateway", dict(AUTH, secret_key="SK-0001", name="cgw-1", id_value="203.0.113.9"))
    assert result["failed"] and result["changed"] and "the answer is not what the API documents" in result["msg"]
    assert "customer_gateway" in result["msg"] and "exception" not in result
