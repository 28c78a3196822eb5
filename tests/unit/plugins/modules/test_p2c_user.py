"""p2c_user's engine (module_utils/p2c_users.py) and the P2C checks it relies on: what is planned, in which
order it is written, what an all-or-nothing refusal reports, and that passwords never reach a message."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import p2c
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.p2c_users import ServerUsers, UserSet
from support.fake_module import FakeModule

SERVER = {"id": "srv-1", "p2c_vgw_id": "gw-1", "client_cidr": "172.16.0.0/24", "client_auth_type": "LOCAL_PASSWORD"}
GROUPS = {"default": {"id": "g-default", "name": "default"}, "eng": {"id": "g-eng", "name": "eng"}}


def user(name, group="default", static_ip="disable", description=""):
    return {"id": "id-" + name, "name": name, "user_group_id": GROUPS[group]["id"], "user_group_name": group,
            "static_ip": static_ip, "description": description}


USER_DEFAULTS = dict(vpn_server_id="7625fd92-2e20-4e4d-8c56-66f110fbfaa8", p2c_vgw_id=None, name=None, password=None,
                     description=None, user_group=None, static_ip=None, users=None, purge=False,
                     update_password="on_create", state="present")


def user_module(**params):
    """The module of a p2c_user task with these options (the others at their defaults)."""
    return FakeModule(dict(USER_DEFAULTS, **params))


class Answer:
    def __init__(self, body):
        self.body = body


class FakeClient:
    """Records writes; answers batch creates with `refused` (the API's invalid_users)."""

    def __init__(self, refused=(), reset_error=None):
        self.calls = []
        self.refused = list(refused)
        self.reset_error = reset_error

    def request(self, method, path, query=None, body=None, idempotent=None, client_token=False, recover=None):
        self.calls.append((method, path.rsplit("/", 1)[-1], copy.deepcopy(body), client_token))
        if path.endswith("/reset-password") and self.reset_error:
            raise self.reset_error
        if path.endswith("/batch-create"):
            return Answer({"invalid_users": self.refused})
        return Answer({})


def planned(current, **params):
    users = UserSet(user_module(**params), FakeClient())
    users.server = SERVER
    users.validate()
    return users, users.plan(ServerUsers(current, GROUPS))


def test_only_what_differs_is_planned_and_the_default_group_is_no_drift():
    current = [user("alice"), user("bob1", group="eng"), user("carol")]
    users, plan = planned(current, users=[
        {"name": "alice", "password": "Secret-Pass-1", "description": None, "user_group": None, "static_ip": None},
        {"name": "bob1", "password": None, "description": "Bob", "user_group": "default", "static_ip": None},
        {"name": "dave", "password": "Secret-Pass-1", "description": None, "user_group": "eng", "static_ip": None}],
        purge=True)
    assert [u["name"] for u in plan.creates] == ["dave"]
    assert [u["name"] for u, _existing, _body in plan.updates] == ["bob1"]
    assert [u["name"] for u in plan.deletes] == ["carol"]
    assert plan.resets == []
    users.write(plan)
    writes = [(method, last, body) for method, last, body, _token in users.client.calls]
    assert writes == [
        ("POST", "batch-create", {"users": [{"name": "dave", "password": "Secret-Pass-1", "user_group_name": "eng"}]}),
        ("PUT", "id-bob1", {"user": {"description": "Bob", "user_group_id": "g-default"}}),
        ("POST", "batch-delete", {"users": [{"id": "id-carol"}]})]
    assert users.result["created"] == ["dave"] and users.result["deleted"] == ["carol"]


def test_a_static_ip_given_up_by_another_user_is_taken_after_that_change():
    current = [user("alice", static_ip="172.16.0.9")]
    users, plan = planned(current, users=[
        {"name": "alice", "password": None, "description": None, "user_group": None, "static_ip": "172.16.0.13"},
        {"name": "bob1", "password": "Secret-Pass-1", "description": None, "user_group": None,
         "static_ip": "172.16.0.9"}])
    assert plan.frees_first
    users.write(plan)
    assert [call[1] for call in users.client.calls] == ["id-alice", "batch-create"]


def test_creates_go_first_so_that_a_refused_batch_changes_nothing():
    current = [user("alice"), user("carol")]
    users, plan = planned(current, users=[
        {"name": "alice", "password": None, "description": "Alice", "user_group": None, "static_ip": None},
        {"name": "dave", "password": "Secret-Pass-1", "description": None, "user_group": None, "static_ip": None}],
        purge=True)
    users.client.refused = [{"name": "dave", "cause": "The password is weak."}]
    with pytest.raises(HwcError) as refused:
        users.write(plan)
    assert "dave: The password is weak." in str(refused.value)
    assert users.result["invalid_users"] == [{"name": "dave", "cause": "The password is weak."}]
    assert [call[1] for call in users.client.calls] == ["batch-create"]
    assert users.client.calls[0][3] is True  # the batch carries an X-Client-Token
    assert not users.result["changed"]


def test_taken_static_ips_and_unknown_groups_are_refused_after_reading():
    current = [user("alice", static_ip="172.16.0.9")]
    with pytest.raises(ValidationError) as taken:
        planned(current, name="bob1", password="Secret-Pass-1", static_ip="172.16.0.9")
    assert str(taken.value) == "static_ip: 172.16.0.9 is the static IP of user alice."
    with pytest.raises(ValidationError) as group:
        planned(current, name="bob1", password="Secret-Pass-1", user_group="sales")
    assert str(group.value) == "user_group: VPN server srv-1 has no user group named sales."
    with pytest.raises(ValidationError) as outside:
        planned(current, name="bob1", password="Secret-Pass-1", static_ip="172.16.1.5")
    assert "is not in the server's client CIDR block 172.16.0.0/24" in str(outside.value)
    with pytest.raises(ValidationError) as no_password:
        planned(current, name="bob1")
    assert str(no_password.value) == "password: is needed to create user bob1."


@pytest.mark.parametrize("password, rule", [
    ("Short-1", "must be 8 to 32 characters"), ("onlylowercase", "must be 8 to 32 characters"),
    ("Pässwort-12", "contains a character other than"), ("1-resu-ecila", "cannot be the user name"),
])
def test_passwords_are_checked_and_never_quoted(password, rule):
    with pytest.raises(ValidationError) as refused:
        p2c.check_password("users[2].password", "alice-user-1", password)
    assert rule in str(refused.value) and password not in str(refused.value)
    assert refused.value.option == "users[2].password"


def test_a_password_the_api_will_not_set_again_is_left_with_a_warning():
    error = ApiError(status=400, error_code="VPN.1311", error_msg="The new password cannot be the same as the old one.")
    users = UserSet(user_module(name="alice", password="Secret-Pass-1", update_password="always"),
                    FakeClient(reset_error=error))
    users.server = SERVER
    plan = users.plan(ServerUsers([user("alice")], GROUPS))
    users.write(plan)
    assert users.result["passwords_updated"] == [] and not users.result["changed"]
    assert "VPN.1311" in users.module.warnings[0] and "Secret-Pass-1" not in users.module.warnings[0]


def test_static_ip_rules():
    assert p2c.static_ip_problem(SERVER, "172.16.0.5") is None
    assert p2c.static_ip_problem(SERVER, "disable") is None
    assert "gateway address" in p2c.static_ip_problem(SERVER, "172.16.0.1")
    assert "(for example 172.16.0.9)" in p2c.static_ip_problem(SERVER, "172.16.0.11")
