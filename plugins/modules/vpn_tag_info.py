#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_tag_info
short_description: List the tag keys and values used by VPN resources in the project
version_added: 0.1.0
description:
  - Lists the tags in use on VPN resources of the project, per resource type (API "Querying Project Tags"), with every
    value each key has. Useful to see which tags exist before searching with M(hwcloud.vpn.vpn_resource_info).
  - The tags of one resource are returned by the resource's own module and C(*_info) module.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  resource_type:
    description:
      - The resource types whose tags to list, as the tag API names them. V(vpn-gateway) is the S2C VPN gateway,
        V(customer-gateway) the customer gateway, V(vpn-connection) the S2C VPN connection and
        V(p2c-vpn-gateways) the P2C VPN gateway. One request is sent per type.
    type: list
    elements: str
    choices: [vpn-gateway, customer-gateway, vpn-connection, p2c-vpn-gateways]
    default: [vpn-gateway, customer-gateway, vpn-connection, p2c-vpn-gateways]
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Tags used anywhere in VPN
  hwcloud.vpn.vpn_tag_info:
  register: vpn_tags

- name: The sites that have VPN gateways
  ansible.builtin.debug:
    msg: "{{ vpn_tags.by_type['vpn-gateway'] | selectattr('key', 'equalto', 'site') | map(attribute='values') | flatten }}"

- name: Tags of customer gateways only
  hwcloud.vpn.vpn_tag_info:
    resource_type: customer-gateway
  register: customer_gateway_tags
"""

RETURN = r"""
tags:
  description:
    - The tags of all the O(resource_type) types together, sorted by key; each key with every value it has on
      any of them.
  returned: always
  type: list
  elements: dict
  contains:
    key:
      description: Tag key.
      type: str
      sample: site
    values:
      description: The values of the key.
      type: list
      elements: str
      sample: [paris, lyon]
by_type:
  description:
    - The API's answer for each resource type (API "Querying Project Tags"), keyed by type.
  returned: always
  type: dict
  sample: {"vpn-gateway": [{"key": "site", "values": ["paris"]}], "customer-gateway": []}
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info

RESOURCE_TYPES = ["vpn-gateway", "customer-gateway", "vpn-connection", "p2c-vpn-gateways"]


def gather(module, client):
    by_type, merged = {}, {}
    for resource_type in dict.fromkeys(module.params["resource_type"]):
        tags = client.read(api.RESOURCE_TYPE % resource_type + "/tags", "tags", list)
        by_type[resource_type] = tags
        for tag in tags:
            values = merged.setdefault(tag["key"], [])
            for value in tag.get("values") or []:
                if value not in values:
                    values.append(value)
    return {"tags": [{"key": key, "values": merged[key]} for key in sorted(merged)], "by_type": by_type}


def main():
    run_info(dict(resource_type=dict(type="list", elements="str", choices=RESOURCE_TYPES, default=RESOURCE_TYPES)),
             gather)


if __name__ == "__main__":
    main()
