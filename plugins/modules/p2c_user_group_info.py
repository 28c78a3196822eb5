#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_user_group_info
short_description: List the VPN user groups of a Huawei Cloud P2C VPN server
version_added: 0.1.0
description:
  - Lists the user groups of a VPN server (API "Querying a VPN User Group" and "Querying the VPN User Group List"),
    reading every page of the list, optionally with their members (API "Querying VPN Users in a Group").
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the group with this ID.
    type: str
  name:
    description:
      - Return only the group with this name.
    type: str
  users:
    description:
      - Also read each returned group's members into its C(users) key.
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: The groups of a gateway's server, with their members
  hwcloud.vpn.p2c_user_group_info:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    users: true
  register: groups
"""

RETURN = r"""
user_groups:
  description:
    - The groups, as the API describes them (API "Querying a VPN User Group"); see M(hwcloud.vpn.p2c_user_group).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the group.
      type: str
    name:
      description: Name of the group.
      type: str
    type:
      description: C(Default) or C(Custom).
      type: str
    user_number:
      description: Number of users.
      type: int
    users:
      description: The members (id, name, description), added by this module.
      type: list
      elements: dict
      returned: when O(users=true)
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info, select
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate


def gather(module, client):
    p2c.check_server_options(module.params)
    validation.uuids(module.params, "id")
    server = p2c.resolve_server(client, module.params)
    path = "%s/%s/groups" % (api.VPN_SERVERS, path_quote(server["id"]))
    groups = select(list(iterate(client, path, "user_groups", MARKER)), module)
    if module.params["users"]:
        for group in groups:
            group["users"] = list(iterate(client, "%s/%s/users" % (path, path_quote(group["id"])), "users", MARKER))
    return {"user_groups": groups}


def main():
    options = dict(id=dict(type="str"), name=dict(type="str"), users=dict(type="bool", default=False))
    options.update(p2c.server_options())
    run_info(options, gather, empty={"user_groups": []}, required_one_of=[p2c.SERVER_OPTIONS],
             mutually_exclusive=[p2c.SERVER_OPTIONS])


if __name__ == "__main__":
    main()
