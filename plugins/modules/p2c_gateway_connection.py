#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_gateway_connection
short_description: Tear down client connections of a Huawei Cloud P2C VPN gateway
version_added: 0.1.0
description:
  - Makes sure that client connections of a point-to-cloud VPN gateway are gone, tearing them down with the API
    ("Tearing Down a Connection of a P2C VPN Gateway"), one connection by its ID, or every connection of a user.
  - Connections are made by clients, never by the API, so the only state this module manages is V(absent). List
    them with M(hwcloud.vpn.p2c_gateway_info) and O(hwcloud.vpn.p2c_gateway_info#module:connections=true).
  - A torn-down client may connect again; to keep a user out, delete the user (M(hwcloud.vpn.p2c_user)).
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  p2c_vgw_id:
    description:
      - ID of the P2C VPN gateway.
    type: str
    required: true
  connection_id:
    description:
      - ID of the connection to tear down (RV(hwcloud.vpn.p2c_gateway_info#module:p2c_vpn_gateways[].connections)).
    type: str
  client_user_name:
    description:
      - Tear down every connection of this user (at most five per user).
    type: str
  state:
    description:
      - V(absent), the only state a client connection can be brought to.
    type: str
    choices: [absent]
    default: absent
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Disconnect every client of a user
  hwcloud.vpn.p2c_gateway_connection:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    client_user_name: alice

- name: Disconnect one connection
  hwcloud.vpn.p2c_gateway_connection:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    connection_id: "{{ connection_id }}"
"""

RETURN = r"""
connections:
  description:
    - The connections that were torn down (or would be, in check mode), as the API described them (API "Querying the
      Connections of a P2C VPN Gateway").
  returned: always
  type: list
  elements: dict
  contains:
    connection_id:
      description: ID of the connection.
      type: str
    client_user_name:
      description: User of the client.
      type: str
    client_virtual_ip:
      description: Address of the client in the client CIDR block.
      type: str
    client_ip:
      description: Public address of the client.
      type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, MissingReference
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import OFFSET, iterate
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import new_client


def teardown(module, client):
    params = module.params
    validation.uuid("p2c_vgw_id", params["p2c_vgw_id"])
    path = "%s/%s/connections" % (api.P2C_GATEWAYS, path_quote(params["p2c_vgw_id"]))
    connections = p2c.under_gateway(params["p2c_vgw_id"], lambda: list(iterate(client, path, "connections", OFFSET)))
    doomed = [c for c in connections if params["connection_id"] in (None, c["connection_id"])
              and params["client_user_name"] in (None, c.get("client_user_name"))]
    result = {"changed": bool(doomed), "connections": doomed}
    if module._diff:
        result["diff"] = {"before": {"connections": sorted(c["connection_id"] for c in doomed)},
                          "after": {"connections": []}}
    if module.check_mode:
        return result
    torn_down = []
    for connection in doomed:
        try:
            client.request("POST", "%s/%s/disconnect" % (path, path_quote(connection["connection_id"])),
                           idempotent=True)
        except ApiError as error:
            # VPN.0563: the client left by itself meanwhile (or a retried request had already torn it down).
            if not api.not_found(error, api.P2C_CONNECTION_NOT_FOUND):
                raise
            continue
        torn_down.append(connection)
    result.update(changed=bool(torn_down), connections=torn_down)
    return result


def main():
    argument_spec = dict(p2c_vgw_id=dict(type="str", required=True), connection_id=dict(type="str"),
                         client_user_name=dict(type="str"),
                         state=dict(type="str", choices=["absent"], default="absent"))
    argument_spec.update(auth_spec())
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_one_of=[["connection_id", "client_user_name"]])
    client = new_client(module)
    try:
        result = teardown(module, client)
    except MissingReference as error:  # no gateway, no connection to tear down
        result = {"changed": False, "connections": [], "msg": "Nothing to tear down: %s" % error}
    except HwcError as error:
        module.fail_json(msg="Tearing down connections of P2C VPN gateway %s: %s" % (
            module.params["p2c_vgw_id"], error), error=error.to_result())
    module.exit_json(**result)


if __name__ == "__main__":
    main()
