# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPN users of a server, one or hundreds in a task, with the batch APIs of user management.

ResourceModule manages one resource per task; a server's users are managed as a set instead, a Task with the
same steps and from the same pieces: each user's options are declared as compare.Fields and compared with the
API's user, and the whole set is read once (marker paging), planned, checked, then written with as few requests
as the API allows: one batch create (all or nothing, with X-Client-Token), one update per changed user (the API
has no batch update), one password reset per user whose password is set again, one batch delete.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, compare, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import Task

USER_FIELDS = {name: declared.bind(name) for name, declared in {
    "description": Field(update=PUT),
    "user_group": Field(update=PUT, api="user_group_name", put_key="user_group_id"),
    "static_ip": Field(update=PUT),
    "password": Field(secret=True),
}.items()}
USER_OPTIONS = ("name", "password", "description", "user_group", "static_ip")
# What the API gives a user created without these options (the default group: not drift).
CREATED = {"description": "", "user_group_name": "default", "static_ip": "disable"}
PASSWORD_IN_HISTORY = "VPN.1311"


def view(user):
    """A user's managed fields, in the API's names: what diffs show (never a password)."""
    return compare.managed_view(USER_FIELDS, user)


@dataclass
class ServerUsers:
    """What the server has: its users and its user groups by name."""

    users: List[dict]
    groups: Dict[str, dict]


@dataclass
class Plan:
    """The writes that bring the server's users to the task's, computed without writing."""

    wanted: List[dict]
    current: ServerUsers
    creates: List[dict] = field(default_factory=list)  # wanted users
    # (wanted user, API user, update body without the group id)
    updates: List[Tuple[dict, dict, dict]] = field(default_factory=list)
    resets: List[Tuple[dict, dict]] = field(default_factory=list)  # (wanted user, API user)
    deletes: List[dict] = field(default_factory=list)  # API users
    frees_first: bool = False  # when a user takes a static IP another user gives up

    @property
    def changed(self) -> bool:
        return bool(self.creates or self.updates or self.deletes or self.resets)


class UserSet(Task):
    """One task's users: the single user of `name`, or the list `users` (with `purge`)."""

    def __init__(self, module, client=None):
        super().__init__(module, client)
        self.single = self.params["name"] is not None
        self.server: Optional[dict] = None
        for key in ("created", "updated", "deleted", "passwords_updated"):
            self.result[key] = []

    def describe(self):
        return "the VPN users"

    def failure_message(self, error):
        return "%s on VPN server %s: %s" % (self.doing, self.params["vpn_server_id"], error)

    # -- options ---------------------------------------------------------------------------------------

    def wanted(self):
        entries = [self.params] if self.single else self.params["users"]
        return [{key: entry.get(key) for key in USER_OPTIONS} for entry in entries]

    def option(self, index, key):
        """How a message names a user's option: `password`, or `users[3].password`."""
        return key if self.single else "users[%d].%s" % (index, key)

    def validate(self):
        wanted = self.wanted()
        p2c.check_server_options(self.params)
        validation.check(not (self.single and self.params["purge"]), "purge", "applies to users, not to name.")
        validation.check(not self.params["purge"] or self.params["state"] == "present", "purge",
                         "applies only with state present.")
        names, addresses = set(), {}
        for index, user in enumerate(wanted):
            p2c.check_user_name(self.option(index, "name"), user["name"])
            validation.check(user["name"] not in names, self.option(index, "name"),
                             "user %s is listed twice." % user["name"])
            names.add(user["name"])
            p2c.check_password(self.option(index, "password"), user["name"], user["password"])
            p2c.check_user_description(self.option(index, "description"), user["description"])
            validation.name(self.option(index, "user_group"), user["user_group"], pattern=p2c.NAME_PATTERN,
                            rule=p2c.NAME_RULE)
            p2c.check_static_ip(self.option(index, "static_ip"), user["static_ip"])
            if user["static_ip"] not in (None, "disable"):
                validation.check(user["static_ip"] not in addresses, self.option(index, "static_ip"),
                                 "%s is also the static IP of user %s." % (user["static_ip"],
                                                                           addresses.get(user["static_ip"])))
                addresses[user["static_ip"]] = user["name"]

    # -- reading and planning ---------------------------------------------------------------------------

    def path(self, *parts):
        return "/".join([api.VPN_SERVERS, path_quote(self.server["id"])] + [path_quote(p) for p in parts])

    def read_users(self):
        return list(iterate(self.client, self.path("users"), "users", MARKER))

    def resolve(self):
        self.doing = "Reading the VPN users"
        self.server = p2c.resolve_usable_server(self.client, self.params)
        p2c.require_local_password(self.server, "VPN users")

    def find(self):
        current = self.read_users()
        listed = iterate(self.client, self.path("groups"), "user_groups", MARKER)
        return ServerUsers(current, {group["name"]: group for group in listed})

    def nothing_found(self):
        return ServerUsers([], {})

    def plan(self, current):
        wanted = self.wanted()
        plan = Plan(wanted, current)
        current, groups = current.users, current.groups
        by_name = {user["name"]: user for user in current}
        wanted_names = set(user["name"] for user in wanted)
        if self.params["state"] == "absent":
            plan.deletes = [by_name[user["name"]] for user in wanted if user["name"] in by_name]
            return plan
        always = self.params["update_password"] == "always"
        for index, user in enumerate(wanted):
            if self.server is not None:  # None: a server planned in this check run, nothing to check against yet
                self.check_against_server(index, user, groups)
            existing = by_name.get(user["name"])
            if existing is None:
                validation.check(user["password"] is not None, self.option(index, "password"),
                                 "is needed to create user %s." % user["name"])
                plan.creates.append(user)
                continue
            found = compare.changes(USER_FIELDS, user, existing)
            if found:
                plan.updates.append((user, existing, compare.update_body(USER_FIELDS, user, existing, found)))
            if always and user["password"] is not None:
                plan.resets.append((user, existing))
        if self.params["purge"]:
            plan.deletes = [user for user in current if user["name"] not in wanted_names]
        self.check_addresses(wanted, by_name, plan)
        return plan

    def check_against_server(self, index, user, groups):
        if user["user_group"] is not None and user["user_group"] not in groups:
            raise ValidationError(self.option(index, "user_group"), "VPN server %s has no user group named %s."
                                  % (self.server["id"], user["user_group"]))
        problem = p2c.static_ip_problem(self.server, user["static_ip"])
        if problem:
            raise ValidationError(self.option(index, "static_ip"), problem)

    def check_addresses(self, wanted, by_name, plan):
        """No two users end with the same static IP. When a user takes an address that another user gives up
        (by an update or a delete), the updates and deletes go first."""
        deleted = set(user["name"] for user in plan.deletes)
        moving = set(user["name"] for user in wanted if user["static_ip"] is not None)
        now = dict((user["static_ip"], name) for name, user in by_name.items()
                   if user.get("static_ip", "disable") != "disable")
        holders = dict((address, name) for address, name in now.items() if name not in deleted | moving)
        for index, user in enumerate(wanted):
            address = user["static_ip"]
            if address in (None, "disable"):
                continue
            holder = holders.setdefault(address, user["name"])
            if holder != user["name"]:
                raise ValidationError(self.option(index, "static_ip"), "%s is the static IP of user %s." % (
                    address, holder))
            plan.frees_first |= now.get(address, user["name"]) != user["name"]

    # -- views ------------------------------------------------------------------------------------------

    def shown(self, wanted, plan):
        """The users a diff shows: those of the task and those it deletes."""
        return [user["name"] for user in wanted] + sorted(
            user["name"] for user in plan.deletes if user["name"] not in [w["name"] for w in wanted])

    def predicted(self, wanted, current, plan):
        """The users as they will be, by name (check mode, and the diff's after)."""
        users = {user["name"]: dict(user) for user in current}
        for user in plan.deletes:
            users.pop(user["name"])
        for user in plan.creates:
            users[user["name"]] = dict(compare.desired_view(USER_FIELDS, user, CREATED), name=user["name"])
        for user, existing, _body in plan.updates:
            users[user["name"]].update(compare.desired_view(USER_FIELDS, user, existing))
        return users

    def diff_side(self, names, users, reset=()):
        side = {}
        for name in names:
            if name in users:
                side[name] = view(users[name])
                if name in reset:
                    side[name]["password_updated"] = True
        return side

    def summary(self, plan, reset):
        """The lines that lead the result and the diff: who is created, updated, moved between groups, deleted,
        and whose password is reset (names and counts; never a password)."""
        moves = self.moves(plan)
        updated = [user["name"] for user, _existing, body in plan.updates if set(body) - {"user_group_id"}]
        touched = set(u["name"] for u in plan.creates) | set(u["name"] for u, _e, _b in plan.updates) | set(reset)
        unchanged = len([user for user in plan.wanted if user["name"] not in touched]) \
            if self.params["state"] == "present" else 0
        return compare.summary(self.subject(), [
            ("created", [user["name"] for user in plan.creates]),
            ("updated", updated),
            ("moved between groups", ["%s (%s -> %s)" % (m["name"], m["from"], m["to"]) for m in moves]),
            ("deleted", [user["name"] for user in plan.deletes]),
            ("passwords reset", list(reset))], unchanged)

    def subject(self):
        if self.server is None:  # a server planned in this check run
            return "VPN users of the planned VPN server"
        return "VPN users of VPN server %s" % self.server["id"]

    @staticmethod
    def moves(plan):
        """The users whose group changes: {name, from, to}."""
        return [{"name": user["name"], "from": existing.get("user_group_name"), "to": user["user_group"]}
                for user, existing, body in plan.updates if "user_group_id" in body]

    # -- writing ----------------------------------------------------------------------------------------

    def apply(self, plan):
        """Write, then read the users as they now are (by name)."""
        self.write(plan)
        self.doing = "Reading the VPN users"
        return {user["name"]: user for user in self.read_users()}

    def write(self, plan):
        """Creates first, so that a refused batch leaves everything as it was; unless a user takes a static IP
        that an update or a delete frees."""
        groups = plan.current.groups
        if plan.frees_first:
            self.delete(plan.deletes)
            self.update(plan.updates, groups)
        self.create(plan.creates)
        if not plan.frees_first:
            self.update(plan.updates, groups)
        self.reset(plan.resets)
        if not plan.frees_first:
            self.delete(plan.deletes)

    def update(self, updates, groups):
        for user, existing, body in updates:
            self.doing = "Updating VPN user %s" % user["name"]
            if "user_group_id" in body:
                body["user_group_id"] = groups[user["user_group"]]["id"]
            self.client.request("PUT", self.path("users", existing["id"]), body={"user": body})
            self.note("updated", user["name"])

    def reset(self, resets):
        for user, existing in resets:
            self.doing = "Resetting the password of VPN user %s" % user["name"]
            try:
                self.client.request("POST", self.path("users", existing["id"], "reset-password"),
                                    body={"new_password": user["password"]}, idempotent=True)
            except ApiError as error:
                if error.error_code != PASSWORD_IN_HISTORY:
                    raise
                # The password is the current one, or one of the latest five, which the API will not set again.
                self.module.warn("The password of VPN user %s was left as it is: the API answered %s (the password "
                                 "is the current one or one of the five latest)." % (user["name"], error.error_code))
                continue
            self.note("passwords_updated", user["name"])

    def create(self, users):
        if not users:
            return
        self.doing = "Creating %d VPN user(s)" % len(users)
        body = [dict((key, value) for key, value in (
            ("name", user["name"]), ("password", user["password"]), ("description", user["description"]),
            ("user_group_name", user["user_group"]), ("static_ip", user["static_ip"])) if value is not None)
            for user in users]
        answer = self.client.request("POST", self.path("users", "batch-create"), body={"users": body},
                                     client_token=True).body
        refused = answer.get("invalid_users") or []
        if refused:
            # All or nothing: the API created none of them.
            self.result["invalid_users"] = [
                dict((k, v) for k, v in entry.items() if k != "password") for entry in refused]
            raise HwcError("the API created none of the %d user(s); it refused %d: %s" % (
                len(users), len(refused), "; ".join("%s: %s" % (entry.get("name"), entry.get("cause"))
                                                    for entry in refused)))
        for user in users:
            self.note("created", user["name"])

    def delete(self, users):
        if not users:
            return
        self.doing = "Deleting %d VPN user(s)" % len(users)
        ids = set(user["id"] for user in users)

        def recover():
            # After a lost answer: the batch took effect if none of the users is left (else it is sent again).
            left = set(user["id"] for user in iterate(self.client, self.path("users"), "users", MARKER))
            return {} if not left & ids else None

        self.client.request("POST", self.path("users", "batch-delete"), recover=recover,
                            body={"users": [{"id": user["id"]} for user in users]})
        for user in users:
            self.note("deleted", user["name"])

    def note(self, what, name):
        self.mark_changed()
        self.result[what].append(name)

    # -- the result -------------------------------------------------------------------------------------

    def report(self, plan, outcome):
        """outcome: the users after apply(), by name; None in check mode or when nothing changes."""
        wanted, current = plan.wanted, plan.current.users
        names = self.shown(wanted, plan)
        before = self.diff_side(names, {user["name"]: user for user in current})
        if outcome is None:
            users = self.predicted(wanted, current, plan)
            reset = [user["name"] for user, _existing in plan.resets]
            if self.module.check_mode:
                self.result.update(changed=plan.changed, created=[u["name"] for u in plan.creates],
                                   updated=[u["name"] for u, _e, _b in plan.updates],
                                   deleted=[u["name"] for u in plan.deletes], passwords_updated=reset)
        else:
            users, reset = outcome, self.result["passwords_updated"]
        after = self.diff_side(names, users, reset)
        lines = self.summary(plan, reset)
        self.result.update(summary=lines, moved=self.moves(plan))
        if self.single:
            name = self.params["name"]
            self.result["user"] = users.get(name, {})
            before, after = before.get(name, {}), after.get(name, {})
        else:
            self.result["users"] = [users[user["name"]] for user in wanted if user["name"] in users]
            before, after = {"users": before}, {"users": after}
        if self.module._diff:
            self.result["diff"] = compare.diff_with_summary(before, after, self.subject(), lines)
