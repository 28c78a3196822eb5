#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_user
short_description: Manage the VPN users of a Huawei Cloud P2C VPN server, one or hundreds in one task
version_added: 0.1.0
description:
  - Creates, updates and deletes the users of a VPN server that authenticates clients by password (API "User
    Management"), at most 500 per gateway.
  - Manages one user (O(name)) or a whole list (O(users)), optionally removing the users not listed (O(purge)),
    with the batch APIs. A task reads the users once and sends one batch create for all new users, one update
    per changed user, one password reset per user whose password is set again, and one batch delete.
  - Batch creation is all or nothing (API "Creating VPN Users in Batches"); when the API refuses users, every refused
    user is reported with its cause and none is created. The module checks what it can before any call (names,
    password rules, groups, static IPs), so that a task fails before it changes anything.
  - Passwords are write-only; they are never returned, logged or shown in diffs.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  name:
    description:
      - Name of the one user the task manages, 4 to 32 letters, digits, periods, underscores and hyphens, unique
        on the server. Not C(link), C(Cascade), C(SecureNAT), C(localbridge), C(administrator) (in any case) nor
        a name starting with C(L3SW_). Set this or O(users). A user cannot be renamed.
    type: str
  password:
    description:
      - Password of the user, needed to create it. 8 to 32 characters with at least two of upper-case letters,
        lower-case letters, digits and special characters (space and the ASCII punctuation of a keyboard, such as
        C(!), C(@), C(#), C(-) and C(_)); neither the user name nor the user name reversed. The service also
        refuses passwords it knows as weak.
      - Sent again to an existing user only with O(update_password=always).
    type: str
  description:
    description:
      - Description of the user, 0 to 64 letters, digits and underscores.
    type: str
  user_group:
    description:
      - Name of the user group of the user (M(hwcloud.vpn.p2c_user_group)). A user created without one is in the
        server's C(default) group, which is not a difference when the option is not set.
      - Changing the group of a connected user disconnects it.
    type: str
  static_ip:
    description:
      - Client address of the user, or V(disable) (the API's default) for one given out at connection time.
      - An address of the server's client CIDR block, the first host address of a /30 block (C(x.x.x.5),
        C(x.x.x.9)...), not the first address of the block (the gateway's), and not another user's.
    type: str
  users:
    description:
      - The users the task manages, each with the options of a single user. Set this or O(name).
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the user (see O(name)).
        type: str
        required: true
      password:
        description: Password of the user (see O(password)).
        type: str
      description:
        description: Description of the user (see O(description)).
        type: str
      user_group:
        description: Name of the user group of the user (see O(user_group)).
        type: str
      static_ip:
        description: Client address of the user (see O(static_ip)).
        type: str
  purge:
    description:
      - With O(users), delete the users of the server that are not listed.
    type: bool
    default: false
  update_password:
    description:
      - V(on_create) sends a password only to create a user. V(always) also resets the password of existing users (API
        "Resetting the Password of a VPN User"), which the module cannot compare since the API never returns it, so
        the task reports a change.
      - The API refuses to set a password that is the current one or one of the five latest (C(VPN.1311)); the
        module then leaves the password as it is and warns.
    type: str
    choices: [on_create, always]
    default: on_create
  state:
    description:
      - V(present) creates or updates the users, V(absent) deletes them (their clients are disconnected).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: One user
  hwcloud.vpn.p2c_user:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: alice
    password: "{{ alice_password }}"
    user_group: engineering
    description: Alice

- name: Exactly these users on the server, in one task
  hwcloud.vpn.p2c_user:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    users:
      - name: alice
        password: "{{ alice_password }}"
        user_group: engineering
      - name: bob.dupont
        password: "{{ bob_password }}"
        static_ip: 172.16.0.9
    purge: true

- name: Set a new password
  hwcloud.vpn.p2c_user:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: alice
    password: "{{ alice_new_password }}"
    update_password: always

- name: Remove a user
  hwcloud.vpn.p2c_user:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: bob.dupont
    state: absent
"""

RETURN = r"""
user:
  description:
    - With O(name), the user as the API describes it (API "Querying a VPN User"); empty after O(state=absent). No
      password.
    - In check mode, a create returns the user as it would be created (without id).
  returned: when O(name) is set
  type: dict
  contains:
    id:
      description: ID of the user.
      type: str
    name:
      description: Name of the user.
      type: str
    description:
      description: Description.
      type: str
    user_group_id:
      description: ID of the user's group.
      type: str
    user_group_name:
      description: Name of the user's group.
      type: str
    static_ip:
      description: Static client address, or C(disable).
      type: str
users:
  description:
    - With O(users), the listed users as the API describes them after the task (those that exist), in the order
      of O(users). No passwords.
  returned: when O(users) is set
  type: list
  elements: dict
created:
  description: Names of the users created (or to be created, in check mode).
  returned: always
  type: list
  elements: str
updated:
  description: Names of the users whose description, group or static IP changed.
  returned: always
  type: list
  elements: str
deleted:
  description: Names of the users deleted.
  returned: always
  type: list
  elements: str
passwords_updated:
  description: Names of the users whose password was reset (O(update_password=always)).
  returned: always
  type: list
  elements: str
summary:
  description:
    - The change in a few lines, which also head the diff (C(--- before) / C(+++ after) in C(--diff) output); first a
      headline with the counts of users created, updated (description or static IP), moved between groups, deleted,
      whose password is reset, and unchanged; then a line per kind with the names (a move with its groups). Never a
      password.
  returned: always
  type: list
  elements: str
  sample:
    - "VPN users of VPN server 7625fd92-2e20-4e4d-8c56-66f110fbfaa8: 2 created, 1 moved between groups, 1 deleted,
      1 passwords reset, 146 unchanged"
    - "  created (2): erin, frank"
    - "  moved between groups (1): alice (default -> engineering)"
    - "  deleted (1): dave"
    - "  passwords reset (1): bob"
moved:
  description: The users whose group changes, each with C(name), C(from) and C(to) (group names).
  returned: always
  type: list
  elements: dict
invalid_users:
  description:
    - When the batch create refused users, each refused user (name, description, user_group_name, static_ip) with
      the API's cause; none was created.
  returned: on failure of the batch create
  type: list
  elements: dict
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils import p2c
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.p2c_users import UserSet
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import new_client


def main():
    argument_spec = dict(
        name=dict(type="str"),
        password=dict(type="str", no_log=True),
        description=dict(type="str"),
        user_group=dict(type="str"),
        static_ip=dict(type="str"),
        users=dict(type="list", elements="dict", options=dict(
            name=dict(type="str", required=True), password=dict(type="str", no_log=True),
            description=dict(type="str"), user_group=dict(type="str"), static_ip=dict(type="str"))),
        purge=dict(type="bool", default=False),
        update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    argument_spec.update(p2c.server_options())
    argument_spec.update(auth_spec())
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_one_of=[["name", "users"], p2c.SERVER_OPTIONS],
                           mutually_exclusive=[["name", "users"], p2c.SERVER_OPTIONS,
                                               ["users", "password"], ["users", "description"],
                                               ["users", "user_group"], ["users", "static_ip"]])
    UserSet(module, new_client(module)).run()


if __name__ == "__main__":
    main()
