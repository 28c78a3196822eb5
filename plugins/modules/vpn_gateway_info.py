#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_gateway_info
short_description: List S2C VPN gateways of Huawei Cloud VPN, with their routing tables
version_added: 0.1.0
description:
  - Lists site-to-cloud VPN gateways (API "Querying a Specified VPN Gateway" and "Querying the VPN Gateway List"),
    optionally with the routing table of each (API "Querying the Route Table of a VPN Gateway").
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the gateway with this ID (an empty list when there is none).
    type: str
  name:
    description:
      - Return only gateways with this name.
    type: str
  enterprise_project_id:
    description:
      - Return only gateways of these enterprise projects (C(0) is the default project).
    type: list
    elements: str
  routing_table:
    description:
      - Also read each returned gateway's routing table into its C(routing_table) key.
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All gateways
  hwcloud.vpn.vpn_gateway_info:
  register: all_gateways

- name: One gateway and the routes it has learnt
  hwcloud.vpn.vpn_gateway_info:
    name: hq-vpngw
    routing_table: true
  register: hq

- name: Show the public addresses of the gateway
  ansible.builtin.debug:
    msg: "{{ hq.vpn_gateways[0].eip1.ip_address }} and {{ hq.vpn_gateways[0].eip2.ip_address }}"
  when: hq.vpn_gateways and hq.vpn_gateways[0].network_type == 'public'
"""

RETURN = r"""
vpn_gateways:
  description:
    - The gateways, as the API describes them (API "Querying a Specified VPN Gateway"); see M(hwcloud.vpn.vpn_gateway)
      for the main fields.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the gateway.
      type: str
    name:
      description: Name of the gateway.
      type: str
    status:
      description: Status of the gateway.
      type: str
    routing_table:
      description:
        - Routes of the gateway (destination, nexthop, outbound_interface_ip, origin, as_path, med,
          nexthop_resource), added by this module when O(routing_table=true).
      type: list
      elements: dict
      returned: when O(routing_table=true)
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import by_id_or_list, run_info, select
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import NOT_PAGED, iterate


def gather(module, client):
    params = module.params
    validation.uuids(params, "id")
    for index, project in enumerate(params["enterprise_project_id"] or []):
        if project != "0":
            validation.uuid("enterprise_project_id[%d]" % index, project)
    projects = params["enterprise_project_id"]
    gateways = by_id_or_list(client, module, api.VPN_GATEWAYS, "vpn_gateway", lambda: iterate(
        client, api.VPN_GATEWAYS, "vpn_gateways", NOT_PAGED, {"enterprise_project_id": projects}))
    if params["id"] and projects:  # the list's query filters by project; a gateway read by id is filtered here
        gateways = [g for g in gateways if g.get("enterprise_project_id") in projects]
    gateways = select(gateways, module)
    if params["routing_table"]:
        for gateway in gateways:
            gateway["routing_table"] = client.read(
                "%s/%s/routing-table" % (api.VPN_GATEWAYS, path_quote(gateway["id"])), "routing_table", list)
    return {"vpn_gateways": gateways}


def main():
    run_info(dict(id=dict(type="str"), name=dict(type="str"),
                  enterprise_project_id=dict(type="list", elements="str"),
                  routing_table=dict(type="bool", default=False)), gather)


if __name__ == "__main__":
    main()
