#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: access_policy_info
short_description: List the access policies of a Huawei Cloud P2C VPN server
version_added: 0.1.0
description:
  - Lists the access policies of a VPN server (API "Querying a VPN Access Policy" and "Querying the VPN Access Policy
    List"), reading every page of the list.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the policy with this ID.
    type: str
  name:
    description:
      - Return only policies with this name.
    type: str
  user_group:
    description:
      - Return only the policies of the user group with this name.
    type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: What the engineers may reach
  hwcloud.vpn.access_policy_info:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    user_group: engineering
  register: policies
"""

RETURN = r"""
access_policies:
  description:
    - The policies, as the API describes them (API "Querying a VPN Access Policy"); see M(hwcloud.vpn.access_policy).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the policy.
      type: str
    name:
      description: Name of the policy.
      type: str
    user_group_name:
      description: Name of its user group.
      type: str
    dest_ip_cidrs:
      description: Destination CIDR blocks.
      type: list
      elements: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_server_items


def main():
    run_server_items("access_policies")


if __name__ == "__main__":
    main()
