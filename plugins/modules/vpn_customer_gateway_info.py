#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_customer_gateway_info
short_description: List customer gateways of Huawei Cloud VPN
version_added: 0.1.0
description:
  - Lists customer gateways (API "Querying a Specified Customer Gateway" and "Querying the Customer Gateway List"),
    reading every page of the list.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the customer gateway with this ID (an empty list when there is none).
    type: str
  name:
    description:
      - Return only customer gateways with this name.
    type: str
  id_value:
    description:
      - Return only customer gateways with this identifier (IP address or FQDN).
    type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All customer gateways
  hwcloud.vpn.vpn_customer_gateway_info:
  register: customer_gateways

- name: The customer gateway of one office
  hwcloud.vpn.vpn_customer_gateway_info:
    id_value: 203.0.113.10
  register: paris
"""

RETURN = r"""
customer_gateways:
  description:
    - The customer gateways, as the API describes them (API "Querying a Specified Customer Gateway"); see
      M(hwcloud.vpn.vpn_customer_gateway).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the customer gateway.
      type: str
    name:
      description: Name of the customer gateway.
      type: str
    id_type:
      description: C(ip) or C(fqdn).
      type: str
    id_value:
      description: The identifier.
      type: str
    bgp_asn:
      description: BGP AS number.
      type: int
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import by_id_or_list, run_info, select
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate


def gather(module, client):
    params = module.params
    validation.uuids(params, "id")
    gateways = by_id_or_list(client, module, api.CUSTOMER_GATEWAYS, "customer_gateway", lambda: iterate(
        client, api.CUSTOMER_GATEWAYS, "customer_gateways", MARKER))
    gateways = [g for g in select(gateways, module) if params["id_value"] in (None, g.get("id_value"))]
    return {"customer_gateways": gateways}


def main():
    run_info(dict(id=dict(type="str"), name=dict(type="str"), id_value=dict(type="str")), gather)


if __name__ == "__main__":
    main()
