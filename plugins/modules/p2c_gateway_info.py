#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_gateway_info
short_description: List P2C VPN gateways of Huawei Cloud VPN, their AZs, client connections and log configuration
version_added: 0.1.0
description:
  - Lists point-to-cloud VPN gateways (API "Querying a P2C VPN Gateway" and "Querying the P2C VPN Gateway List"),
    reading every page of the list, and the AZs where P2C gateways are offered (API "Querying the AZs of P2C VPN
    Gateways").
  - Optionally reads the client connections of each returned gateway (API "Querying the Connections of a P2C VPN
    Gateway") and its connection log configuration (API "Querying the Connection Log Configuration of a P2C VPN
    Gateway"). Connections are torn down with M(hwcloud.vpn.p2c_gateway_connection).
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
  connections:
    description:
      - Also read each returned gateway's client connections into its C(connections) key.
    type: bool
    default: false
  log_config:
    description:
      - Also read each returned gateway's connection log configuration into its C(log_config) key.
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Every P2C gateway, and the AZs that offer them
  hwcloud.vpn.p2c_gateway_info:
  register: p2c

- name: Who is connected to one gateway
  hwcloud.vpn.p2c_gateway_info:
    name: remote-access
    connections: true
  register: remote_access

- name: Show the connected users
  ansible.builtin.debug:
    msg: "{{ remote_access.p2c_vpn_gateways[0].connections | map(attribute='client_user_name') | list }}"
  when: remote_access.p2c_vpn_gateways | length > 0
"""

RETURN = r"""
p2c_vpn_gateways:
  description:
    - The gateways, as the API describes them (API "Querying a P2C VPN Gateway"); see M(hwcloud.vpn.p2c_gateway) for
      the main fields.
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
    eip:
      description: The EIP clients connect to.
      type: dict
    current_connection_number:
      description: Client connections now.
      type: int
    connections:
      description:
        - The client connections (connection_id, client_virtual_ip, client_ip, client_user_name, inbound and
          outbound packets and bytes, connection_established_time, timestamp), added by this module.
      type: list
      elements: dict
      returned: when O(connections=true)
    log_config:
      description: The connection log configuration (log_group_id, log_stream_id), empty when there is none.
      type: dict
      returned: when O(log_config=true)
availability_zones:
  description: The AZs that offer P2C VPN gateways.
  returned: always
  type: list
  elements: str
  sample: [cn-north-4a, cn-north-4b]
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import by_id_or_list, run_info, select
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, OFFSET, iterate


def gather(module, client):
    params = module.params
    validation.uuids(params, "id")
    gateways = select(by_id_or_list(client, module, api.P2C_GATEWAYS, "p2c_vpn_gateway", lambda: iterate(
        client, api.P2C_GATEWAYS, "p2c_vpn_gateways", MARKER)), module)
    for gateway in gateways:
        path = "%s/%s" % (api.P2C_GATEWAYS, path_quote(gateway["id"]))
        if params["connections"]:
            gateway["connections"] = list(iterate(client, path + "/connections", "connections", OFFSET))
        if params["log_config"]:
            gateway["log_config"] = client.read(path + "/log-config", "log_config")
    zones = client.read(api.P2C_GATEWAYS + "/availability-zones", "availability_zones", list)
    return {"p2c_vpn_gateways": gateways, "availability_zones": zones}


def main():
    run_info(dict(id=dict(type="str"), name=dict(type="str"), connections=dict(type="bool", default=False),
                  log_config=dict(type="bool", default=False)), gather)


if __name__ == "__main__":
    main()
