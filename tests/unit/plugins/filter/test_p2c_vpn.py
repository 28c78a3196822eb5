"""The p2c_vpn role's result (plugins/filter/p2c_vpn.py): what a converged run, a first run, a check-mode run with
nothing built yet and one with groups to create report, purges named from what was found, and no password."""

from __future__ import annotations

import json
import sys
from typing import Any, Dict

from support.paths import collections_path

sys.path.insert(0, str(collections_path()))

from ansible_collections.hwcloud.vpn.plugins.filter.p2c_vpn import FilterModule  # noqa: E402

RESULT = FilterModule().filters()["p2c_vpn_result"]
PASSWORD = "Result-Password-Sentinel-1"
GATEWAY = {"id": "gw-1", "name": "p2c", "status": "ACTIVE", "eip": {"ip_address": "198.51.100.7"}}
SERVER = {"id": "srv-1", "status": "ACTIVE", "client_auth_type": "LOCAL_PASSWORD", "client_cidr": "172.16.0.0/16"}
USERS = [{"name": "alice", "password": PASSWORD, "user_group": "ops"}, {"name": "bob", "password": PASSWORD}]
GROUPS = [{"name": "ops"}, {"name": "dev"}]
POLICIES = [{"name": "ops-net", "user_group": "ops"}, {"name": "dev-net", "user_group": "dev"}]
SKIPPED = {"skipped": True, "changed": False}


def result(registered: Dict[str, Any], check_mode: bool = False, path: str = "") -> Dict[str, Any]:
    return RESULT(registered, users=USERS, user_groups=GROUPS, access_policies=POLICIES,
                  server={"client_cidr": "172.16.0.0/16"}, client_config_path=path, check_mode=check_mode)


def converged() -> Dict[str, Any]:
    return {"gateway": {"changed": False, "p2c_vpn_gateway": GATEWAY},
            "server": {"changed": False, "vpn_server": SERVER},
            "groups": {"changed": False, "created": [], "updated": [],
                       "user_groups": [dict(g, id="g-" + g["name"]) for g in GROUPS]},
            "users": {"changed": False, "created": [], "updated": [], "deleted": [], "passwords_updated": [],
                      "users": [{"name": "alice", "user_group_name": "ops"}, {"name": "bob"}]},
            "policies": {"changed": False, "created": [], "updated": []},
            "groups_found": SKIPPED, "groups_purged": SKIPPED, "policies_found": SKIPPED, "policies_purged": SKIPPED,
            "client_config": {"changed": False, "client_config": {"changed": False}}}


def test_a_converged_run_reports_no_change_with_ids_and_counts() -> None:
    report = result(converged(), path="/etc/vpn/p2c.ovpn")
    assert report == {
        "state": "present", "check_mode": False, "changed": False, "changes": [],
        "gateway": {"id": "gw-1", "name": "p2c", "status": "ACTIVE", "public_ip": "198.51.100.7", "changed": False},
        "server": {"id": "srv-1", "status": "ACTIVE", "client_auth_type": "LOCAL_PASSWORD",
                   "client_cidr": "172.16.0.0/16", "changed": False},
        "user_groups": {"count": 2, "names": ["ops", "dev"], "changed": [], "deleted": []},
        "users": {"count": 2, "created": [], "updated": [], "deleted": [], "passwords_updated": []},
        "access_policies": {"count": 2, "names": ["ops-net", "dev-net"], "changed": [], "deleted": []},
        "client_config": {"path": "/etc/vpn/p2c.ovpn", "changed": False}}


def test_what_each_task_wrote_is_one_line_of_changes_in_a_fixed_order() -> None:
    registered = converged()
    registered["gateway"]["changed"] = True
    registered["server"]["changed"] = True
    registered["groups"].update(changed=True, created=["dev"], updated=["ops"])
    registered["users"].update(changed=True, created=["bob"], updated=["alice"], deleted=["carol"],
                               passwords_updated=["alice"])
    registered["policies"].update(changed=True, updated=["dev-net"])
    registered["policies_found"] = {"access_policies": [{"id": "p-9", "name": "old-net"}, {"id": "p-1",
                                                                                           "name": "ops-net"}]}
    registered["policies_purged"] = {"changed": True, "deleted": ["p-9"]}
    registered["groups_found"] = {"user_groups": [{"id": "g-9", "name": "old"}]}
    registered["groups_purged"] = {"changed": True, "deleted": ["g-9"]}
    registered["client_config"] = {"changed": True, "client_config": {"changed": True}}
    report = result(registered, path="/etc/vpn/p2c.ovpn")
    assert report["changes"] == [
        "gateway p2c", "VPN server", "user groups created or updated: ops, dev", "users created: bob",
        "users updated: alice", "passwords reset: alice", "access policies created or updated: dev-net",
        "access policies deleted: old-net", "users deleted: carol", "user groups deleted: old",
        "client configuration /etc/vpn/p2c.ovpn"]
    assert report["changed"] and report["gateway"]["changed"] and report["server"]["changed"]
    assert report["user_groups"]["deleted"] == ["old"] and report["access_policies"]["deleted"] == ["old-net"]


def test_check_mode_without_a_server_reports_everything_on_it_as_to_be_created() -> None:
    registered = {"gateway": {"changed": True, "p2c_vpn_gateway": {"name": "p2c"}}, "server": SKIPPED,
                  "groups": SKIPPED, "users": SKIPPED, "policies": SKIPPED, "client_config": SKIPPED}
    report = result(registered, check_mode=True, path="/etc/vpn/p2c.ovpn")
    assert report["check_mode"] is True
    assert report["server"] == {"id": None, "status": None, "client_auth_type": "LOCAL_PASSWORD",
                                "client_cidr": "172.16.0.0/16", "changed": True}
    assert report["gateway"]["id"] is None and report["gateway"]["public_ip"] is None
    assert report["user_groups"]["changed"] == ["ops", "dev"]
    assert report["users"]["created"] == ["alice", "bob"]
    assert report["access_policies"]["changed"] == ["ops-net", "dev-net"]
    assert report["client_config"]["changed"] is True
    assert report["changes"][-1] == "client configuration /etc/vpn/p2c.ovpn"


def test_check_mode_with_groups_to_create_finds_the_users_that_would_move() -> None:
    registered = converged()
    registered["groups"]["user_groups"] = [{"name": "ops"}, {"name": "dev", "id": "g-dev"}]  # ops: to create
    registered["users"]["users"] = [{"name": "alice", "user_group_name": "dev"}, {"name": "bob"},
                                    {"name": "dave", "user_group_name": "dev"}]
    registered["users"]["created"] = ["dave"]
    users = USERS + [{"name": "dave", "user_group": "ops"}]
    report = RESULT(registered, users=users, user_groups=GROUPS, access_policies=POLICIES, check_mode=True)
    assert report["users"]["updated"] == ["alice"]  # dave is new, bob has no group
    assert report["access_policies"]["changed"] == ["ops-net"]  # its group is still to be created


def test_an_update_the_task_reported_is_listed_once() -> None:
    registered = converged()
    registered["groups"]["user_groups"] = [{"name": "ops"}]
    registered["users"]["users"] = [{"name": "alice", "user_group_name": "dev"}]
    registered["users"]["updated"] = ["alice"]
    assert result(registered, check_mode=True)["users"]["updated"] == ["alice"]


def test_the_result_holds_no_password() -> None:
    registered = converged()
    registered["users"].update(created=["alice", "bob"], passwords_updated=["alice"])
    assert PASSWORD not in json.dumps(result(registered))
