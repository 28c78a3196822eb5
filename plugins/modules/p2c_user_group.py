#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_user_group
short_description: Manage the VPN user groups of a Huawei Cloud P2C VPN server, and their members
version_added: 0.1.0
description:
  - Creates, renames, describes and deletes the user groups of a VPN server that authenticates users by password (API
    "Creating a VPN User Group", "Querying a VPN User Group", "Querying the VPN User Group List", "Modifying a VPN
    User Group", "Deleting a VPN User Group"), at most 50 per server with the default group.
  - Manages the members of a group with O(users) (API "Adding a VPN User to a Group", "Removing a VPN User from a
    Group", "Querying VPN Users in a Group"), adding and removing only the difference. A user belongs to one group; a
    user listed here who is in another custom group is moved out of it.
  - The server's C(default) group, where users without a group are, cannot be changed or deleted.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the group. When set, the group must exist; it is never created from an id.
    type: str
  name:
    description:
      - Name of the group, 1 to 64 letters, digits, underscores and hyphens, unique on the server.
      - Identifies the group when O(id) is not set; with O(id), a different name renames it.
    type: str
  description:
    description:
      - Description, 0 to 64 letters, digits and ASCII punctuation (such as C(-), C(_), C(&) and C(/)), without
        spaces.
    type: str
  users:
    description:
      - Names of the VPN users of the group. Only the users to add or remove are sent.
      - Without O(purge_users), members not listed stay; with it, they are removed (and go back to the default
        group). Not set, membership is left alone.
    type: list
    elements: str
  purge_users:
    description:
      - Whether to remove the members that are not in O(users).
    type: bool
    default: false
  user_groups:
    description:
      - Several groups of the server in one task, instead of O(id) and O(name). Each item is one group with the
        task's other options (O(description), O(users), O(purge_users), O(state)), the item's own over them; no two
        items may have the same O(user_groups[].name) or O(user_groups[].id).
      - All are found with one list call and all are checked before the first write; then the missing ones are
        created and the others updated (or, with O(state=absent), deleted), in the order listed.
      - The result is then RV(user_groups), and diffs are keyed by name (by id for an item with only an id).
    type: list
    elements: dict
    suboptions:
      id:
        description: As O(id), for this group. Set this or O(user_groups[].name).
        type: str
      name:
        description: As O(name), for this group.
        type: str
      description:
        description: As O(description), for this group.
        type: str
      users:
        description: As O(users), for this group.
        type: list
        elements: str
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it; its users go back to the default group.
      - A group that an access policy uses cannot be deleted (C(VPN.1313)); delete the policy first.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: A group for the engineers, with exactly these members
  hwcloud.vpn.p2c_user_group:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: engineering
    description: Engineers
    users: [alice]
    purge_users: true

- name: Delete it (after its access policies)
  hwcloud.vpn.p2c_user_group:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: engineering
    state: absent

- name: Three groups in one task
  hwcloud.vpn.p2c_user_group:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    user_groups:
      - {name: support, description: Support}
      - {name: sales}
      - {name: finance}

- name: Delete two of them in one task
  hwcloud.vpn.p2c_user_group:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    state: absent
    user_groups:
      - {name: sales}
      - {name: finance}
"""

RETURN = r"""
user_group:
  description:
    - The group as the API describes it (API "Querying a VPN User Group"); empty after O(state=absent).
  returned: when O(user_groups) is not set
  type: dict
  contains:
    id:
      description: ID of the group.
      type: str
    name:
      description: Name of the group.
      type: str
    description:
      description: Description.
      type: str
    type:
      description: C(Default) for the default group, C(Custom) for the others.
      type: str
    user_number:
      description: Number of users in the group.
      type: int
users:
  description: The members of the group (id, name, description) as the API lists them (API "Querying VPN Users in a
               Group").
  returned: when O(users) is set
  type: list
  elements: dict
user_groups:
  description:
    - With O(user_groups), the groups in the order listed, each as RV(user_group) (an empty dictionary for one
      deleted or absent).
  returned: when O(user_groups) is set
  type: list
  elements: dict
summary:
  description:
    - With O(user_groups), the change in a few lines, which also head the diff; first a headline with the counts of
      groups created, updated, deleted and unchanged, then a line per kind with the names (an update with the
      options it changes).
  returned: when O(user_groups) is set
  type: list
  elements: str
  sample:
    - "VPN user groups: 1 created, 1 unchanged"
    - "  created (1): operations"
created:
  description:
    - With O(user_groups), the groups created (or to be created, in check mode), by name (by id for an item with only an
      id), in the order listed.
  returned: when O(user_groups) is set
  type: list
  elements: str
updated:
  description:
    - With O(user_groups), the groups updated (or to be updated), by name (by id for an item with only an id), in the
      order listed.
  returned: when O(user_groups) is set
  type: list
  elements: str
deleted:
  description:
    - With O(user_groups), the groups deleted (or to be deleted), by name (by id for an item with only an id), in the
      order listed.
  returned: when O(user_groups) is set
  type: list
  elements: str
"""

import re

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (Companion, ResourceModule, ResourceSet,
                                                                           ResourceSpec, run_module)

DESCRIPTION_PATTERN = re.compile(r"""^[A-Za-z0-9`~!@#$%^&*()\-_=+\\|\[{}\];:'",<.>/?]{0,64}\Z""")


class Members(Companion):
    """The users of the group: the difference is added and removed (one request each way)."""

    key = "users"

    def _path(self, resource):
        return "%s/%s/groups/%s" % (api.VPN_SERVERS, path_quote(self.owner.params["vpn_server_id"]),
                                    path_quote(resource["id"]))

    def read(self, resource):
        return list(iterate(self.client, self._path(resource) + "/users", "users", MARKER))

    def view(self, current):
        return sorted(user["name"] for user in current or [])

    def desired_view(self, current):
        wanted = set(self.wanted)
        if not self.owner.params["purge_users"]:
            wanted |= set(self.view(current))
        return sorted(wanted)

    def apply(self, resource, current):
        have, want = set(self.view(current)), set(self.desired_view(current))
        users = self.owner.server_users
        removing = sorted(have - want)
        if removing:
            self._remove(self._path(resource), [users[name] for name in removing])
        adding = [users[name] for name in sorted(want - have)]
        # A user is in one group: those in another custom group leave it first (else VPN.1304).
        elsewhere = {}
        for user in adding:
            if user.get("user_group_id") != resource["id"] and user.get("user_group_name") != "default":
                elsewhere.setdefault(user["user_group_id"], []).append(user)
        for group_id, leaving in sorted(elsewhere.items()):
            self._remove("%s/%s/groups/%s" % (api.VPN_SERVERS, path_quote(self.owner.params["vpn_server_id"]),
                                              path_quote(group_id)), leaving)
        if adding:
            self._change(self._path(resource), "add-users", adding)
        return self.read(resource)

    def _remove(self, group_path, users):
        self._change(group_path, "remove-users", users)

    def _change(self, group_path, action, users):
        """Add users to a group or remove them. After a lost answer the group's members are read: the change took
        effect if all the users are in it (added) or none is (removed); else it is sent again. (A removal sent
        again would fail with VPN.1305, not a member.)"""
        ids = set(user["id"] for user in users)

        def recover():
            members = set(user["id"] for user in iterate(self.client, group_path + "/users", "users", MARKER))
            done = ids <= members if action == "add-users" else not ids & members
            return {} if done else None

        self.client.request("POST", "%s/%s" % (group_path, action), recover=recover,
                            body={"users": [{"id": user["id"]} for user in users]})


class UserGroup(ResourceModule):
    spec = ResourceSpec(
        kind="VPN user group", body_key="user_group", list_key="user_groups",
        path=api.VPN_SERVERS + "/{vpn_server_id}/groups", scope=("vpn_server_id",), pagination=MARKER,
        client_token=True,
        create_defaults={"description": "", "type": "Custom", "user_number": 0},
        fields={"name": Field(update=PUT), "description": Field(update=PUT)})
    companions = (Members,)

    def validate(self):
        p = self.params
        p2c.check_server_options(p)
        validation.uuid("id", p["id"])
        validation.name("name", p["name"], pattern=p2c.NAME_PATTERN, rule=p2c.NAME_RULE)
        if p["description"] is not None:
            validation.check(DESCRIPTION_PATTERN.match(p["description"]) is not None, "description",
                             "%r must be 0 to 64 letters, digits and the characters `~!@#$%%^&*()-_=+\\|[{}];:'\","
                             "<.>/?" % (p["description"],))
        for index, name in enumerate(p["users"] or []):
            p2c.check_user_name("users[%d]" % index, name)
        validation.check(len(set(p["users"] or [])) == len(p["users"] or []), "users", "a user is listed twice.")
        validation.check(not p["purge_users"] or p["users"] is not None, "purge_users", "needs users.")

    def resolve(self):
        server = p2c.resolve_usable_server(self.client, self.params)
        if self.params["users"] is None or self.params["state"] == "absent":
            return
        p2c.require_local_password(server, "users and user groups")
        self.server_users = dict((user["name"], user) for user in iterate(
            self.client, "%s/%s/users" % (api.VPN_SERVERS, path_quote(server["id"])), "users", MARKER))
        unknown = [name for name in self.params["users"] if name not in self.server_users]
        validation.check(not unknown, "users", "VPN server %s has no user named %s." % (
            server["id"], ", ".join(unknown)))

    def validate_update(self, resource, found_changes):
        if resource.get("type") == "Default" and (found_changes or self.params["users"] is not None):
            raise ValidationError("name", "the default group of a server cannot be changed (VPN.1316); its members "
                                          "are the users without another group.")


class UserGroupSet(ResourceSet):
    """The groups listed in `user_groups`, found with one list call."""

    member_class = UserGroup
    items_option = "user_groups"


def choose_task(params):
    """One group, or with `user_groups` the set the task lists."""
    return UserGroupSet if params.get("user_groups") is not None else UserGroup


def main():
    options = dict(name=dict(type="str"), description=dict(type="str"), users=dict(type="list", elements="str"),
                   purge_users=dict(type="bool", default=False),
                   user_groups=dict(type="list", elements="dict", required_one_of=[["id", "name"]], options=dict(
                       id=dict(type="str"), name=dict(type="str"), description=dict(type="str"),
                       users=dict(type="list", elements="str"))))
    options.update(p2c.server_options())
    run_module(UserGroup, options, choose=choose_task,
               required_one_of=[["id", "name", "user_groups"], p2c.SERVER_OPTIONS],
               mutually_exclusive=[p2c.SERVER_OPTIONS, ["user_groups", "id"], ["user_groups", "name"]])


if __name__ == "__main__":
    main()
