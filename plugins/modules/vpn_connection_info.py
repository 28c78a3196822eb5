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
  - With O(routes=true), adds the routes of each connection's gateway whose next hop is the connection (API
    "Querying the Route Table of a VPN Gateway"), which for BGP are the routes learnt from the peer, one call per
    gateway.
  - With O(monitors=true), adds each connection's monitors as the API gives them (API "Querying the List of VPN
    Connection Monitors"), one call in all.
  - With O(wait_for_status=ACTIVE), waits until every connection returned is C(ACTIVE) (its tunnel is up), for
    example after the peer side was configured, and fails naming each connection that did not come up, with its
    last status.
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
  status:
    description:
      - Return only connections in one of these statuses. C(ACTIVE) means the tunnel is up, C(DOWN) that it is not
        connected; the others are C(ERROR), C(FREEZED), C(UNKNOWN) and the pending C(PENDING_CREATE),
        C(PENDING_UPDATE) and C(PENDING_DELETE).
      - Applied before O(wait_for_status), to the statuses as they are when the module starts.
    type: list
    elements: str
    choices: [ACTIVE, DOWN, ERROR, FREEZED, UNKNOWN, PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE]
  tags:
    description:
      - Return only connections that carry every one of these tags. A tag given with a null value matches the key
        with any value.
    type: dict
  routes:
    description:
      - Whether to add RV(vpn_connections[].routes), the routes of the connection's gateway whose next hop is the
        connection. One more call per gateway.
    type: bool
    default: false
  monitors:
    description:
      - Whether to add RV(vpn_connections[].connection_monitors), the connection's monitors. One more call.
    type: bool
    default: false
  wait_for_status:
    description:
      - Wait until every connection returned has this status, then return them as they are then.
      - Fails when the filters match no connection, when a connection goes to C(ERROR) or is deleted meanwhile,
        and after O(wait_for_status_timeout) seconds, naming each connection (name and ID) that is not C(ACTIVE)
        and its last status.
      - The service sets C(ACTIVE) once the tunnel is negotiated, so the peer side (the customer gateway's device)
        must be configured and reachable; a wrong pre-shared key or proposal leaves the connection C(DOWN).
    type: str
    choices: [ACTIVE]
  wait_for_status_timeout:
    description:
      - Seconds to wait with O(wait_for_status), from 1 to 86400.
    type: int
    default: 600
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
    name: paris-bgp-1
    logs: true
  register: paris

- name: The BGP connections of a gateway that are down, with the routes learnt and the monitors
  hwcloud.vpn.vpn_connection_info:
    vgw_name: hq-vpngw
    status: [DOWN]
    tags:
      team: network
    routes: true
    monitors: true
  register: down

- name: Wait until the tunnels of the gateway are up, once the site's device is configured
  hwcloud.vpn.vpn_connection_info:
    vgw_name: hq-vpngw
    wait_for_status: ACTIVE
    wait_for_status_timeout: 300

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
      description:
        - The tunnel's state as the service reports it. C(ACTIVE) (normal, the tunnel is up), C(DOWN) (not
          connected), C(ERROR) (abnormal), C(FREEZED), C(UNKNOWN), or a pending status.
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
    routes:
      description:
        - With O(routes=true), the routes of the gateway's route table whose next hop is this connection
          (C(nexthop_resource.id)), as the API gives them. For a BGP connection these are the routes learnt from
          the peer, with C(origin), C(as_path) and C(med); the API reports nothing more about BGP (no session
          state).
      returned: when O(routes=true)
      type: list
      elements: dict
      sample:
        - destination: 10.22.0.0/16
          nexthop: 169.254.22.2
          outbound_interface_ip: 169.254.22.1
          origin: igp
          as_path: "65122"
          med: 0
          nexthop_resource: {id: 85d31993-f519-49ea-8d2e-7afeffb8ef5e, type: vpn_connection}
    connection_monitors:
      description:
        - With O(monitors=true), the connection's monitors as the API gives them (C(id), C(status), C(type),
          C(source_ip), C(destination_ip), C(proto_type)); see M(hwcloud.vpn.vpn_connection_monitor_info).
      returned: when O(monitors=true)
      type: list
      elements: dict
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
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import by_id_or_list, run_info, select, tagged, wait_for_each
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate


def gather(module, client):
    params = module.params
    validation.uuids(params, "id", "vgw_id", "cgw_id")
    vgw_id = params["vgw_id"]
    if params["vgw_name"]:
        vgw_id = lookup.gateway(client, name=params["vgw_name"])["id"]
    connections = by_id_or_list(client, module, api.VPN_CONNECTIONS, "vpn_connection", lambda: iterate(
        client, api.VPN_CONNECTIONS, "vpn_connections", MARKER, {"vgw_id": vgw_id, "vgw_ip": params["vgw_ip"]}))
    connections = [c for c in select(connections, module)
                   if vgw_id in (None, c.get("vgw_id")) and params["vgw_ip"] in (None, c.get("vgw_ip"))
                   and params["cgw_id"] in (None, c.get("cgw_id"))
                   and (not params["status"] or c.get("status") in params["status"])
                   and tagged(c, params["tags"] or {})]
    if params["wait_for_status"]:
        connections = wait(client, connections, params)
    if params["routes"]:
        tables = {}
        for connection in connections:
            gateway_id = connection["vgw_id"]
            if gateway_id not in tables:
                tables[gateway_id] = client.read("%s/%s/routing-table" % (api.VPN_GATEWAYS, path_quote(gateway_id)),
                                                 "routing_table", list)
            connection["routes"] = [route for route in tables[gateway_id]
                                    if (route.get("nexthop_resource") or {}).get("id") == connection["id"]]
    if params["monitors"]:
        # Not paged (API: Querying the List of VPN Connection Monitors).
        monitors = client.read(api.CONNECTION_MONITORS, "connection_monitors", list) if connections else []
        for connection in connections:
            connection["connection_monitors"] = [m for m in monitors if m.get("vpn_connection_id") == connection["id"]]
    if params["logs"]:
        for connection in connections:
            path = "%s/%s/log" % (api.VPN_CONNECTIONS, path_quote(connection["id"]))
            connection["logs"] = client.read(path, "logs", list)
    return {"vpn_connections": connections}


def wait(client, connections, params):
    """The connections once each has the status wait_for_status (failing as wait_for_each does)."""
    validation.check(bool(connections), "wait_for_status", "no connection matches the filters, so there is none "
                                                           "to wait for.")
    timeout = params["wait_for_status_timeout"]
    validation.check(1 <= timeout <= 86400, "wait_for_status_timeout", "must be from 1 to 86400 (got %d)." % timeout)

    def fetch(connection):
        return api.get_or_none(client, "%s/%s" % (api.VPN_CONNECTIONS, path_quote(connection["id"])),
                               "vpn_connection")

    return wait_for_each(connections, fetch, api.VPN_CONNECTION, params["wait_for_status"], timeout,
                         "VPN connection")


def main():
    statuses = ["ACTIVE", "DOWN", "ERROR", "FREEZED", "UNKNOWN", "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE"]
    run_info(dict(id=dict(type="str"), name=dict(type="str"), vgw_id=dict(type="str"), vgw_name=dict(type="str"),
                  vgw_ip=dict(type="str"), cgw_id=dict(type="str"),
                  status=dict(type="list", elements="str", choices=statuses), tags=dict(type="dict"),
                  routes=dict(type="bool", default=False), monitors=dict(type="bool", default=False),
                  wait_for_status=dict(type="str", choices=["ACTIVE"]),
                  wait_for_status_timeout=dict(type="int", default=600),
                  logs=dict(type="bool", default=False)),
             gather, empty={"vpn_connections": []}, mutually_exclusive=[["vgw_id", "vgw_name"]])


if __name__ == "__main__":
    main()
