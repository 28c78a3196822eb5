"""4.2.3 VPN users and user groups of a server: users one at a time and in batches (all or nothing), their
passwords (complexity, history), user groups (50 per server, the default group) and group membership.

Users and custom groups exist only on a server with client_auth_type LOCAL_PASSWORD (user guide, "Creating a
User and User Group"). A user without a group is in the server's default group. Passwords are kept as salted
hashes: the five latest, for the history rule of 4.2.3.9.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import uuid
from typing import Any, Dict, List, Optional

from .. import idempotency
from ..errors import ApiError, coded, invalid
from ..routing import Context, Reply, Routes
from ..schemas import vpn_user as schemas
from ..store import Store, utc_timestamp
from . import common, p2c_gateways, vpn_servers

routes = Routes()
control = Routes()
USERS = "vpn_users"
GROUPS = "vpn_user_groups"
SERVER = "/v5/<project_id>/p2c-vpn-gateways/vpn-servers/<vpn_server_id>"

DEFAULT_MAX_USERS = 500  # "A maximum of 500 users can be created on a VPN gateway" (user guide)
MAX_GROUPS = 50  # the default group included
PASSWORD_HISTORY = 5
SPECIALS = "`~!@#$%^&*()-_=+\\|[{}];:'\",<.>/? "
# Names the service keeps for itself (user guide), compared without case; and the prefix L3SW_.
RESERVED_NAMES = ("link", "cascade", "securenat", "localbridge", "administrator")
RESERVED_PREFIX = "l3sw_"
# Passwords that meet the complexity rule but that the service still refuses as weak (VPN.1314).
WEAK_PASSWORDS = ("password1", "passw0rd", "p@ssw0rd", "p@ssword", "admin123", "admin@123", "qwerty123",
                  "huawei123", "huawei@123", "abc12345", "abcd1234", "welcome1", "changeme1", "iloveyou1")


# -- lookups and views -----------------------------------------------------------------------------------

def max_users(store: Store) -> int:
    # Tests lower the limit through POST /_emulator/quotas {"vpn_users_per_server": n}.
    return store.fixtures.get("quotas", {}).get("vpn_users_per_server", DEFAULT_MAX_USERS)


def users_of(store: Store, server_id: str) -> List[Dict[str, Any]]:
    return store.find(USERS, _server_id=server_id)


def groups_of(store: Store, server_id: str) -> List[Dict[str, Any]]:
    return store.find(GROUPS, _server_id=server_id)


def named(records: List[Dict[str, Any]], name: str) -> List[Dict[str, Any]]:
    # Store.find cannot match on "name" (its own first parameter).
    return [r for r in records if r["name"] == name]


def default_group(store: Store, server_id: str) -> Dict[str, Any]:
    return store.find(GROUPS, _server_id=server_id, type="Default")[0]


def find_user(store: Store, server: Dict[str, Any], user_id: str) -> Dict[str, Any]:
    user = store.get(USERS, user_id)
    if user is None or user["_server_id"] != server["id"]:
        raise coded("VPN.1303")
    return user


def find_group(store: Store, server: Dict[str, Any], group_id: str) -> Dict[str, Any]:
    group = store.get(GROUPS, group_id)
    if group is None or group["_server_id"] != server["id"]:
        raise coded("VPN.1301")
    return group


def user_view(user: Dict[str, Any], group_names: Dict[str, str]) -> Dict[str, Any]:
    return dict(common.render(user), user_group_name=group_names.get(user["user_group_id"], ""))


def group_view(store: Store, group: Dict[str, Any]) -> Dict[str, Any]:
    return dict(common.render(group), user_number=len(store.find(USERS, user_group_id=group["id"])))


def _group_names(store: Store, server_id: str) -> Dict[str, str]:
    return {g["id"]: g["name"] for g in groups_of(store, server_id)}


def _writable_server(ctx: Context) -> Dict[str, Any]:
    """The server of the request, settled, and one that has users (LOCAL_PASSWORD)."""
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    vpn_servers.require_active(server)
    if server["client_auth_type"] != "LOCAL_PASSWORD":
        raise invalid(f"vpn server {server['id']} uses client_auth_type {server['client_auth_type']}: users and "
                      f"user groups exist only with LOCAL_PASSWORD")
    return server


# -- checks ----------------------------------------------------------------------------------------------

def password_problem(name: str, password: str) -> Optional[ApiError]:
    """The service's objection to a password (VPN.1308, 1309, 1310, 1314), or None."""
    if any(not (c.isascii() and (c.isalnum() or c in SPECIALS)) for c in password):
        return coded("VPN.1310")
    kinds = [any(c.isupper() for c in password), any(c.islower() for c in password),
             any(c.isdigit() for c in password), any(c in SPECIALS for c in password)]
    if not 8 <= len(password) <= 32 or sum(kinds) < 2:
        return coded("VPN.1308")
    if password in (name, name[::-1]):
        return coded("VPN.1309")
    if password.lower() in WEAK_PASSWORDS:
        return coded("VPN.1314")
    return None


def name_problem(store: Store, server_id: str, name: str) -> Optional[ApiError]:
    if name.lower() in RESERVED_NAMES or name.lower().startswith(RESERVED_PREFIX):
        return coded("VPN.1317")
    if named(users_of(store, server_id), name):
        return coded("VPN.1302")
    return None


def static_ip_problem(server: Dict[str, Any], value: str, holders: Dict[str, str],
                      user_id: Optional[str] = None) -> Optional[str]:
    """Why a static IP cannot be a user's (4.2.3.1 constraints), or None. holders: address -> user id."""
    if value == "disable":
        return None
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        return f"static IP {value!r} is neither an IPv4 address nor disable"
    cidr = ipaddress.ip_network(server["client_cidr"])
    if address not in cidr:
        return f"static IP {value} is not in the client CIDR block {cidr}"
    if address == cidr.network_address + 1:
        return f"static IP {value} is the gateway address of the client CIDR block"
    if int(address) % 4 != 1:
        return f"static IP {value} is not the first host address of a /30 block"
    if holders.get(value) not in (None, user_id):
        return f"static IP {value} is already the address of another user"
    return None


def _static_ip_holders(store: Store, server_id: str) -> Dict[str, str]:
    return {u["static_ip"]: u["id"] for u in users_of(store, server_id) if u.get("static_ip", "disable") != "disable"}


def _salted(salt: str, password: str) -> str:
    return hashlib.sha256((salt + password).encode("utf-8")).hexdigest()


def _set_password(user: Dict[str, Any], password: str) -> None:
    history = user.setdefault("_password_history", [])
    history.append(_salted(user["_salt"], password))
    del history[:-PASSWORD_HISTORY]


def _used_before(user: Dict[str, Any], password: str) -> bool:
    return _salted(user["_salt"], password) in user.get("_password_history", [])


def _new_user(store: Store, server_id: str, spec: Dict[str, Any], group_id: str,
              now: Optional[str] = None) -> Dict[str, Any]:
    now = now or store.creation_time()
    user = {"id": str(uuid.uuid4()), "name": spec["name"], "description": spec.get("description", ""),
            "user_group_id": group_id, "static_ip": spec.get("static_ip", "disable"), "created_at": now,
            "updated_at": now, "_server_id": server_id, "_salt": os.urandom(8).hex()}
    _set_password(user, spec["password"])
    return store.insert(USERS, user)


def _check_room(store: Store, server_id: str, adding: int) -> None:
    if len(users_of(store, server_id)) + adding > max_users(store):
        raise coded("VPN.1307")


def _move(store: Store, user: Dict[str, Any], group_id: str) -> None:
    if user["user_group_id"] != group_id:
        user.update(user_group_id=group_id, updated_at=utc_timestamp())
        # "After the user group to which the user belongs is modified, the original connection is interrupted."
        p2c_gateways.drop_connections(store, _user_id=user["id"])


# -- users -----------------------------------------------------------------------------------------------

def _create_user(ctx: Context) -> Reply:
    store, spec = ctx.store, common.body_of(ctx, "user")
    server = _writable_server(ctx)
    for problem in (name_problem(store, server["id"], spec["name"]), password_problem(spec["name"], spec["password"])):
        if problem is not None:
            raise problem
    group = find_group(store, server, spec["user_group_id"]) if "user_group_id" in spec else \
        default_group(store, server["id"])
    reason = static_ip_problem(server, spec.get("static_ip", "disable"), _static_ip_holders(store, server["id"]))
    if reason:
        raise invalid(reason)
    _check_room(store, server["id"], 1)
    user = _new_user(store, server["id"], spec, group["id"])
    return Reply(201, {"user": {"id": user["id"]}})


@routes.post(SERVER + "/users", schema=schemas.CREATE_USER)
def create_user(ctx: Context) -> Reply:
    return idempotency.once(ctx, _create_user)


def _batch_create(ctx: Context) -> Reply:
    store, specs = ctx.store, ctx.body["users"]
    server = _writable_server(ctx)
    if not specs:
        raise coded("VPN.1318")
    groups = {g["name"]: g for g in groups_of(store, server["id"])}
    holders = _static_ip_holders(store, server["id"])
    seen, invalid_users = set(), []
    for spec in specs:
        problem = name_problem(store, server["id"], spec["name"]) or password_problem(spec["name"], spec["password"])
        cause = problem.message if problem is not None else None
        if cause is None and spec["name"] in seen:
            cause = coded("VPN.1315", spec["name"]).message
        if cause is None and spec.get("user_group_name", "default") not in groups:
            cause = coded("VPN.1301").message
        if cause is None:
            cause = static_ip_problem(server, spec.get("static_ip", "disable"), holders)
        seen.add(spec["name"])
        if spec.get("static_ip", "disable") != "disable":
            holders.setdefault(spec["static_ip"], spec["name"])
        if cause:
            # Every field of InvalidVpnUser (4.2.3.2), with the values the user would have had.
            invalid_users.append({"name": spec["name"], "description": spec.get("description", ""),
                                  "user_group_name": spec.get("user_group_name", "default"),
                                  "static_ip": spec.get("static_ip", "disable"), "cause": cause})
    if invalid_users:
        # All or nothing: one invalid user and none is created.
        return Reply(201, {"invalid_users": invalid_users})
    _check_room(store, server["id"], len(specs))
    # One batch, one creation time: users listed by created_at then share it (paging must cope).
    now = store.creation_time()
    for spec in specs:
        _new_user(store, server["id"], spec, groups[spec.get("user_group_name", "default")]["id"], now)
    return Reply(201, {"invalid_users": []})


@routes.post(SERVER + "/users/batch-create", schema=schemas.BATCH_CREATE)
def batch_create_users(ctx: Context) -> Reply:
    return idempotency.once(ctx, _batch_create)


@routes.get(SERVER + "/users")
def list_users(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    records = users_of(ctx.store, server["id"])
    page, info = common.page_by_marker(ctx, records)
    names = _group_names(ctx.store, server["id"])
    return Reply(200, {"users": [user_view(u, names) for u in page], "total_count": len(records),
                       "page_info": info})


@routes.get(SERVER + "/users/<user_id>")
def show_user(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    user = find_user(ctx.store, server, ctx.params["user_id"])
    return Reply(200, {"user": user_view(user, _group_names(ctx.store, server["id"]))})


@routes.put(SERVER + "/users/<user_id>", schema=schemas.UPDATE_USER)
def update_user(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "user")
    server = _writable_server(ctx)
    user = find_user(store, server, ctx.params["user_id"])
    group = find_group(store, server, body["user_group_id"]) if "user_group_id" in body else None
    if "static_ip" in body:
        reason = static_ip_problem(server, body["static_ip"], _static_ip_holders(store, server["id"]), user["id"])
        if reason:
            raise invalid(reason)
        user["static_ip"] = body["static_ip"]
    if "description" in body:
        user["description"] = body["description"]
    if group is not None:
        _move(store, user, group["id"])
    user["updated_at"] = utc_timestamp()
    return Reply(200, {"user": user_view(user, _group_names(store, server["id"]))})


@routes.delete(SERVER + "/users/<user_id>")
def delete_user(ctx: Context) -> Reply:
    server = _writable_server(ctx)
    user = find_user(ctx.store, server, ctx.params["user_id"])
    ctx.store.remove(USERS, user["id"])
    return Reply(204)


@routes.post(SERVER + "/users/batch-delete", schema=schemas.USER_IDS)
def batch_delete_users(ctx: Context) -> Reply:
    server = _writable_server(ctx)
    if not ctx.body["users"]:
        raise coded("VPN.1318")
    doomed = [find_user(ctx.store, server, entry["id"]) for entry in ctx.body["users"]]
    for user in doomed:
        ctx.store.remove(USERS, user["id"])
    return Reply(200, {})


@routes.put(SERVER + "/users/<user_id>/password", schema=schemas.CHANGE_PASSWORD)
def change_password(ctx: Context) -> Reply:
    server = _writable_server(ctx)
    user = find_user(ctx.store, server, ctx.params["user_id"])
    old, new = ctx.body["old_password"], ctx.body["new_password"]
    if _salted(user["_salt"], old) != user["_password_history"][-1]:
        raise coded("VPN.1312")
    if new == old or _used_before(user, new):
        raise coded("VPN.1311")
    problem = password_problem(user["name"], new)
    if problem is not None:
        raise problem
    _set_password(user, new)
    user["updated_at"] = utc_timestamp()
    return Reply(200, {})


@routes.post(SERVER + "/users/<user_id>/reset-password", schema=schemas.RESET_PASSWORD)
def reset_password(ctx: Context) -> Reply:
    server = _writable_server(ctx)
    user = find_user(ctx.store, server, ctx.params["user_id"])
    new = ctx.body["new_password"]
    problem = password_problem(user["name"], new)
    if problem is not None:
        raise problem
    if _used_before(user, new):  # "different from the latest five old passwords"
        raise coded("VPN.1311")
    _set_password(user, new)
    user["updated_at"] = utc_timestamp()
    return Reply(200, {})


# -- user groups -----------------------------------------------------------------------------------------

def _custom_group(ctx: Context, server: Dict[str, Any]) -> Dict[str, Any]:
    group = find_group(ctx.store, server, ctx.params["group_id"])
    if group["type"] == "Default":
        raise coded("VPN.1316")
    return group


def _create_group(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "user_group")
    server = _writable_server(ctx)
    if named(groups_of(store, server["id"]), body["name"]):
        raise coded("VPN.1300")
    if len(groups_of(store, server["id"])) >= MAX_GROUPS:
        raise coded("VPN.1306")
    now = store.creation_time()
    group = store.insert(GROUPS, {"id": str(uuid.uuid4()), "name": body["name"],
                                  "description": body.get("description", ""), "type": "Custom",
                                  "created_at": now, "updated_at": now, "_server_id": server["id"]})
    return Reply(201, {"user_group": {"id": group["id"]}})


@routes.post(SERVER + "/groups", schema=schemas.CREATE_GROUP)
def create_group(ctx: Context) -> Reply:
    return idempotency.once(ctx, _create_group)


@routes.get(SERVER + "/groups")
def list_groups(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    records = groups_of(ctx.store, server["id"])
    page, info = common.page_by_marker(ctx, records)
    return Reply(200, {"user_groups": [group_view(ctx.store, g) for g in page], "total_count": len(records),
                       "page_info": info})


@routes.get(SERVER + "/groups/<group_id>")
def show_group(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    return Reply(200, {"user_group": group_view(ctx.store, find_group(ctx.store, server, ctx.params["group_id"]))})


@routes.put(SERVER + "/groups/<group_id>", schema=schemas.UPDATE_GROUP)
def update_group(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "user_group")
    server = _writable_server(ctx)
    group = _custom_group(ctx, server)
    if "name" in body and body["name"] != group["name"] and named(groups_of(store, server["id"]), body["name"]):
        raise coded("VPN.1300")
    group.update({k: body[k] for k in ("name", "description") if k in body}, updated_at=utc_timestamp())
    return Reply(200, {"user_group": group_view(store, group)})


@routes.delete(SERVER + "/groups/<group_id>")
def delete_group(ctx: Context) -> Reply:
    store = ctx.store
    server = _writable_server(ctx)
    group = _custom_group(ctx, server)
    if store.find("access_policies", user_group_id=group["id"]):
        raise coded("VPN.1313")
    fallback = default_group(store, server["id"])
    for user in store.find(USERS, user_group_id=group["id"]):
        _move(store, user, fallback["id"])
    store.remove(GROUPS, group["id"])
    return Reply(204)


@routes.post(SERVER + "/groups/<group_id>/add-users", schema=schemas.USER_IDS)
def add_users(ctx: Context) -> Reply:
    store = ctx.store
    server = _writable_server(ctx)
    group = _custom_group(ctx, server)
    if not ctx.body["users"]:
        raise coded("VPN.1318")
    users = [find_user(store, server, entry["id"]) for entry in ctx.body["users"]]
    for user in users:
        current = store.get(GROUPS, user["user_group_id"])
        if user["user_group_id"] != group["id"] and current is not None and current["type"] == "Custom":
            raise coded("VPN.1304", user["name"])
    for user in users:
        _move(store, user, group["id"])
    return Reply(201, {})


@routes.post(SERVER + "/groups/<group_id>/remove-users", schema=schemas.USER_IDS)
def remove_users(ctx: Context) -> Reply:
    store = ctx.store
    server = _writable_server(ctx)
    group = _custom_group(ctx, server)
    if not ctx.body["users"]:
        raise coded("VPN.1318")
    users = [find_user(store, server, entry["id"]) for entry in ctx.body["users"]]
    for user in users:
        if user["user_group_id"] != group["id"]:
            raise coded("VPN.1305", user["name"])
    fallback = default_group(store, server["id"])
    for user in users:
        _move(store, user, fallback["id"])
    return Reply(201, {})


@routes.get(SERVER + "/groups/<group_id>/users")
def list_group_users(ctx: Context) -> Reply:
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    group = find_group(ctx.store, server, ctx.params["group_id"])
    members = ctx.store.find(USERS, user_group_id=group["id"])
    page, info = common.page_by_marker(ctx, members)
    return Reply(200, {"users": [{"id": u["id"], "name": u["name"], "description": u["description"]} for u in page],
                       "total_count": len(members), "page_info": info})


# -- the gateway's side, for the data-plane harness (tests only) --------------------------------------------

@control.post("/_emulator/vpn-servers/<vpn_server_id>/verify-password")
def verify_password(ctx: Context) -> Reply:
    """What the gateway does when a client logs in: {"user_name", "password"} -> {"result": "ok" | "refused"}.
    An unknown user and a wrong password read the same; nothing about the stored hash is returned."""
    server = vpn_servers.find_server(ctx.store, ctx.params["vpn_server_id"])
    body = ctx.body if isinstance(ctx.body, dict) else {}
    user_name, password = body.get("user_name"), body.get("password")
    if not isinstance(user_name, str) or not isinstance(password, str):
        raise invalid("user_name and password must be strings")
    found = named(users_of(ctx.store, server["id"]), user_name) if server["client_auth_type"] == "LOCAL_PASSWORD" \
        else []
    admitted = bool(found) and hmac.compare_digest(_salted(found[0]["_salt"], password),
                                                   found[0]["_password_history"][-1])
    return Reply(200, {"result": "ok" if admitted else "refused"})


# -- removal ---------------------------------------------------------------------------------------------

def remove_with_server(store: Store, server: Dict[str, Any]) -> None:
    for user in users_of(store, server["id"]):
        store.remove(USERS, user["id"])
    for group in groups_of(store, server["id"]):
        store.remove(GROUPS, group["id"])


def disconnect_user(store: Store, user: Dict[str, Any]) -> None:
    p2c_gateways.drop_connections(store, _user_id=user["id"])


def install(store: Store) -> None:
    store.on_remove(vpn_servers.COLLECTION, remove_with_server)
    store.on_remove(USERS, disconnect_user)
