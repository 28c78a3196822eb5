#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_user_info
short_description: List the VPN users of a Huawei Cloud P2C VPN server
version_added: 0.1.0
description:
  - Lists the users of a VPN server (API "Querying a VPN User" and "Querying the VPN User List"), reading every page
    of the list. The API never returns passwords.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the user with this ID.
    type: str
  name:
    description:
      - Return only the user with this name.
    type: str
  user_group:
    description:
      - Return only the users of the user group with this name.
    type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: The users of a gateway's server
  hwcloud.vpn.p2c_user_info:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
  register: vpn_users

- name: The engineers
  hwcloud.vpn.p2c_user_info:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    user_group: engineering
  register: engineers
"""

RETURN = r"""
users:
  description:
    - The users, as the API describes them (API "Querying a VPN User"); see M(hwcloud.vpn.p2c_user).
  returned: always
  type: list
  elements: dict
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
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_server_items


def main():
    run_server_items("users")


if __name__ == "__main__":
    main()
