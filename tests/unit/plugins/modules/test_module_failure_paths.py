"""Issue 11, items 4, 12, 13, 14 and 15 through the modules' public interface (options in, result out, main() in
this process against an emulator of this file's own):

- 4: a P2C client configuration is never shown in a diff, and a new one is never readable by others, even briefly.
- 12: state absent and the info modules under a parent that is gone.
- 14: messages that name what the user gave and say what to do.
- 15: an IKEv2 connection's PSK-only change.
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Any, Dict, Iterator, List

import pytest
import yaml
from support.emulator import EmulatorProcess
from support.inprocess import made, run_on as run
from support.paths import REPO

Ids = Dict[str, Any]


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    with EmulatorProcess() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def ids(api: EmulatorProcess) -> Ids:
    fixtures = api.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    subnets = {s["name"]: s["id"] for s in vpc["subnets"]}
    eips = {e["name"]: e["id"] for e in fixtures["eips"]}
    found: Ids = {"vpc_id": vpc["id"], "vpn_subnet": subnets["subnet-demo-vpn"], "p2c_subnet": subnets["subnet-demo-p2c"],
                  "eips": eips, "ccm_id": next(c["id"] for c in fixtures["certificates"] if c["status"] == "ISSUED")}
    found["gateway"] = made(api, "vpn_gateway", {
        "name": "fp-gw", "vpc_id": vpc["id"], "connect_subnet": found["vpn_subnet"], "local_subnets": ["192.168.0.0/24"],
        "eip1": {"id": eips["eip-01"]}, "eip2": {"id": eips["eip-02"]}}, "vpn_gateway")
    found["cgw"] = made(api, "vpn_customer_gateway", {"name": "fp-cgw", "id_value": "203.0.113.31"}, "customer_gateway")
    found["p2c"] = made(api, "p2c_gateway", {
        "name": "fp-p2c", "vpc_id": vpc["id"], "connect_subnet": found["p2c_subnet"],
        "eip": {"type": "5_bgp", "bandwidth_size": 5}}, "p2c_vpn_gateway")
    found["server"] = made(api, "p2c_server", {
        "p2c_vgw_id": found["p2c"], "client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"],
        "client_auth_type": "LOCAL_PASSWORD", "server_certificate": {"id": found["ccm_id"]}}, "vpn_server")
    api.wait_until_idle()
    return found


# -- 4: the client configuration ---------------------------------------------------------------------------------

PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"


def test_client_config_diff_never_shows_content(api: EmulatorProcess, ids: Ids, tmp_path: Any) -> None:
    dest = tmp_path / "client.ovpn"
    dest.write_text("client\n" + PRIVATE_KEY)
    for check_mode in (True, False):
        done = run(api, "p2c_server", {"p2c_vgw_id": ids["p2c"], "client_config": {"dest": str(dest)}},
                   check_mode=check_mode, diff=True)
        assert not done.failed and done.result["client_config"]["changed"], done.result
        shown = str(done.result.get("diff"))
        assert "PRIVATE KEY" not in shown and "MIIEvQ" not in shown and "remote " not in shown, shown
        assert "sha256" in shown, shown


def export_with_umask_022(api: EmulatorProcess, ids: Ids, dest: Any) -> Any:
    """p2c_server exporting the client configuration to dest under the usual umask, which would make 0644 files
    and 0755 directories."""
    previous = os.umask(0o022)
    try:
        return run(api, "p2c_server", {"p2c_vgw_id": ids["p2c"], "client_config": {"dest": str(dest)}})
    finally:
        os.umask(previous)


def test_client_config_new_file_is_private_from_the_start(api: EmulatorProcess, ids: Ids, tmp_path: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every mode the destination is given is 0600 or stricter (atomic_move used to chmod a new file to the
    umask's 0644 after the rename, then the module to 0600)."""
    dest = tmp_path / "client.ovpn"
    modes: List[int] = []
    chmod = os.chmod

    def recording_chmod(path: Any, mode: int, *args: Any, **kwargs: Any) -> None:
        if os.fsdecode(path) == str(dest):
            modes.append(mode)
        chmod(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", recording_chmod)
    done = export_with_umask_022(api, ids, dest)
    assert not done.failed and done.result["client_config"]["changed"], done.result
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert all(mode & 0o077 == 0 for mode in modes), [oct(mode) for mode in modes]
    # An existing file keeps its own (stricter) mode when rewritten.
    dest.write_text("old\n")
    chmod(dest, 0o400)
    again = run(api, "p2c_server", {"p2c_vgw_id": ids["p2c"], "client_config": {"dest": str(dest)}})
    assert not again.failed and again.result["client_config"]["changed"], again.result
    assert stat.S_IMODE(dest.stat().st_mode) == 0o400


def test_client_config_makes_missing_directories_private(api: EmulatorProcess, ids: Ids, tmp_path: Any) -> None:
    """Missing directories of the destination are made 0700 whatever the umask; an existing one keeps its mode;
    check mode makes none."""
    os.chmod(tmp_path, 0o755)
    dest = tmp_path / "clients" / "it" / "client.ovpn"
    planned = run(api, "p2c_server", {"p2c_vgw_id": ids["p2c"], "client_config": {"dest": str(dest)}},
                  check_mode=True)
    assert not planned.failed and planned.result["client_config"]["changed"], planned.result
    assert not (tmp_path / "clients").exists()
    done = export_with_umask_022(api, ids, dest)
    assert not done.failed and done.result["client_config"]["changed"], done.result
    assert [stat.S_IMODE(path.stat().st_mode) for path in (tmp_path, dest.parent.parent, dest.parent, dest)] == [
        0o755, 0o700, 0o700, 0o600]


def test_client_config_write_refused_names_the_option(api: EmulatorProcess, ids: Ids, tmp_path: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the system refuses to write (no right to, as for a user other than root) fails naming the option
    and the path, not with a traceback."""
    dest = tmp_path / "client.ovpn"

    def refuse(*_args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    done = run(api, "p2c_server", {"p2c_vgw_id": ids["p2c"], "client_config": {"dest": str(dest)}})
    assert done.failed and "client_config.dest: %s: Permission denied." % tmp_path in done.result["msg"], done.result
    assert "Traceback" not in str(done.result) and not dest.exists()


def test_role_export_task_has_no_diff() -> None:
    tasks = yaml.safe_load((REPO / "roles/p2c_vpn/tasks/present.yml").read_text())

    def flat(items: List[Dict[str, Any]]) -> Iterator[Dict[str, Any]]:
        for item in items:
            yield item
            yield from flat(item.get("block", []))

    exports = [t for t in flat(tasks) if "client_config" in (t.get("hwcloud.vpn.p2c_server") or {})]
    assert exports and all(t.get("diff") is False for t in exports), exports


# -- 12: state absent and info under a parent that is gone --------------------------------------------------------

GONE = "00000000-0000-4000-8000-000000000000"  # an id no resource has
# Every module whose resource lives under a parent, with state absent naming a parent that does not exist (by name
# and by id); and every info module listing under a parent.
ABSENT_UNDER_MISSING_PARENT = [
    ("vpn_connection", {"name": "c", "vgw_name": "gone-gw"}),
    ("vpn_connection", {"name": "c", "vgw_id": GONE}),
    ("vpn_connection", {"vgw_name": "gone-gw", "connections": [{"name": "c1", "vgw_ip": "eip1"}, {"name": "c2", "vgw_ip": "eip2"}]}),
    ("vpn_connection_monitor", {"vpn_connection_name": "gone-conn"}),
    ("vpn_connection_monitor", {"vpn_connection_name": "gone-conn", "vgw_name": "gone-gw"}),
    ("vpn_connection_monitor", {"vpn_connection_id": GONE}),
    ("p2c_server", {"p2c_vgw_id": GONE}),
    ("p2c_user", {"vpn_server_id": GONE, "name": "fp-user"}),
    ("p2c_user", {"p2c_vgw_id": GONE, "name": "fp-user"}),
    ("p2c_user", {"p2c_vgw_id": GONE, "users": [{"name": "fp-user"}]}),
    ("p2c_user_group", {"vpn_server_id": GONE, "name": "g"}),
    ("p2c_user_group", {"p2c_vgw_id": GONE, "name": "g"}),
    ("access_policy", {"vpn_server_id": GONE, "name": "p"}),
    ("access_policy", {"p2c_vgw_id": GONE, "name": "p"}),
    ("p2c_client_ca_certificate", {"vpn_server_id": GONE, "name": "ca"}),
    ("p2c_client_ca_certificate", {"p2c_vgw_id": GONE, "name": "ca"}),
    ("p2c_gateway_connection", {"p2c_vgw_id": GONE, "client_user_name": "u"}),
]
INFO_UNDER_MISSING_PARENT = [
    ("vpn_connection_info", {"vgw_name": "gone-gw"}, "vpn_connections"),
    ("vpn_connection_info", {"vgw_id": GONE}, "vpn_connections"),
    ("vpn_connection_monitor_info", {"vpn_connection_name": "gone-conn"}, "connection_monitors"),
    ("vpn_connection_monitor_info", {"vpn_connection_name": "c", "vgw_name": "gone-gw"}, "connection_monitors"),
    ("vpn_connection_monitor_info", {"vpn_connection_id": GONE}, "connection_monitors"),
    ("p2c_server_info", {"p2c_vgw_id": GONE}, "vpn_servers"),
    ("p2c_user_info", {"vpn_server_id": GONE}, "users"),
    ("p2c_user_info", {"p2c_vgw_id": GONE}, "users"),
    ("p2c_user_group_info", {"vpn_server_id": GONE}, "user_groups"),
    ("p2c_user_group_info", {"p2c_vgw_id": GONE}, "user_groups"),
    ("access_policy_info", {"vpn_server_id": GONE}, "access_policies"),
    ("access_policy_info", {"p2c_vgw_id": GONE}, "access_policies"),
]


@pytest.mark.parametrize("module,args", ABSENT_UNDER_MISSING_PARENT,
                         ids=["%s-%s" % (m, "-".join(a)) for m, a in ABSENT_UNDER_MISSING_PARENT])
def test_absent_under_a_missing_parent_is_done(api: EmulatorProcess, module: str, args: Dict[str, Any]) -> None:
    api.clear_requests()
    done = run(api, module, dict(args, state="absent"))
    assert not done.failed and done.result["changed"] is False, done.result
    assert api.writes() == []


@pytest.mark.parametrize("module,args,key", INFO_UNDER_MISSING_PARENT,
                         ids=["%s-%s" % (m, "-".join(a)) for m, a, _k in INFO_UNDER_MISSING_PARENT])
def test_info_under_a_missing_parent_is_empty(api: EmulatorProcess, module: str, args: Dict[str, Any],
                                              key: str) -> None:
    done = run(api, module, args)
    assert not done.failed and done.result[key] == [], done.result


def test_absent_under_an_existing_parent_still_fails_on_other_errors(api: EmulatorProcess, ids: Ids) -> None:
    """A missing parent is no licence for state present."""
    done = run(api, "vpn_connection", {"name": "c", "vgw_name": "gone-gw", "vgw_ip": "eip1", "cgw_id": ids["cgw"],
                                       "peer_subnets": ["10.9.0.0/16"], "psk": "Fp-Psk-2024x"})
    assert done.failed and "There is no VPN gateway named 'gone-gw'" in done.msg, done.result


# -- 15: an IKEv2 connection's PSK changed alone ------------------------------------------------------------------

def negotiated_psk(api: EmulatorProcess, connection_id: str) -> str:
    return api._control("GET", f"vpn-connections/{connection_id}/psk")["psk"]


def test_ikev2_psk_alone_is_applied_by_a_reset(api: EmulatorProcess, ids: Ids) -> None:
    connection = {"name": "fp-conn", "vgw_id": ids["gateway"], "vgw_ip": "eip1", "cgw_id": ids["cgw"],
                  "peer_subnets": ["10.31.0.0/16"], "psk": "First-Psk-2024", "ikepolicy": {"ike_version": "v2"}}
    connection_id = made(api, "vpn_connection", connection, "vpn_connection")
    rotate = dict(connection, psk="Second-Psk-2025", update_psk="always")
    api.clear_requests()
    planned = run(api, "vpn_connection", rotate, check_mode=True)
    assert planned.result["changed"] and api.writes() == [], planned.result
    assert "is reset after the update" in str(planned.result.get("warnings")), planned.result
    done = run(api, "vpn_connection", rotate)
    assert not done.failed and done.result["changed"], done.result
    assert "an IKEv2 connection does not apply a pre-shared key changed alone" in str(done.result.get("warnings")), \
        done.result
    writes = [(w["method"], w["path"].rsplit("/", 1)[-1]) for w in api.writes()]
    assert writes == [("PUT", connection_id), ("POST", "reset")], writes
    assert negotiated_psk(api, connection_id) == "Second-Psk-2025"
    # With another change the key takes effect with it: no reset, no warning.
    api.wait_until_idle()
    api.clear_requests()
    both = run(api, "vpn_connection", dict(rotate, psk="Third-Psk-2026", ikepolicy={"ike_version": "v2",
                                                                                    "lifetime_seconds": 3600}))
    assert not both.failed and not both.result.get("warnings"), both.result
    assert [w["method"] for w in api.writes()] == ["PUT"]
    assert negotiated_psk(api, connection_id) == "Third-Psk-2026"


# -- 14: messages that name what the user gave and say what to do ----------------------------------------------

MISSING_AT_ONCE = [
    ("vpn_connection", {"name": "fp-new"}, "vgw_id (or vgw_name), vgw_ip, cgw_id (or cgw_name), psk: are needed"),
    ("vpn_gateway", {"name": "fp-new"}, "vpc_id, connect_subnet, local_subnets, eip1, eip2: are needed"),
    ("p2c_gateway", {"name": "fp-new"}, "vpc_id, connect_subnet, eip: are needed"),
]


@pytest.mark.parametrize("module,args,message", MISSING_AT_ONCE, ids=[m for m, _a, _s in MISSING_AT_ONCE])
def test_a_create_names_every_missing_option_at_once(api: EmulatorProcess, module: str, args: Dict[str, Any],
                                                     message: str) -> None:
    api.clear_requests()
    done = run(api, module, args)
    assert done.failed and message in done.msg, done.msg
    assert api.writes() == []


def test_p2c_server_create_names_every_missing_option(api: EmulatorProcess, ids: Ids) -> None:
    other = made(api, "p2c_gateway", {"name": "fp-p2c-bare", "vpc_id": ids["vpc_id"], "connect_subnet": ids["p2c_subnet"],
                                      "eip": {"type": "5_bgp", "bandwidth_size": 5}}, "p2c_vpn_gateway")
    done = run(api, "p2c_server", {"p2c_vgw_id": other})
    assert done.failed and "client_cidr, local_subnets, server_certificate: are needed to create a VPN server" in \
        done.msg, done.msg


def test_messages_name_the_valid_addresses_and_the_blocking_connections(api: EmulatorProcess, ids: Ids) -> None:
    gateway = run(api, "vpn_gateway_info", {"id": ids["gateway"]}).result["vpn_gateways"][0]
    bad = run(api, "vpn_connection", {"name": "fp-addr", "vgw_name": "fp-gw", "vgw_ip": "198.51.100.1",
                                      "cgw_id": ids["cgw"], "peer_subnets": ["10.32.0.0/16"], "psk": "Fp-Psk-2024x"})
    assert bad.failed and "198.51.100.1 is not an address of VPN gateway fp-gw; valid values: eip1 (or %s" % (
        gateway["eip1"]["ip_address"]) in bad.msg and "eip2 (or" in bad.msg, bad.msg
    made(api, "vpn_connection", {"name": "fp-blocker", "vgw_name": "fp-gw", "vgw_ip": "eip2", "cgw_id": ids["cgw"],
                                 "peer_subnets": ["10.33.0.0/16"], "psk": "Fp-Psk-2024x"}, "vpn_connection")
    api.clear_requests()
    refused = run(api, "vpn_gateway", {"name": "fp-gw", "state": "absent"})
    assert refused.failed and "VPN gateway fp-gw still has" in refused.msg and "fp-blocker (" in refused.msg, \
        refused.msg
    assert "hwcloud.vpn.vpn_connection with state=absent" in refused.msg
    # The one write is the API's refused DELETE: the gateway is still there.
    assert [(w["method"], w["status"] >= 400) for w in api.writes()] == [("DELETE", True)], api.writes()


@pytest.mark.parametrize("psk,rule", [("Ab1!", "it has 4 characters"),
                                      ("abcdefgh12", "it has only lower case letters and digits"),
                                      ("Abcd efg1!", "neither a letter, a digit nor one of the special characters")])
def test_the_psk_message_says_which_rule_failed(api: EmulatorProcess, psk: str, rule: str) -> None:
    done = run(api, "vpn_connection", {"name": "fp-psk", "vgw_name": "fp-gw", "vgw_ip": "eip1",
                                       "cgw_name": "fp-cgw", "psk": psk})
    assert done.failed and rule in done.msg and psk not in done.msg, done.msg


# -- 13: one connection per gateway address and customer gateway, before any write -------------------------------

def test_one_connection_per_address_and_customer_gateway(api: EmulatorProcess, ids: Ids) -> None:
    made(api, "vpn_customer_gateway", {"name": "fp-cgw-pair", "id_value": "203.0.113.32"}, "customer_gateway")
    first = {"name": "fp-pair-1", "vgw_name": "fp-gw", "vgw_ip": "eip1", "cgw_name": "fp-cgw-pair",
             "peer_subnets": ["10.34.0.0/16"], "psk": "Fp-Psk-2024x"}
    made(api, "vpn_connection", first, "vpn_connection")
    api.clear_requests()
    second = run(api, "vpn_connection", dict(first, name="fp-pair-2"))
    assert second.failed and "connection 'fp-pair-1' already joins this gateway address" in second.msg, second.msg
    assert api.writes() == []
