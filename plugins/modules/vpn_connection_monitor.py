#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_connection_monitor
short_description: Manage VPN connection monitors of Huawei Cloud VPN
version_added: 0.1.0
description:
  - Create and delete the monitor of an S2C VPN connection (API "VPN Connection Monitoring"), with which the VPN
    gateway probes the customer gateway (ICMP) to measure round-trip delay and packet loss.
  - A connection has at most one monitor, so a monitor is identified by its connection (O(vpn_connection_id), or
    O(vpn_connection_name) within a gateway), or by its own O(id). A monitor has nothing to update.
  - Deleting a monitor that is already gone is not a change (the API answers C(400 VPN.0001) rather than 404 for
    it). Deleting a connection deletes its monitor.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the monitor. When set, the monitor must exist for O(state=present); it is never created from an id.
    type: str
  state:
    description:
      - V(present) creates the monitor of the connection when it has none, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  vpn_connection_id:
    description:
      - ID of the monitored VPN connection. Identifies the monitor when O(id) is not set.
    type: str
  vpn_connection_name:
    description:
      - Name of the monitored VPN connection, instead of O(vpn_connection_id); looked up among the connections of
        the gateway O(vgw_id) or O(vgw_name) when one is given. Two connections with that name make the task fail.
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
  - hwcloud.vpn.auth.WAIT
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Monitor a connection
  hwcloud.vpn.vpn_connection_monitor:
    vgw_name: hq-vpngw
    vpn_connection_name: paris-bgp-1
  register: monitor

- name: Monitor a connection known by its id
  hwcloud.vpn.vpn_connection_monitor:
    vpn_connection_id: "{{ connection_id }}"

- name: Stop monitoring it
  hwcloud.vpn.vpn_connection_monitor:
    vgw_name: hq-vpngw
    vpn_connection_name: paris-bgp-1
    state: absent
"""

RETURN = r"""
connection_monitor:
  description:
    - The monitor as the API describes it (API "Querying a VPN Connection Monitor"); empty after O(state=absent).
    - In check mode, a create returns the monitor as it would be created (without id and addresses).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the monitor.
      type: str
      sample: 76f64229-59f8-4b7b-a2d0-3907e2815b6d
    status:
      description: C(ACTIVE) once ready, or C(PENDING_CREATE) / C(PENDING_DELETE).
      type: str
      sample: ACTIVE
    vpn_connection_id:
      description: ID of the monitored connection.
      type: str
    type:
      description: Type of the monitored object, C(gateway).
      type: str
      sample: gateway
    source_ip:
      description: Source address of the probes (the gateway's address of the connection).
      type: str
    destination_ip:
      description: Destination address of the probes (the customer gateway).
      type: str
    proto_type:
      description: Probe protocol, C(icmp).
      type: str
      sample: icmp
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, lookup, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (Outcome, ResourceModule, ResourceSpec,
                                                                           run_module)


class ConnectionMonitor(ResourceModule):
    # The monitor's "name" is its connection: find_by_name lists the monitors of that connection.
    spec = ResourceSpec(
        kind="connection monitor", body_key="connection_monitor", list_key="connection_monitors",
        path=api.CONNECTION_MONITORS, lifecycle=api.CONNECTION_MONITOR, name_key="vpn_connection_id",
        list_query={"vpn_connection_id": "vpn_connection_id"}, fields={"vpn_connection_id": Field()})

    def describe(self):
        if self.params["vpn_connection_id"]:
            return "connection monitor of VPN connection %s" % self.params["vpn_connection_id"]
        return "connection monitor %s" % self.params["id"]

    def validate(self):
        for option in ("id", "vpn_connection_id", "vgw_id"):
            validation.uuid(option, self.params[option])
        for option in ("vpn_connection_name", "vgw_name"):
            validation.name(option, self.params[option])

    def resolve(self):
        p = self.params
        if p["vpn_connection_name"]:
            vgw_id = p["vgw_id"]
            if p["vgw_name"]:
                vgw_id = lookup.gateway(self.client, name=p["vgw_name"])["id"]
            p["vpn_connection_id"] = lookup.connection(self.client, p["vpn_connection_name"], vgw_id)["id"]

    def delete(self, plan, wait=True):
        try:
            return super().delete(plan, wait)
        except ApiError as error:
            # A monitor deleted meanwhile answers 400 VPN.0001, not 404: it is gone all the same.
            if error.error_code != "VPN.0001" or self.fetch(plan.resource["id"]) is not None:
                raise
            return Outcome({}, {}, changed=False)


def main():
    run_module(ConnectionMonitor, dict(
        vpn_connection_id=dict(type="str"),
        vpn_connection_name=dict(type="str"),
        vgw_id=dict(type="str"),
        vgw_name=dict(type="str"),
    ), required_one_of=[["id", "vpn_connection_id", "vpn_connection_name"]],
        mutually_exclusive=[["vpn_connection_id", "vpn_connection_name"], ["vgw_id", "vgw_name"]])


if __name__ == "__main__":
    main()
