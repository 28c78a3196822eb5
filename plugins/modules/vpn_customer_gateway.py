#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_customer_gateway
short_description: Manage customer gateways of Huawei Cloud VPN
version_added: 0.1.0
description:
  - Create, update and delete the customer gateway that stands for the on-premises VPN device (API "Customer
    Gateway").
  - The API can change only the name and the CA certificate of a customer gateway; a task that asks to change
    anything else fails and names the option.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the customer gateway. When set, the gateway must exist; it is never created from an id.
      - When not set, the gateway is found by O(name).
    type: str
  name:
    description:
      - Name of the customer gateway, 1 to 64 letters, digits, underscores, hyphens and periods.
      - Identifies the gateway when O(id) is not set; with O(id), a different name renames it.
    type: str
  state:
    description:
      - V(present) creates or updates the customer gateway, V(absent) deletes it.
      - A customer gateway used by a VPN connection cannot be deleted (the API answers C(VPN.0001)).
    type: str
    choices: [present, absent]
    default: present
  id_type:
    description:
      - How the gateway is identified to the VPN gateway. The API defaults to V(ip).
      - Cannot be changed after creation.
    type: str
    choices: [ip, fqdn]
  id_value:
    description:
      - The identifier. With O(id_type=ip) an IPv4 address in dotted decimal notation, the public address of the
        on-premises device; with O(id_type=fqdn) 1 to 128 characters without spaces or any of C(& < > [ ] \ ?).
      - Needed to create the gateway. Cannot be changed after creation.
    type: str
  bgp_asn:
    description:
      - BGP AS number of the on-premises device, from 1 to 4294967295; only with O(id_type=ip).
      - Needed by BGP connections. Cannot be changed after creation.
    type: int
  ca_certificate:
    description:
      - PEM content of the CA certificate of the customer gateway, needed for connections using SM (GM)
        cryptography. At most 8192 characters.
      - Compared with the certificate the API reports by serial number; the content is never returned.
    type: str
  customer_gateways:
    description:
      - Several customer gateways in one task, instead of O(id) and O(name). Each item is one customer gateway
        with the task's other options (O(id_type), O(bgp_asn), O(tags)...), the item's own over them; no two
        items may have the same O(customer_gateways[].name) or O(customer_gateways[].id).
      - All are found with one list call and all are checked before the first write; then the missing ones are
        created and the others updated (or, with O(state=absent), deleted), in the order listed.
      - The result is then RV(customer_gateways), and diffs are keyed by name (by id for an item with only an
        id).
    type: list
    elements: dict
    suboptions:
      id:
        description: As O(id), for this customer gateway. Set this or O(customer_gateways[].name).
        type: str
      name:
        description: As O(name), for this customer gateway.
        type: str
      id_type:
        description: As O(id_type), for this customer gateway.
        type: str
        choices: [ip, fqdn]
      id_value:
        description: As O(id_value), for this customer gateway.
        type: str
      bgp_asn:
        description: As O(bgp_asn), for this customer gateway.
        type: int
      ca_certificate:
        description: As O(ca_certificate), for this customer gateway.
        type: str
      tags:
        description: As O(tags), for this customer gateway (O(purge_tags) applies to each).
        type: dict
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.TAGS
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Customer gateway of the Paris office
  hwcloud.vpn.vpn_customer_gateway:
    name: paris-office
    id_value: 203.0.113.10
    bgp_asn: 65010
    tags:
      site: paris

- name: Customer gateway identified by a domain name
  hwcloud.vpn.vpn_customer_gateway:
    name: branch-dynamic
    id_type: fqdn
    id_value: branch.example.com

- name: Remove it
  hwcloud.vpn.vpn_customer_gateway:
    name: branch-dynamic
    state: absent

- name: The customer gateways of three offices, in one task
  hwcloud.vpn.vpn_customer_gateway:
    tags:
      team: network
    customer_gateways:
      - {name: nantes-office, id_value: 203.0.113.11, bgp_asn: 65011}
      - {name: rennes-office, id_value: 203.0.113.12, bgp_asn: 65012}
      - {name: nice-office, id_value: 203.0.113.13, bgp_asn: 65013, tags: {team: network, site: nice}}
  register: offices

- name: Remove two of them, in one task
  hwcloud.vpn.vpn_customer_gateway:
    state: absent
    customer_gateways:
      - name: rennes-office
      - id: "{{ offices.customer_gateways[2].id }}"
"""

RETURN = r"""
customer_gateway:
  description:
    - The customer gateway as the API describes it (API "Querying a Specified Customer Gateway"); empty after
      O(state=absent).
    - In check mode, a create returns the gateway as it would be created (without id).
  returned: when O(customer_gateways) is not set
  type: dict
  contains:
    id:
      description: ID of the customer gateway.
      type: str
      sample: 03c0aa3d-7a32-4f2b-9e8a-9d82473765d4
    name:
      description: Name of the customer gateway.
      type: str
      sample: paris-office
    id_type:
      description: Identifier type, C(ip) or C(fqdn).
      type: str
      sample: ip
    id_value:
      description: The identifier.
      type: str
      sample: 203.0.113.10
    bgp_asn:
      description: BGP AS number (only for C(ip) gateways).
      type: int
      sample: 65010
    ca_certificate:
      description: The CA certificate as the API describes it (id, serial_number, signature_algorithm, issuer,
        subject, expire_time, is_updatable), when one is bound.
      type: dict
      returned: when a CA certificate is bound
    created_at:
      description: Creation time (UTC).
      type: str
    updated_at:
      description: Last update time (UTC).
      type: str
    tags:
      description: Tags as a list of key and value pairs.
      type: list
      elements: dict
customer_gateways:
  description:
    - With O(customer_gateways), the customer gateways in the order listed, each as RV(customer_gateway) (an empty
      dictionary for one deleted or absent).
  returned: when O(customer_gateways) is set
  type: list
  elements: dict
summary:
  description:
    - With O(customer_gateways), the change in a few lines, which also head the diff; first a headline with the
      counts of customer gateways created, updated, deleted and unchanged, then a line per kind with the names (an
      update with the options it changes).
  returned: when O(customer_gateways) is set
  type: list
  elements: str
  sample:
    - "customer gateways: 2 created, 1 unchanged"
    - "  created (2): nantes-office, rennes-office"
created:
  description:
    - With O(customer_gateways), the customer gateways created (or to be created, in check mode), by name (by id for an
      item with only an id), in the order listed.
  returned: when O(customer_gateways) is set
  type: list
  elements: str
updated:
  description:
    - With O(customer_gateways), the customer gateways updated (or to be updated), by name (by id for an item with only
      an id), in the order listed.
  returned: when O(customer_gateways) is set
  type: list
  elements: str
deleted:
  description:
    - With O(customer_gateways), the customer gateways deleted (or to be deleted), by name (by id for an item with only
      an id), in the order listed.
  returned: when O(customer_gateways) is set
  type: list
  elements: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, certificates, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (ResourceModule, ResourceSet, ResourceSpec,
                                                                           run_module)

FQDN_FORBIDDEN = set(" \t&<>[]\\?")


class CustomerGateway(ResourceModule):
    spec = ResourceSpec(
        kind="customer gateway", body_key="customer_gateway", list_key="customer_gateways",
        path=api.CUSTOMER_GATEWAYS, pagination=MARKER, tag_type="customer-gateway",
        create_defaults={"id_type": "ip"},
        fields={
            "name": Field(update=PUT),
            "id_type": Field(),
            "id_value": Field(),
            "bgp_asn": Field(),
            "ca_certificate": Field(update=PUT, to_api=lambda pem: {"content": pem},
                                    desired=lambda pem: certificates.serial_number("ca_certificate", pem),
                                    current=lambda described: described.get("serial_number")),
        })

    def validate(self):
        params = self.params
        validation.name("name", params["name"])
        validation.uuid("id", params["id"])
        validation.integer_range("bgp_asn", params["bgp_asn"], 1, 4294967295)
        id_type = params["id_type"] or "ip"
        value = params["id_value"]
        if value is not None and id_type == "ip":
            validation.ip_address("id_value", value, version=4)
        if value is not None and id_type == "fqdn":
            validation.check(1 <= len(value) <= 128 and not FQDN_FORBIDDEN & set(value), "id_value",
                             "an FQDN identifier is 1 to 128 characters without spaces or any of & < > [ ] \\ ?.")
            validation.check(params["bgp_asn"] is None, "bgp_asn", "can be set only when id_type is ip.")
        if params["ca_certificate"] is not None:
            validation.check(len(params["ca_certificate"]) <= 8192, "ca_certificate",
                             "is longer than 8192 characters.")
            certificates.serial_number("ca_certificate", params["ca_certificate"])

    def validate_create(self):
        validation.check(self.params["id_value"] is not None, "id_value", "is needed to create a customer gateway.")


class CustomerGatewaySet(ResourceSet):
    """The customer gateways listed in `customer_gateways`, found with one list call."""

    member_class = CustomerGateway
    items_option = "customer_gateways"


def choose_task(params):
    """One customer gateway, or with `customer_gateways` the set the task lists."""
    return CustomerGatewaySet if params.get("customer_gateways") is not None else CustomerGateway


def main():
    run_module(CustomerGateway, dict(
        name=dict(type="str"),
        id_type=dict(type="str", choices=["ip", "fqdn"]),
        id_value=dict(type="str"),
        bgp_asn=dict(type="int"),
        ca_certificate=dict(type="str"),
        customer_gateways=dict(type="list", elements="dict", options=dict(
            id=dict(type="str"),
            name=dict(type="str"),
            id_type=dict(type="str", choices=["ip", "fqdn"]),
            id_value=dict(type="str"),
            bgp_asn=dict(type="int"),
            ca_certificate=dict(type="str"),
            tags=dict(type="dict"),
        ), required_one_of=[["id", "name"]]),
    ), choose=choose_task, required_one_of=[["id", "name", "customer_gateways"]],
        mutually_exclusive=[["customer_gateways", "id"], ["customer_gateways", "name"]])


if __name__ == "__main__":
    main()
