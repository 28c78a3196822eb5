#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_connection_monitor_info
short_description: List VPN connection monitors of Huawei Cloud VPN
version_added: 0.1.0
description:
  - Lists the monitors of S2C VPN connections (API "Querying a VPN Connection Monitor" and "Querying the List of VPN
    Connection Monitors"), or gets one by ID.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - Return only the monitor with this ID (an empty list when there is none).
    type: str
  vpn_connection_id:
    description:
      - Return only the monitor of this VPN connection.
    type: str
  vpn_connection_name:
    description:
      - Return only the monitor of the VPN connection with this name, instead of O(vpn_connection_id); looked up
        among the connections of the gateway O(vgw_id) or O(vgw_name) when one is given.
    type: str
  vgw_id:
    description:
      - ID of the VPN gateway of the connection named by O(vpn_connection_name).
    type: str
  vgw_name:
    description:
      - Name of the VPN gateway of the connection named by O(vpn_connection_name), instead of O(vgw_id).
    type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All connection monitors
  hwcloud.vpn.vpn_connection_monitor_info:
  register: monitors

- name: The monitor of one connection
  hwcloud.vpn.vpn_connection_monitor_info:
    vgw_name: hq-vpngw
    vpn_connection_name: paris-bgp-1
  register: paris_monitor
"""

RETURN = r"""
connection_monitors:
  description:
    - The monitors, as the API describes them (API "Querying the List of VPN Connection Monitors"); see
      M(hwcloud.vpn.vpn_connection_monitor).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the monitor.
      type: str
    status:
      description: C(ACTIVE), C(PENDING_CREATE) or C(PENDING_DELETE).
      type: str
    vpn_connection_id:
      description: ID of the monitored connection.
      type: str
    type:
      description: Type of the monitored object, C(gateway).
      type: str
    source_ip:
      description: Source address of the probes.
      type: str
    destination_ip:
      description: Destination address of the probes.
      type: str
    proto_type:
      description: Probe protocol, C(icmp).
      type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, lookup, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import by_id_or_list, run_info


def gather(module, client):
    params = module.params
    validation.uuids(params, "id", "vpn_connection_id", "vgw_id")
    connection_id = params["vpn_connection_id"]
    if params["vpn_connection_name"]:
        vgw_id = params["vgw_id"]
        if params["vgw_name"]:
            vgw_id = lookup.gateway(client, name=params["vgw_name"])["id"]
        connection_id = lookup.connection(client, params["vpn_connection_name"], vgw_id)["id"]
    # The list is not paged (API: Querying the List of VPN Connection Monitors).
    monitors = by_id_or_list(client, module, api.CONNECTION_MONITORS, "connection_monitor", lambda: client.read(
        api.CONNECTION_MONITORS, "connection_monitors", list, {"vpn_connection_id": connection_id}))
    return {"connection_monitors": [m for m in monitors if connection_id in (None, m.get("vpn_connection_id"))]}


def main():
    run_info(dict(id=dict(type="str"), vpn_connection_id=dict(type="str"), vpn_connection_name=dict(type="str"),
                  vgw_id=dict(type="str"), vgw_name=dict(type="str")),
             gather, empty={"connection_monitors": []},
             mutually_exclusive=[["vpn_connection_id", "vpn_connection_name"], ["vgw_id", "vgw_name"]])


if __name__ == "__main__":
    main()
