#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_gateway
short_description: Manage P2C VPN gateways of Huawei Cloud VPN, with their connection log configuration
version_added: 0.1.0
description:
  - Create, update and delete point-to-cloud VPN gateways (API "P2C VPN Gateway"), which remote clients reach through
    an EIP, new or existing. The VPN server of the gateway is managed with M(hwcloud.vpn.p2c_server).
  - The API can change only the name and the EIP of a gateway; a task that asks to change anything else fails
    and names the option.
  - Manages the connection log configuration of the gateway (API "Modifying the Connection Log Configuration of a P2C
    VPN Gateway", "Querying the Connection Log Configuration of a P2C VPN Gateway", "Deleting the Connection Log
    Configuration of a P2C VPN Gateway") with O(log_config).
  - Waits for the gateway to become C(ACTIVE) after a create or change, and for the API to answer 404 after a
    delete. Deleting a gateway deletes its VPN server, with the server's users, user groups, access policies and
    client CA certificates, and disconnects its clients.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the gateway. When set, the gateway must exist; it is never created from an id.
      - When not set, the gateway is found by O(name); two gateways with that name make the task fail.
    type: str
  name:
    description:
      - Name of the gateway, 1 to 64 letters, digits, underscores and hyphens (no periods).
      - Identifies the gateway when O(id) is not set; with O(id), a different name renames it.
    type: str
  state:
    description:
      - V(present) creates or updates the gateway, V(absent) deletes it (with its VPN server).
    type: str
    choices: [present, absent]
    default: present
  vpc_id:
    description:
      - ID of the VPC of the gateway (a UUID). Needed to create the gateway. Cannot be changed after creation.
    type: str
  connect_subnet:
    description:
      - ID of the VPC subnet the gateway uses (a UUID), in O(vpc_id). Needed to create the gateway. Cannot be
        changed after creation.
    type: str
  flavor:
    description:
      - Specification of the gateway. The API offers only V(Professional1), its default. Cannot be changed.
    type: str
    choices: [Professional1]
  availability_zone_ids:
    description:
      - The AZs to deploy in, from RV(hwcloud.vpn.p2c_gateway_info#module:availability_zones). Two when P2C
        gateways are offered in two or more AZs, else one. Chosen by the API when not set. Cannot be changed.
    type: list
    elements: str
  eip:
    description:
      - The EIP clients connect to. Either an existing EIP by O(eip.id), or a new one described by its type and
        bandwidth. Needed to create the gateway.
      - Only O(eip.id) can be changed afterwards, and only once the old EIP has been unbound from the gateway
        through the EIP service (the API answers C(VPN.0512) otherwise).
    type: dict
    suboptions:
      id:
        description: ID of an existing EIP that is not bound to anything (a UUID).
        type: str
      type:
        description: Type of a new EIP, for example C(5_bgp) (dynamic BGP) or C(5_sbgp) (static BGP).
        type: str
      charge_mode:
        description: Billing of the new EIP's bandwidth. The API defaults to V(bandwidth).
        type: str
        choices: [bandwidth, traffic]
      bandwidth_size:
        description: Bandwidth of the new EIP in Mbit/s, from 1 to 300. Needed for a new EIP.
        type: int
      bandwidth_name:
        description:
          - Name of the new EIP's bandwidth, 1 to 64 letters, digits, C(_), C(-) and C(.). The API generates
            C(p2c-vpngw-bandwidth-****) when not set.
        type: str
  eips_on_delete:
    description:
      - What O(state=absent) does with the gateway's EIPs. V(release) deletes the gateway at once, which releases
        the EIP created with it (a new one described by type and bandwidth); its address is lost, so client
        profiles must be exported and distributed again. The API reference does not say what becomes of an EIP given
        by ID; to be sure it survives, use V(keep).
      - V(keep) deletes the gateway only once no EIP is bound to it, and fails otherwise naming the bound EIP (ID,
        address), before any write (also in check mode). The VPN API cannot unbind an EIP and does not say
        whether a delete releases a bound one, so unbind it through the EIP service ("Updating an EIP" in its API),
        then run the task again; the EIP and its address are then kept.
    type: str
    choices: [release, keep]
    default: release
  max_connection_number:
    description:
      - Maximum number of concurrent client connections, from 1 to 500. Cannot be changed after creation.
      - The client CIDR block of the gateway's server must hold more than four times as many addresses.
      - The reference states no default (the emulator uses 10).
    type: int
  enterprise_project_id:
    description:
      - Enterprise project ID (a UUID), or V(0) for the default project (the API's default). Cannot be changed.
    type: str
  log_config:
    description:
      - Where the gateway sends its connection logs, in the Log Tank Service (LTS). Both IDs together set or
        change the configuration; an empty dictionary removes it. Not set, the configuration is left alone.
    type: dict
    suboptions:
      log_group_id:
        description: ID of the LTS log group.
        type: str
      log_stream_id:
        description: ID of the LTS log stream, in the log group.
        type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.WAIT
  - hwcloud.vpn.auth.TAGS
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: P2C gateway with a new EIP, sending its connection logs to LTS
  hwcloud.vpn.p2c_gateway:
    name: remote-access
    vpc_id: "{{ vpc_id }}"
    connect_subnet: "{{ p2c_subnet_id }}"
    eip:
      type: 5_bgp
      bandwidth_size: 10
    max_connection_number: 10
    log_config:
      log_group_id: "{{ log_group_id }}"
      log_stream_id: "{{ log_stream_id }}"
    tags:
      team: it
  register: gateway

- name: Rename it
  hwcloud.vpn.p2c_gateway:
    id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: remote-access-hq

- name: Stop sending connection logs
  hwcloud.vpn.p2c_gateway:
    name: remote-access-hq
    log_config: {}

- name: Delete the gateway and its VPN server
  hwcloud.vpn.p2c_gateway:
    name: remote-access-hq
    state: absent
"""

RETURN = r"""
converged_from_duplicate:
  description:
    - ID of the gateway this run created and then deleted because another run created one with the same name at the
      same time (the API does not keep names unique). Both runs keep the oldest, which the result describes.
  returned: when a run started at the same time created the same gateway
  type: str
  sample: 9f4a3c1e-2b7d-4e58-a6c0-1d2e3f4a5b6c
p2c_vpn_gateway:
  description:
    - The gateway as the API describes it (API "Querying a P2C VPN Gateway"), after any change has settled; empty
      after O(state=absent).
    - In check mode, a create returns the gateway as it would be created (without id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the gateway.
      type: str
      sample: 6d526e5f-a0c6-44b6-a785-7e0ef7c9eb76
    name:
      description: Name of the gateway.
      type: str
    status:
      description: Status, C(ACTIVE) once ready.
      type: str
      sample: ACTIVE
    vpc_id:
      description: VPC of the gateway.
      type: str
    connect_subnet:
      description: Subnet the gateway uses.
      type: str
    flavor:
      description: Specification.
      type: str
      sample: Professional1
    availability_zone_ids:
      description: AZs the gateway runs in.
      type: list
      elements: str
    eip:
      description: The EIP bound to the gateway (id, ip_address, type, charge_mode, bandwidth_id, bandwidth_size,
        bandwidth_name, share_type).
      type: dict
    max_connection_number:
      description: Maximum number of concurrent client connections.
      type: int
    current_connection_number:
      description: Client connections now.
      type: int
    enterprise_project_id:
      description: Enterprise project, C(0) for the default one.
      type: str
    tags:
      description: Tags as a list of key and value pairs.
      type: list
      elements: dict
    created_at:
      description: Creation time (UTC).
      type: str
log_config:
  description: The connection log configuration (log_group_id, log_stream_id) when O(log_config) is set; empty
    when there is none.
  returned: when O(log_config) is set
  type: dict
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, gateways, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field, unordered
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (Companion, Dependent, ResourceModule,
                                                                           ResourceSpec, run_module)

LOG_KEYS = ("log_group_id", "log_stream_id")
EIP_BANDWIDTH_LIMIT = 300  # Mbit/s, Professional1


class LogConfig(Companion):
    """The connection log configuration of the gateway: set or changed with PUT, removed with
    DELETE. An empty dictionary asks for none."""

    key = "log_config"

    def _path(self, resource):
        return "%s/%s/log-config" % (api.P2C_GATEWAYS, path_quote(resource["id"]))

    def read(self, resource):
        current = self.client.read(self._path(resource), "log_config")
        return current if current.get("log_group_id") else None

    def view(self, current):
        return {k: current[k] for k in LOG_KEYS} if current else {}

    def desired_view(self, current):
        return dict((k, v) for k, v in self.wanted.items() if v is not None)

    def apply(self, resource, current):
        wanted = self.desired_view(current)
        if wanted:
            return self.client.request("PUT", self._path(resource), body={"log_config": wanted}).require("log_config")
        if current is not None:
            self.client.request("DELETE", self._path(resource))
        return {}


class P2cGateway(ResourceModule):
    spec = ResourceSpec(
        kind="P2C VPN gateway", body_key="p2c_vpn_gateway", list_key="p2c_vpn_gateways", path=api.P2C_GATEWAYS,
        pagination=MARKER, tag_type="p2c-vpn-gateways", lifecycle=api.P2C_GATEWAY,
        names_unique=False, dependents=(Dependent("VPN server", api.P2C_GATEWAYS + "/{id}/vpn-servers", "vpn_servers"),),
        create_defaults={"flavor": "Professional1", "enterprise_project_id": "0"},
        fields={
            "name": Field(update=PUT),
            "vpc_id": Field(),
            "connect_subnet": Field(),
            "flavor": Field(),
            "availability_zone_ids": Field(normalize=unordered),
            "eip": Field(nested={
                "id": Field(update=PUT, put_key="eip_id"),
                "type": Field(), "charge_mode": Field(), "bandwidth_size": Field(), "bandwidth_name": Field(),
            }),
            "max_connection_number": Field(),
            "enterprise_project_id": Field(),
        })
    companions = (LogConfig,)

    def validate(self):
        p = self.params
        validation.name("name", p["name"], pattern=p2c.NAME_PATTERN, rule=p2c.NAME_RULE)
        for option in ("id", "vpc_id", "connect_subnet"):
            validation.uuid(option, p[option])
        gateways.check_enterprise_project(p["enterprise_project_id"])
        validation.integer_range("max_connection_number", p["max_connection_number"], 1, 500)
        gateways.check_availability_zones(p["availability_zone_ids"])
        eip = gateways.given(p["eip"])
        if eip:  # a P2C gateway's EIP takes no shared bandwidth
            gateways.check_eip("eip", eip, EIP_BANDWIDTH_LIMIT, shared_bandwidth=False)
        log_config = p["log_config"]
        if log_config is not None:
            given = [k for k in LOG_KEYS if log_config.get(k)]
            validation.check(len(given) in (0, 2), "log_config",
                             "set both log_group_id and log_stream_id, or neither to remove the configuration.")

    def validate_create(self):
        validation.needed("a P2C VPN gateway", [(option, self.params[option] is not None, None)
                                                for option in ("vpc_id", "connect_subnet", "eip")])

    def validate_update(self, resource, found_changes):
        gateways.refuse_rebinding(found_changes, resource, ("eip",))

    def plan_delete(self, resource):
        if resource is not None and self.params["eips_on_delete"] == "keep":
            gateways.refuse_releasing(resource, ("eip",), "P2C VPN gateway")
        return super().plan_delete(resource)


def main():
    run_module(P2cGateway, dict(
        name=dict(type="str"),
        vpc_id=dict(type="str"),
        connect_subnet=dict(type="str"),
        flavor=dict(type="str", choices=["Professional1"]),
        availability_zone_ids=dict(type="list", elements="str"),
        eip=dict(type="dict", options=dict(
            id=dict(type="str"), type=dict(type="str"), charge_mode=dict(type="str", choices=["bandwidth", "traffic"]),
            bandwidth_size=dict(type="int"), bandwidth_name=dict(type="str"))),
        eips_on_delete=dict(type="str", choices=gateways.EIPS_ON_DELETE, default="release"),
        max_connection_number=dict(type="int"),
        enterprise_project_id=dict(type="str"),
        log_config=dict(type="dict", options=dict(log_group_id=dict(type="str"), log_stream_id=dict(type="str"))),
    ))


if __name__ == "__main__":
    main()
