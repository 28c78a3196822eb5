"""4.2.3 and 4.2.4 in the emulator: VPN users (password complexity and history, VPN.1308-1318), batches that
are all or nothing, the user limit, static IPs, user groups (50, the default group, membership), marker paging,
and access policies (100 per server, 10 destinations, VPN.1400-1405)."""

from __future__ import annotations

import pytest
from support.p2c_api import SERVERS, control, create_server

UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def server(api):
    return create_server(api)


@pytest.fixture
def base(server):
    return f"{SERVERS}/{server['id']}"


def create_user(api, base, name, password="Secret-Pass-1", **extra):
    return api.ok("POST", base + "/users", {"user": dict(name=name, password=password, **extra)},
                  expected=201)["user"]["id"]


PASSWORDS = {
    # case: (user name, password, expected code)
    "seven characters": ("alice", "Abcde-1", "VPN.1308"),
    "33 characters": ("alice", "Ab1" * 11, "VPN.1308"),
    "one kind": ("alice", "abcdefghij", "VPN.1308"),
    "not ASCII": ("alice", "Pässwort-12", "VPN.1310"),
    "a tab": ("alice", "Pass\tword-12", "VPN.1310"),
    "the user name": ("Alice-Pw-1", "Alice-Pw-1", "VPN.1309"),
    "the user name reversed": ("Alice-Pw-1", "1-wP-ecilA", "VPN.1309"),
    "weak": ("alice", "Admin@123", "VPN.1314"),
}


@pytest.mark.parametrize("case", PASSWORDS, ids=list(PASSWORDS))
def test_password_rules(api, base, case):
    name, password, code = PASSWORDS[case]
    assert api.error("POST", base + "/users", {"user": {"name": name, "password": password}}) == (400, code)
    assert api.ok("GET", base + "/users")["users"] == []


def test_user_names(api, base):
    create_user(api, base, "alice")
    assert api.error("POST", base + "/users", {"user": {"name": "alice", "password": "Other-Pass-1"}}) == \
        (400, "VPN.1302")
    for reserved in ("Administrator", "l3sw_core", "SecureNAT", "cascade"):
        assert api.error("POST", base + "/users", {"user": {"name": reserved, "password": "Secret-Pass-1"}}) == \
            (400, "VPN.1317")
    assert api.error("POST", base + "/users", {"user": {"name": "abc", "password": "Secret-Pass-1"}}) == \
        (400, "VPN.0001")


def test_a_user_as_the_api_describes_it(api, base):
    user_id = create_user(api, base, "alice", description="Alice_IT", static_ip="172.16.0.9")
    user = api.ok("GET", f"{base}/users/{user_id}")["user"]
    assert user["name"] == "alice" and user["description"] == "Alice_IT" and user["static_ip"] == "172.16.0.9"
    assert user["user_group_name"] == "default"
    assert not any("password" in key for key in user)
    assert api.error("GET", f"{base}/users/{UNKNOWN}") == (404, "VPN.1303")


def test_password_change_and_reset_keep_a_history_of_five(api, base):
    user_id = create_user(api, base, "alice", password="Secret-Pass-0")
    path = f"{base}/users/{user_id}"
    assert api.error("PUT", path + "/password", {"old_password": "Wrong-Pass-0", "new_password": "Secret-Pass-1"}) \
        == (400, "VPN.1312")
    assert api.error("PUT", path + "/password", {"old_password": "Secret-Pass-0", "new_password": "Secret-Pass-0"}) \
        == (400, "VPN.1311")
    assert api.error("PUT", path + "/password", {"old_password": "Secret-Pass-0", "new_password": "short"}) == \
        (400, "VPN.1308")
    api.ok("PUT", path + "/password", {"old_password": "Secret-Pass-0", "new_password": "Secret-Pass-1"})
    for number in range(2, 5):
        api.ok("POST", path + "/reset-password", {"new_password": f"Secret-Pass-{number}"})
    # Pass-0 to Pass-4: the five latest.
    assert api.error("POST", path + "/reset-password", {"new_password": "Secret-Pass-0"}) == (400, "VPN.1311")
    assert api.error("POST", path + "/reset-password", {"new_password": "Secret-Pass-4"}) == (400, "VPN.1311")
    api.ok("POST", path + "/reset-password", {"new_password": "Secret-Pass-5"})
    api.ok("POST", path + "/reset-password", {"new_password": "Secret-Pass-0"})  # out of the history now
    assert api.error("POST", path + "/reset-password", {"new_password": "alice"}) == (400, "VPN.1308")


def test_batch_creation_is_all_or_nothing(api, base):
    create_user(api, base, "taken")
    body = {"users": [
        {"name": "user-ok", "password": "Secret-Pass-1", "description": "fine"},
        {"name": "taken", "password": "Secret-Pass-1"},
        {"name": "weakling", "password": "Password1", "user_group_name": "default"},
        {"name": "dup-1", "password": "Secret-Pass-1"},
        {"name": "dup-1", "password": "Secret-Pass-2"},
        {"name": "no-group", "password": "Secret-Pass-1", "user_group_name": "sales"},
        {"name": "bad-ip", "password": "Secret-Pass-1", "static_ip": "172.16.0.10"},
    ]}
    answer = api.ok("POST", base + "/users/batch-create", body, expected=201)
    causes = {entry["name"]: entry["cause"] for entry in answer["invalid_users"]}
    assert causes == {"taken": "The username already exists.", "weakling": "The password is weak.",
                      "dup-1": "Duplicate user dup-1.", "no-group": "The user group does not exist.",
                      "bad-ip": "static IP 172.16.0.10 is not the first host address of a /30 block"}
    assert not any("password" in entry for entry in answer["invalid_users"])
    assert [u["name"] for u in api.ok("GET", base + "/users")["users"]] == ["taken"]
    assert api.error("POST", base + "/users/batch-create", {"users": []}) == (400, "VPN.1318")
    ok = {"users": [{"name": "user-ok", "password": "Secret-Pass-1"},
                    {"name": "user-two", "password": "Secret-Pass-2", "static_ip": "172.16.0.9"}]}
    assert api.ok("POST", base + "/users/batch-create", ok, expected=201)["invalid_users"] == []
    assert api.ok("GET", base + "/users")["total_count"] == 3


def test_the_user_limit(api, base, emulator):
    control(api, "POST", "quotas", {"vpn_users_per_server": 3})
    create_user(api, base, "first")
    batch = {"users": [{"name": f"user-{n}", "password": "Secret-Pass-1"} for n in range(3)]}
    assert api.error("POST", base + "/users/batch-create", batch) == (400, "VPN.1307")
    batch["users"].pop()
    api.ok("POST", base + "/users/batch-create", batch, expected=201)
    assert api.error("POST", base + "/users", {"user": {"name": "fourth", "password": "Secret-Pass-1"}}) == \
        (400, "VPN.1307")


def test_five_hundred_users_are_paged_by_marker(api, base):
    users = [{"name": f"user-{n:03d}", "password": "Secret-Pass-1"} for n in range(500)]
    assert api.ok("POST", base + "/users/batch-create", {"users": users}, expected=201)["invalid_users"] == []
    seen, marker = [], None
    while True:
        page = api.ok("GET", base + "/users", query=dict(limit=200, **({"marker": marker} if marker else {})))
        seen += [u["name"] for u in page["users"]]
        marker = page["page_info"].get("next_marker")
        if not marker:
            break
    assert seen == [u["name"] for u in users]
    assert page["total_count"] == 500


STATIC_IPS = {
    "outside the client cidr": "10.0.0.5",
    "the gateway address": "172.16.0.1",
    "not first of a /30": "172.16.0.6",
    "not an address": "172.16.0",
}


@pytest.mark.parametrize("case", STATIC_IPS, ids=list(STATIC_IPS))
def test_static_ip_rules(api, base, case):
    body = {"user": {"name": "alice", "password": "Secret-Pass-1", "static_ip": STATIC_IPS[case]}}
    assert api.error("POST", base + "/users", body) == (400, "VPN.0001")


def test_static_ips_are_unique_and_can_change(api, base):
    alice = create_user(api, base, "alice", static_ip="172.16.0.5")
    bob = create_user(api, base, "bob1", static_ip="172.16.0.9")
    assert api.error("PUT", f"{base}/users/{bob}", {"user": {"static_ip": "172.16.0.5"}}) == (400, "VPN.0001")
    assert api.ok("PUT", f"{base}/users/{alice}", {"user": {"static_ip": "disable"}})["user"]["static_ip"] == "disable"
    assert api.ok("PUT", f"{base}/users/{bob}", {"user": {"static_ip": "172.16.0.5"}})["user"]["static_ip"] == \
        "172.16.0.5"


def test_users_only_on_a_password_server(api):
    server = create_server(api, client_auth_type="IAM")
    path = f"{SERVERS}/{server['id']}"
    assert api.error("POST", path + "/users", {"user": {"name": "alice", "password": "Secret-Pass-1"}}) == \
        (400, "VPN.0001")
    assert api.error("POST", path + "/groups", {"user_group": {"name": "eng"}}) == (400, "VPN.0001")


def test_batch_delete(api, base):
    ids = [create_user(api, base, f"user-{n}") for n in range(3)]
    assert api.error("POST", base + "/users/batch-delete", {"users": [{"id": ids[0]}, {"id": UNKNOWN}]}) == \
        (404, "VPN.1303")
    assert api.ok("GET", base + "/users")["total_count"] == 3
    assert api.error("POST", base + "/users/batch-delete", {"users": []}) == (400, "VPN.1318")
    api.ok("POST", base + "/users/batch-delete", {"users": [{"id": ids[0]}, {"id": ids[2]}]})
    assert [u["id"] for u in api.ok("GET", base + "/users")["users"]] == [ids[1]]


# -- user groups ---------------------------------------------------------------------------------------------

def create_group(api, base, name, **extra):
    return api.ok("POST", base + "/groups", {"user_group": dict(name=name, **extra)}, expected=201)["user_group"]["id"]


def test_groups_and_the_default_group(api, base):
    default = api.ok("GET", base + "/groups")["user_groups"][0]
    assert (default["name"], default["type"], default["description"]) == ("default", "Default", "Default user group")
    assert api.error("PUT", f"{base}/groups/{default['id']}", {"user_group": {"description": "x"}}) == \
        (400, "VPN.1316")
    assert api.error("DELETE", f"{base}/groups/{default['id']}") == (400, "VPN.1316")
    assert api.error("POST", f"{base}/groups/{default['id']}/add-users", {"users": [{"id": UNKNOWN}]}) == \
        (400, "VPN.1316")
    group = create_group(api, base, "eng", description="R&D_(all)")
    assert api.error("POST", base + "/groups", {"user_group": {"name": "eng"}}) == (400, "VPN.1300")
    assert api.error("POST", base + "/groups", {"user_group": {"name": "default"}}) == (400, "VPN.1300")
    other = create_group(api, base, "ops")
    assert api.error("PUT", f"{base}/groups/{other}", {"user_group": {"name": "eng"}}) == (400, "VPN.1300")
    renamed = api.ok("PUT", f"{base}/groups/{group}", {"user_group": {"name": "research"}})["user_group"]
    assert renamed["name"] == "research" and renamed["description"] == "R&D_(all)" and renamed["type"] == "Custom"
    assert api.error("GET", f"{base}/groups/{UNKNOWN}") == (404, "VPN.1301")


def test_at_most_fifty_groups_with_the_default(api, base):
    for number in range(49):
        create_group(api, base, f"group-{number}")
    assert api.error("POST", base + "/groups", {"user_group": {"name": "one-too-many"}}) == (400, "VPN.1306")
    first = api.ok("GET", base + "/groups", query={"limit": 30})
    rest = api.ok("GET", base + "/groups", query={"limit": 30, "marker": first["page_info"]["next_marker"]})
    assert len(first["user_groups"]) + len(rest["user_groups"]) == 50 == first["total_count"]


def test_membership(api, base):
    alice, bob = create_user(api, base, "alice"), create_user(api, base, "bob1")
    eng, ops = create_group(api, base, "eng"), create_group(api, base, "ops")
    api.ok("POST", f"{base}/groups/{eng}/add-users", {"users": [{"id": alice}, {"id": bob}]}, expected=201)
    assert api.error("POST", f"{base}/groups/{ops}/add-users", {"users": [{"id": bob}]}) == (400, "VPN.1304")
    assert api.error("POST", f"{base}/groups/{ops}/remove-users", {"users": [{"id": bob}]}) == (400, "VPN.1305")
    assert api.error("POST", f"{base}/groups/{eng}/add-users", {"users": []}) == (400, "VPN.1318")
    members = api.ok("GET", f"{base}/groups/{eng}/users")
    assert members["total_count"] == 2 and {u["name"] for u in members["users"]} == {"alice", "bob1"}
    assert set(members["users"][0]) == {"id", "name", "description"}
    assert api.ok("GET", f"{base}/groups/{eng}")["user_group"]["user_number"] == 2
    api.ok("POST", f"{base}/groups/{eng}/remove-users", {"users": [{"id": bob}]}, expected=201)
    assert api.ok("GET", f"{base}/users/{bob}")["user"]["user_group_name"] == "default"
    moved = api.ok("PUT", f"{base}/users/{bob}", {"user": {"user_group_id": ops}})["user"]
    assert moved["user_group_name"] == "ops"
    assert api.error("PUT", f"{base}/users/{bob}", {"user": {"user_group_id": UNKNOWN}}) == (404, "VPN.1301")
    # A group that goes sends its users back to the default group.
    api.ok("DELETE", f"{base}/groups/{eng}", expected=204)
    assert api.ok("GET", f"{base}/users/{alice}")["user"]["user_group_name"] == "default"


# -- access policies -------------------------------------------------------------------------------------------

def policy_body(group_id, **changes):
    body = {"name": "apps", "user_group_id": group_id, "dest_ip_cidrs": ["192.168.0.0/24"]}
    body.update(changes)
    return {"access_policy": body}


POLICIES = {
    # case: (changes, expected status, expected code)
    "eleven destinations": ({"dest_ip_cidrs": [f"10.0.{n}.0/24" for n in range(11)]}, 400, "VPN.1402"),
    "not a cidr": ({"dest_ip_cidrs": ["10.0.0.0/33"]}, 400, "VPN.1403"),
    "host bits": ({"dest_ip_cidrs": ["10.0.0.1/24"]}, 400, "VPN.1403"),
    "twice": ({"dest_ip_cidrs": ["10.0.0.0/24", "10.0.0.0/24"]}, 400, "VPN.1404"),
    "reserved": ({"dest_ip_cidrs": ["240.0.0.0/8"]}, 400, "VPN.1405"),
    "none": ({"dest_ip_cidrs": []}, 400, "VPN.0001"),
    "group unknown": ({"user_group_id": UNKNOWN}, 404, "VPN.1301"),
    "group missing": ({"user_group_id": None}, 400, "VPN.0001"),
}


@pytest.mark.parametrize("case", POLICIES, ids=list(POLICIES))
def test_policy_rules(api, base, case):
    changes, status, code = POLICIES[case]
    body = policy_body(create_group(api, base, "eng"), **changes)
    body["access_policy"] = {k: v for k, v in body["access_policy"].items() if v is not None}
    assert api.error("POST", base + "/access-policies", body) == (status, code)


def test_policies(api, base):
    eng, ops = create_group(api, base, "eng"), create_group(api, base, "ops")
    created = api.ok("POST", base + "/access-policies", policy_body(eng, description="Apps"), expected=201)
    policy_id = created["access_policy"]["id"]
    assert list(created["access_policy"]) == ["id"]
    policy = api.ok("GET", f"{base}/access-policies/{policy_id}")["access_policy"]
    assert (policy["type"], policy["user_group_name"], policy["description"]) == ("Custom", "eng", "Apps")
    assert api.error("DELETE", f"{base}/groups/{eng}") == (400, "VPN.1313")
    updated = api.ok("PUT", f"{base}/access-policies/{policy_id}", {"access_policy": {
        "name": "tools", "user_group_id": ops, "dest_ip_cidrs": ["10.1.0.0/16"]}})["access_policy"]
    assert (updated["name"], updated["user_group_name"], updated["dest_ip_cidrs"]) == ("tools", "ops", ["10.1.0.0/16"])
    api.ok("DELETE", f"{base}/groups/{eng}", expected=204)
    api.ok("DELETE", f"{base}/access-policies/{policy_id}", expected=204)
    assert api.error("GET", f"{base}/access-policies/{policy_id}") == (400, "VPN.1401")
    assert api.error("DELETE", f"{base}/access-policies/{policy_id}") == (400, "VPN.1401")


def test_at_most_a_hundred_policies(api, base):
    group = create_group(api, base, "eng")
    for number in range(100):
        api.ok("POST", base + "/access-policies", policy_body(group, name=f"p-{number}"), expected=201)
    assert api.error("POST", base + "/access-policies", policy_body(group, name="p-100")) == (400, "VPN.1400")
    first = api.ok("GET", base + "/access-policies", query={"limit": 60})
    rest = api.ok("GET", base + "/access-policies", query={"limit": 60, "marker": first["page_info"]["next_marker"]})
    assert len({p["id"] for p in first["access_policies"] + rest["access_policies"]}) == 100
