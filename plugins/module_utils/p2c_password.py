# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A VPN user changing their own password with the old one (API "Changing the Password of a VPN User").

The API never returns a password, so whether the new one is already in effect is asked of the API itself: a change
from the new password to itself writes nothing (the API refuses a new password equal to the old one, VPN.1311), and
the API checks the old password first (VPN.1312 when it is not the current one)."""

from dataclasses import dataclass
from typing import Any, Optional

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, p2c
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import Task

SAME_AS_OLD = "VPN.1311"  # the new password is the current one (or one of the latest five)
OLD_INCORRECT = "VPN.1312"


@dataclass
class PasswordPlan:
    user: dict
    changed: bool


class PasswordChange(Task):
    """Options: vpn_server_id or p2c_vgw_id, name, old_password, new_password."""

    server: Optional[dict] = None

    def describe(self) -> str:
        return "the password of VPN user %r" % self.params["name"]

    def validate(self) -> None:
        p2c.check_server_options(self.params)
        p2c.check_user_name("name", self.params["name"])
        p2c.check_password("new_password", self.params["name"], self.params["new_password"])

    def resolve(self) -> None:
        self.server = p2c.resolve_usable_server(self.client, self.params)
        p2c.require_local_password(self.server, "VPN users")

    def find(self) -> dict:
        users_path = "%s/%s/users" % (api.VPN_SERVERS, path_quote(self.server["id"]))
        user = next((u for u in iterate(self.client, users_path, "users", MARKER)
                     if u.get("name") == self.params["name"]), None)
        if user is None:
            raise ValidationError("name", "VPN server %s has no user named %r." % (self.server["id"],
                                                                                   self.params["name"]))
        return user

    def change(self, user: dict, old: str, new: str) -> None:
        path = "%s/%s/users/%s/password" % (api.VPN_SERVERS, path_quote(self.server["id"]), path_quote(user["id"]))
        self.client.request("PUT", path, body={"old_password": old, "new_password": new})

    def plan(self, current: dict) -> PasswordPlan:
        self.doing = "Changing %s" % self.describe()
        if self.module.check_mode:  # the probe below is a PUT: check mode sends none
            return PasswordPlan(current, True)
        try:
            self.change(current, self.params["new_password"], self.params["new_password"])
        except ApiError as error:
            if error.error_code == SAME_AS_OLD:
                return PasswordPlan(current, False)
            if error.error_code == OLD_INCORRECT:
                return PasswordPlan(current, True)
            raise
        return PasswordPlan(current, False)  # the API took the password as its own successor: it was in effect

    def apply(self, plan: PasswordPlan) -> PasswordPlan:
        try:
            self.change(plan.user, self.params["old_password"], self.params["new_password"])
        except ApiError as error:
            if error.error_code == OLD_INCORRECT:
                raise ValidationError("old_password", "is not the current password of VPN user %r (%s %s, request "
                                                      "id %s)." % (self.params["name"], error.error_code,
                                                                   error.error_msg, error.request_id))
            if error.error_code == SAME_AS_OLD:
                raise ValidationError("new_password", "was one of the latest five passwords of VPN user %r (%s %s)."
                                      % (self.params["name"], error.error_code, error.error_msg))
            raise
        self.mark_changed()
        return plan

    def report(self, plan: PasswordPlan, outcome: Any) -> None:
        self.result.update(changed=plan.changed, user=plan.user)
        if self.module._diff:
            # A password is never shown: the diff says whether it changes.
            self.result["diff"] = {"before": {"password_changed": False}, "after": {"password_changed": plan.changed}}
