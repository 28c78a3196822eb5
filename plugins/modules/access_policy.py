#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: access_policy
short_description: Manage the access policies of a Huawei Cloud P2C VPN server
version_added: 0.1.0
description:
  - Creates, updates and deletes the access policies of a VPN server (API "Access Policy"), which say what destination
    CIDR blocks the users of a user group may reach. At most 100 policies per server.
  - Every field can be changed in place.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the policy. When set, the policy must exist; it is never created from an id.
    type: str
  name:
    description:
      - Name of the policy (the reference sets no rule for it). Identifies the policy when O(id) is not set; with
        O(id), a different name renames it.
    type: str
  user_group:
    description:
      - Name of the user group the policy applies to (M(hwcloud.vpn.p2c_user_group)). Set this or O(user_group_id)
        to create a policy.
    type: str
  user_group_id:
    description:
      - ID of the user group the policy applies to, instead of O(user_group).
    type: str
  dest_ip_cidrs:
    description:
      - IPv4 CIDR blocks the group's users may reach, 1 to 10, none in V(0.0.0.0/8), V(127.0.0.0/8),
        V(224.0.0.0/4) or V(240.0.0.0/4). Needed to create the policy. Compared as a set.
    type: list
    elements: str
  description:
    description:
      - Description of the policy (the reference sets no rule for it).
    type: str
  access_policies:
    description:
      - Several policies of the server in one task, instead of O(id) and O(name). Each item is one policy with the
        task's other options (O(user_group), O(dest_ip_cidrs), O(description), O(state)), the item's own over
        them; no two items may have the same O(access_policies[].name) or O(access_policies[].id).
      - All are found with one list call and all are checked before the first write; then the missing ones are
        created and the others updated (or, with O(state=absent), deleted), in the order listed.
      - In check mode, a policy whose user group does not exist yet (created by an earlier task of the run) is
        reported as a create, the others as usual.
      - The result is then RV(access_policies), and diffs are keyed by name (by id for an item with only an id).
    type: list
    elements: dict
    suboptions:
      id:
        description: As O(id), for this policy. Set this or O(access_policies[].name).
        type: str
      name:
        description: As O(name), for this policy.
        type: str
      user_group:
        description: As O(user_group), for this policy.
        type: str
      user_group_id:
        description: As O(user_group_id), for this policy.
        type: str
      dest_ip_cidrs:
        description: As O(dest_ip_cidrs), for this policy.
        type: list
        elements: str
      description:
        description: As O(description), for this policy.
        type: str
  state:
    description:
      - V(present) creates or updates the policy, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Engineers reach the application and database subnets
  hwcloud.vpn.access_policy:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: engineering-apps
    user_group: engineering
    dest_ip_cidrs: [192.168.0.0/24, 192.168.1.0/24]
    description: Application and database subnets

- name: Remove the policy
  hwcloud.vpn.access_policy:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: engineering-apps
    state: absent

- name: Two policies of the engineers in one task
  hwcloud.vpn.access_policy:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    user_group: engineering
    access_policies:
      - {name: engineering-web, dest_ip_cidrs: [192.168.0.0/24]}
      - {name: engineering-db, dest_ip_cidrs: [192.168.1.0/24], description: Databases}
  register: policies

- name: Remove them in one task
  hwcloud.vpn.access_policy:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    state: absent
    access_policies:
      - {name: engineering-web}
      - {id: "{{ policies.access_policies[1].id }}"}
"""

RETURN = r"""
converged_from_duplicate:
  description:
    - ID of the policy this run created and then deleted because another run created one with the same name at the
      same time (the API does not keep names unique). Both runs keep the oldest, which the result describes.
  returned: when a run started at the same time created the same policy
  type: str
  sample: 9f4a3c1e-2b7d-4e58-a6c0-1d2e3f4a5b6c
access_policy:
  description:
    - The policy as the API describes it (API "Querying a VPN Access Policy"); empty after O(state=absent).
    - In check mode, a create returns the policy as it would be created (without id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the policy.
      type: str
    name:
      description: Name of the policy.
      type: str
    type:
      description: C(Custom) (or C(Default) for a policy of the service).
      type: str
    user_group_id:
      description: ID of the user group.
      type: str
    user_group_name:
      description: Name of the user group.
      type: str
    dest_ip_cidrs:
      description: Destination CIDR blocks.
      type: list
      elements: str
    description:
      description: Description.
      type: str
access_policies:
  description:
    - With O(access_policies), the policies in the order listed, each as RV(access_policy) (an empty dictionary for
      one deleted or absent).
  returned: when O(access_policies) is set
  type: list
  elements: dict
summary:
  description:
    - With O(access_policies), the change in a few lines, which also head the diff; first a headline with the counts
      of policies created, updated, deleted and unchanged, then a line per kind with the names (an update with the
      options it changes).
  returned: when O(access_policies) is set
  type: list
  elements: str
  sample:
    - "access policies: 2 created"
    - "  created (2): engineering-web, engineering-db"
created:
  description:
    - With O(access_policies), the policies created (or to be created, in check mode), by name (by id for an item with
      only an id), in the order listed.
  returned: when O(access_policies) is set
  type: list
  elements: str
updated:
  description:
    - With O(access_policies), the policies updated (or to be updated), by name (by id for an item with only an id), in
      the order listed.
  returned: when O(access_policies) is set
  type: list
  elements: str
deleted:
  description:
    - With O(access_policies), the policies deleted (or to be deleted), by name (by id for an item with only an id), in
      the order listed.
  returned: when O(access_policies) is set
  type: list
  elements: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, lookup, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field, cidr_set
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (ResourceModule, ResourceSet, ResourceSpec,
                                                                           run_module)


class AccessPolicy(ResourceModule):
    spec = ResourceSpec(
        kind="access policy", kinds="access policies", body_key="access_policy", list_key="access_policies",
        path=api.VPN_SERVERS + "/{vpn_server_id}/access-policies", scope=("vpn_server_id",), pagination=MARKER,
        client_token=True, not_found=api.ACCESS_POLICY_NOT_FOUND, names_unique=False,
        create_defaults={"type": "Custom", "description": ""},
        fields={
            "name": Field(update=PUT),
            "user_group_id": Field(update=PUT),
            "dest_ip_cidrs": Field(update=PUT, normalize=cidr_set),
            "description": Field(update=PUT),
        })

    def validate(self):
        p = self.params
        p2c.check_server_options(p)
        for option in ("id", "user_group_id"):
            validation.uuid(option, p[option])
        validation.check(p["name"] != "", "name", "cannot be empty.")
        validation.length("name", p["name"], 1, 64)
        validation.length("description", p["description"], 0, 255)
        if p["dest_ip_cidrs"] is not None:
            p2c.check_blocks("dest_ip_cidrs", p["dest_ip_cidrs"], 10)

    def validate_create(self):
        validation.check(self.params["user_group_id"] is not None or self.planned_parent is not None, "user_group",
                         "a user group (user_group or user_group_id) is needed to create an access policy.")
        validation.check(self.params["dest_ip_cidrs"] is not None, "dest_ip_cidrs",
                         "is needed to create an access policy.")

    def resolve(self):
        server = p2c.resolve_usable_server(self.client, self.params)
        group_name = self.params["user_group"]
        if group_name is None or self.params["state"] == "absent":
            return
        groups = [g for g in iterate(self.client, "%s/%s/groups" % (api.VPN_SERVERS, path_quote(server["id"])),
                                     "user_groups", MARKER) if g["name"] == group_name]
        if not groups:
            raise lookup.MissingParent("user_group", "VPN server %s has no user group named %r." % (
                server["id"], group_name), "user group %r" % group_name)
        self.params["user_group_id"] = groups[0]["id"]


class AccessPolicySet(ResourceSet):
    """The policies listed in `access_policies`, found with one list call."""

    member_class = AccessPolicy
    items_option = "access_policies"

    def member_params(self, item):
        params = super().member_params(item)
        # An item's user group, by name or by id, replaces the task's whichever way the task gives it.
        if item.get("user_group") is not None or item.get("user_group_id") is not None:
            params["user_group"], params["user_group_id"] = item.get("user_group"), item.get("user_group_id")
        return params


def choose_task(params):
    """One policy, or with `access_policies` the set the task lists."""
    return AccessPolicySet if params.get("access_policies") is not None else AccessPolicy


def main():
    options = dict(name=dict(type="str"), user_group=dict(type="str"), user_group_id=dict(type="str"),
                   dest_ip_cidrs=dict(type="list", elements="str"), description=dict(type="str"),
                   access_policies=dict(type="list", elements="dict", required_one_of=[["id", "name"]],
                                        mutually_exclusive=[["user_group", "user_group_id"]], options=dict(
                                            id=dict(type="str"), name=dict(type="str"), user_group=dict(type="str"),
                                            user_group_id=dict(type="str"),
                                            dest_ip_cidrs=dict(type="list", elements="str"),
                                            description=dict(type="str"))))
    options.update(p2c.server_options())
    run_module(AccessPolicy, options, choose=choose_task,
               required_one_of=[["id", "name", "access_policies"], p2c.SERVER_OPTIONS],
               mutually_exclusive=[p2c.SERVER_OPTIONS, ["user_group", "user_group_id"], ["access_policies", "id"],
                                   ["access_policies", "name"]])


if __name__ == "__main__":
    main()
