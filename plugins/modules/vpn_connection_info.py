#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_connection_info
short_description: List S2C VPN connections of Huawei Cloud VPN, with their logs
version_added: 0.1.0
description:
  - Lists site-to-cloud VPN connections (API "Querying a Specified VPN Connection" and "Querying the VPN Connection
    List"), reading every page of the list, or gets one by ID.
  - With O(logs=true), adds each connection's logs (API "Querying VPN Connection Logs"), one call per connection.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the connection with this ID (an empty list when there is none).
    type: str
  name:
    description:
      - Return only connections with this name.
    type: str
  vgw_id:
    description:
      - Return only the connections of this VPN gateway.
    type: str
  vgw_name:
    description:
      - Return only the connections of the VPN gateway with this name, instead of O(vgw_id).
    type: str
  vgw_ip:
    description:
      - Return only the connections using this gateway address, an EIP ID (public gateway) or a private address
        (private gateway), as the API filters.
    type: str
  cgw_id:
    description:
      - Return only the connections to this customer gateway.
    type: str
  logs:
    description:
      - Whether to add each connection's logs as RV(vpn_connections[].logs). One more call per connection, so
        filter the list (by O(id), O(name) or the gateway) when the account has many connections.
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All connections
  hwcloud.vpn.vpn_connection_info:
  register: connections

- name: The connections of one gateway
  hwcloud.vpn.vpn_connection_info:
    vgw_name: hq-vpngw
  register: hq

- name: One connection and its logs, to see why it is down
  hwcloud.vpn.vpn_connection_info:
    vgw_name: hq-vpngw
    name: paris-1
    logs: true
  register: paris

- name: Show the log lines
  ansible.builtin.debug:
    msg: "{{ paris.vpn_connections[0].logs | map(attribute='raw_message') | list }}"
"""

RETURN = r"""
vpn_connections:
  description:
    - The connections, as the API describes them (API "Querying the VPN Connection List"); see
      M(hwcloud.vpn.vpn_connection). Never holds a pre-shared key.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the connection.
      type: str
    name:
      description: Name of the connection.
      type: str
    status:
      description: C(ACTIVE), C(DOWN), C(ERROR), or a pending status.
      type: str
    vgw_id:
      description: ID of the VPN gateway.
      type: str
    vgw_ip:
      description: EIP ID or private address of the gateway the connection uses.
      type: str
    style:
      description: Connection mode, in upper case.
      type: str
    cgw_id:
      description: ID of the customer gateway.
      type: str
    ikepolicy:
      description: The IKE policy.
      type: dict
    ipsecpolicy:
      description: The IPsec policy.
      type: dict
    logs:
      description:
        - With O(logs=true), the connection's logs (API "Querying VPN Connection Logs"), each with C(time) (a UNIX
          timestamp) and C(raw_message) (time, node, process and event).
      returned: when O(logs=true)
      type: list
      elements: dict
      sample:
        - time: 1735024112
          raw_message: "2024-12-24T07:08:32.730275+00:00 host-10-0-0-1 ipsec_ike[30085]: [88.88.1.1] IPsec tunnel
            negotiation fails. (Reason=[version mismatch])"
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, lookup, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info, select
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate


def gather(module, client):
    params = module.params
    validation.uuids(params, "id", "vgw_id", "cgw_id")
    vgw_id = params["vgw_id"]
    if params["vgw_name"]:
        vgw_id = lookup.gateway(client, name=params["vgw_name"])["id"]
    if params["id"]:
        found = api.get_or_none(client, "%s/%s" % (api.VPN_CONNECTIONS, path_quote(params["id"])), "vpn_connection")
        connections = [found] if found else []
    else:
        connections = list(iterate(client, api.VPN_CONNECTIONS, "vpn_connections", MARKER,
                                   {"vgw_id": vgw_id, "vgw_ip": params["vgw_ip"]}))
    connections = [c for c in select(connections, module)
                   if vgw_id in (None, c.get("vgw_id")) and params["vgw_ip"] in (None, c.get("vgw_ip"))
                   and params["cgw_id"] in (None, c.get("cgw_id"))]
    if params["logs"]:
        for connection in connections:
            path = "%s/%s/log" % (api.VPN_CONNECTIONS, path_quote(connection["id"]))
            connection["logs"] = client.read(path, "logs", list)
    return {"vpn_connections": connections}


def main():
    run_info(dict(id=dict(type="str"), name=dict(type="str"), vgw_id=dict(type="str"), vgw_name=dict(type="str"),
                  vgw_ip=dict(type="str"), cgw_id=dict(type="str"), logs=dict(type="bool", default=False)),
             gather, empty={"vpn_connections": []}, mutually_exclusive=[["vgw_id", "vgw_name"]])


if __name__ == "__main__":
    main()
