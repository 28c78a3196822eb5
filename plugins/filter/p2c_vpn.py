# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The p2c_vpn role's result, in Python rather than as a Jinja program in its report task (which no unit test can
reach). Documented in the sidecar file p2c_vpn_result.yml."""


def _changed(result):
    return bool((result or {}).get("changed"))


def _unique(names):
    """In order, each once (Jinja's union goes through a set, whose order changes from run to run)."""
    return list(dict.fromkeys(names))


def _names_deleted(found, deleted_ids):
    """The purge tasks delete by id: name them from what was found."""
    deleted_ids = set(deleted_ids or [])
    return [item["name"] for item in found or [] if item.get("id") in deleted_ids]


def _moved(wanted_users, users_result, pending_groups):
    """Check mode with groups to create: the users task left groups out, so the existing users that would move to
    another group are found here, by comparing each user's group with the one listed."""
    if not pending_groups:
        return []
    actual = {user.get("name"): user.get("user_group_name") for user in users_result.get("users") or []}
    existing = set(actual) - set(users_result.get("created") or [])
    return sorted(set(user["name"] for user in wanted_users if user.get("user_group")
                      and user["name"] in existing and actual[user["name"]] != user["user_group"]))


def p2c_vpn_result(registered, users=None, user_groups=None, access_policies=None, server=None,
                   client_config_path="", check_mode=False):
    """The fact p2c_vpn_result: ids, the gateway's public IP, counts, the client configuration and what changed (or
    would change, in check mode), from the results the role's tasks registered. Users are reported by name only:
    nothing here reads a password."""
    def result(name):
        return registered.get(name) or {}

    users, user_groups, access_policies = users or [], user_groups or [], access_policies or []
    server, client_config_path = server or {}, client_config_path or ""
    gateway = result("gateway").get("p2c_vpn_gateway") or {}
    vpn_server = result("server").get("vpn_server") or {}
    # The server could not be read: a check-mode run that would create it (and maybe the gateway). Everything that
    # lives on it would then be created.
    planned = "id" not in vpn_server
    pending_groups = [group["name"] for group in result("groups").get("user_groups") or [] if "id" not in group]
    all_users = [user["name"] for user in users]
    all_groups = [group["name"] for group in user_groups]
    all_policies = [policy["name"] for policy in access_policies]
    groups, policies, users_done = result("groups"), result("policies"), result("users")

    groups_written = set((groups.get("created") or []) + (groups.get("updated") or []))
    groups_changed = all_groups if planned else [name for name in all_groups if name in groups_written]
    groups_deleted = _names_deleted(result("groups_found").get("user_groups"), result("groups_purged").get("deleted"))
    users_created = all_users if planned else list(users_done.get("created") or [])
    users_updated = _unique((users_done.get("updated") or []) + _moved(users, users_done, pending_groups))
    users_deleted = list(users_done.get("deleted") or [])
    passwords_updated = list(users_done.get("passwords_updated") or [])
    # A policy of a group still to be created would be written too.
    policies_written = set((policies.get("created") or []) + (policies.get("updated") or []) + [
        policy["name"] for policy in access_policies if policy.get("user_group") in pending_groups])
    policies_changed = all_policies if planned else _unique(name for name in all_policies if name in policies_written)
    policies_deleted = _names_deleted(result("policies_found").get("access_policies"),
                                      result("policies_purged").get("deleted"))
    server_changed = planned or _changed(result("server"))
    config_changed = bool(client_config_path) and (
        planned or _changed(result("client_config").get("client_config"))
        or (bool(check_mode) and _changed(result("server"))))

    changes = []
    if _changed(result("gateway")):
        changes.append("gateway %s" % gateway.get("name", ""))
    if server_changed:
        changes.append("VPN server")
    for what, names in (("user groups created or updated", groups_changed), ("users created", users_created),
                        ("users updated", users_updated), ("passwords reset", passwords_updated),
                        ("access policies created or updated", policies_changed),
                        ("access policies deleted", policies_deleted), ("users deleted", users_deleted),
                        ("user groups deleted", groups_deleted)):
        if names:
            changes.append("%s: %s" % (what, ", ".join(names)))
    if config_changed:
        changes.append("client configuration %s" % client_config_path)

    return {
        "state": "present",
        "check_mode": bool(check_mode),
        "changed": bool(changes),
        "changes": changes,
        "gateway": {"id": gateway.get("id"), "name": gateway.get("name"), "status": gateway.get("status"),
                    "public_ip": (gateway.get("eip") or {}).get("ip_address"),
                    "changed": _changed(result("gateway"))},
        "server": {"id": vpn_server.get("id"), "status": vpn_server.get("status"),
                   "client_auth_type": vpn_server.get("client_auth_type",
                                                      server.get("client_auth_type") or "LOCAL_PASSWORD"),
                   "client_cidr": vpn_server.get("client_cidr", server.get("client_cidr")),
                   "changed": server_changed},
        "user_groups": {"count": len(all_groups), "names": all_groups, "changed": groups_changed,
                        "deleted": groups_deleted},
        "users": {"count": len(all_users), "created": users_created, "updated": users_updated,
                  "deleted": users_deleted, "passwords_updated": passwords_updated},
        "access_policies": {"count": len(all_policies), "names": all_policies, "changed": policies_changed,
                            "deleted": policies_deleted},
        "client_config": {"path": client_config_path or None, "changed": config_changed},
    }


class FilterModule:
    def filters(self):
        return {"p2c_vpn_result": p2c_vpn_result}
