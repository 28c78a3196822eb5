#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_server_info
short_description: List the VPN servers of Huawei Cloud P2C VPN gateways
version_added: 0.1.0
description:
  - Lists the VPN servers of one P2C VPN gateway (API "Querying a VPN Server Based on a Specified Gateway ID"), or of
    the whole project (API "Querying the VPN Servers of a Project"), reading every page of the list.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  p2c_vgw_id:
    description:
      - Return only the server of this P2C VPN gateway (an empty list when the gateway has none).
    type: str
  id:
    description:
      - Return only the server with this ID.
    type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Every VPN server of the project
  hwcloud.vpn.p2c_server_info:
  register: servers

- name: The server of one gateway
  hwcloud.vpn.p2c_server_info:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
  register: server
"""

RETURN = r"""
vpn_servers:
  description:
    - The servers, as the API describes them (API "Querying a VPN Server Based on a Specified Gateway ID"); see
      M(hwcloud.vpn.p2c_server) for the fields.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the server.
      type: str
    p2c_vgw_id:
      description: ID of its gateway.
      type: str
    status:
      description: Status of the server.
      type: str
    client_auth_type:
      description: Client authentication.
      type: str
    client_cidr:
      description: Client CIDR block.
      type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate


def gather(module, client):
    params = module.params
    validation.uuids(params, "p2c_vgw_id", "id")
    if params["p2c_vgw_id"]:
        servers = api.or_none(lambda: p2c.gateway_servers(client, params["p2c_vgw_id"])) or []
    else:
        servers = list(iterate(client, api.ALL_VPN_SERVERS, "vpn_servers", MARKER))
    return {"vpn_servers": [s for s in servers if params["id"] in (None, s["id"])]}


def main():
    run_info(dict(p2c_vgw_id=dict(type="str"), id=dict(type="str")), gather)


if __name__ == "__main__":
    main()
