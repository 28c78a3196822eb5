#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_gateway
short_description: Manage S2C VPN gateways of Huawei Cloud VPN
version_added: 0.1.0
description:
  - Create, update and delete site-to-cloud VPN gateways (API "S2C VPN Gateway"), attached to a VPC or to an
    enterprise router, public (with two EIPs, new or existing) or private (with two private IP addresses), in
    active-active or active-standby mode.
  - Updates what the API can change in place (name, local subnets, EIPs, policy template), changes the specification
    through its own API (API "Changing the Specification of a Gateway"), and manages the certificate of a GM gateway
    (API "Uploading Certificates for a VPN Gateway", "Querying VPN Gateway Certificate Details", "Updating Certificate
    Information of a VPN Gateway"). A task that asks to change anything else fails and names the option.
  - Waits for the gateway to become C(ACTIVE) after a create or change, and for the API to answer 404 after a
    delete (a deleted gateway may still read C(ACTIVE) for a while).
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the gateway. When set, the gateway must exist; it is never created from an id.
      - When not set, the gateway is found by O(name); two gateways with that name make the task fail.
    type: str
  name:
    description:
      - Name of the gateway, 1 to 64 letters, digits, underscores, hyphens and periods.
      - Identifies the gateway when O(id) is not set; with O(id), a different name renames it.
    type: str
  state:
    description:
      - V(present) creates or updates the gateway, V(absent) deletes it.
      - A gateway with VPN connections cannot be deleted (the API answers C(VPN.0001)); delete them first.
    type: str
    choices: [present, absent]
    default: present
  network_type:
    description:
      - V(public) connects to customer gateways through EIPs, V(private) through private IP addresses of the VPC.
      - The API defaults to V(public). Cannot be changed after creation.
    type: str
    choices: [public, private]
  attachment_type:
    description:
      - V(vpc) attaches the gateway to a VPC, V(er) to an enterprise router.
      - The API defaults to V(vpc). Cannot be changed after creation.
    type: str
    choices: [vpc, er]
  ip_version:
    description:
      - IP version of the gateway. V(ipv6) needs O(attachment_type=vpc) and flavor C(Professional1) or
        C(Professional2). The API defaults to V(ipv4). Cannot be changed after creation.
    type: str
    choices: [ipv4, ipv6]
  er_id:
    description:
      - ID of the enterprise router, with O(attachment_type=er) only (needed then). Cannot be changed.
    type: str
  vpc_id:
    description:
      - With O(attachment_type=vpc), the service VPC (needed); with O(attachment_type=er), the access VPC when
        O(access_vpc_id) is not set. Cannot be changed after creation.
    type: str
  local_subnets:
    description:
      - IPv4 CIDR blocks of the cloud side that talk to the customer networks, at most 50.
      - Only with O(attachment_type=vpc) and O(ip_version=ipv4), where they are needed.
      - Compared as a set, so order and notation do not matter. Updated in place.
    type: list
    elements: str
  local_subnets_v6:
    description:
      - IPv6 CIDR blocks of the cloud side, at most 50; only with O(attachment_type=vpc) and O(ip_version=ipv6),
        where they are needed. Compared as a set. Updated in place.
    type: list
    elements: str
  connect_subnet:
    description:
      - ID of the VPC subnet the gateway uses (needed with O(attachment_type=vpc)). It needs at least four free
        addresses when it is also the access subnet, else two. Cannot be changed after creation.
    type: str
  bgp_asn:
    description:
      - BGP AS number of the gateway, from 1 to 4294967295. The API defaults to 64512. Cannot be changed.
    type: int
  flavor:
    description:
      - Specification of the gateway. The API defaults to V(Professional1).
      - V(Basic) is not available for private gateways or enterprise router attachments.
      - Changed with the specification API (API "Changing the Specification of a Gateway"), to the flavors the gateway
        reports in RV(vpn_gateway.supported_flavors).
    type: str
    choices: [Basic, Professional1, Professional2, GM, Professional1-NonFixedIP, Professional2-NonFixedIP]
  availability_zone_ids:
    description:
      - The AZs to deploy in, from M(hwcloud.vpn.vpn_availability_zone_info). Two when the specification is
        offered in two or more AZs, else one. Chosen by the API when not set. Cannot be changed after creation.
    type: list
    elements: str
  enterprise_project_id:
    description:
      - Enterprise project ID (a UUID), or V(0) for the default project (the API's default).
      - Cannot be changed through the VPN API.
    type: str
  eip1:
    description:
      - The first EIP (active-active) or the active EIP (active-standby) of a public gateway. Either an existing EIP
        by O(eip1.id), or a new one described by its type and bandwidth. Needed to create a public gateway.
      - Only O(eip1.id) can be changed afterwards, and only once the old EIP has been unbound from the gateway
        through the EIP service.
    type: dict
    suboptions:
      id:
        description: ID of an existing EIP that is not bound to anything.
        type: str
      type:
        description: Type of a new EIP, for example C(5_bgp) (dynamic BGP) or C(5_sbgp) (static BGP).
        type: str
      charge_mode:
        description: Billing of the new EIP's bandwidth. The API defaults to V(bandwidth).
        type: str
        choices: [bandwidth, traffic]
      bandwidth_size:
        description:
          - Bandwidth of the new EIP in Mbit/s, from 1 to 1000, at most 100 for C(Basic), 300 for
            C(Professional1), 500 for C(GM) and 1000 for C(Professional2).
        type: int
      bandwidth_name:
        description: Name of the new EIP's bandwidth (1 to 64 letters, digits, C(_), C(-), C(.)).
        type: str
      bandwidth_id:
        description: ID of a shared bandwidth for the new EIP, instead of O(eip1.bandwidth_size).
        type: str
  eip2:
    description:
      - The second EIP (active-active) or the standby EIP (active-standby) of a public gateway; as O(eip1).
    type: dict
    suboptions:
      id:
        description: ID of an existing EIP that is not bound to anything.
        type: str
      type:
        description: Type of a new EIP, for example C(5_bgp).
        type: str
      charge_mode:
        description: Billing of the new EIP's bandwidth. The API defaults to V(bandwidth).
        type: str
        choices: [bandwidth, traffic]
      bandwidth_size:
        description: Bandwidth of the new EIP in Mbit/s (limits as for O(eip1.bandwidth_size)).
        type: int
      bandwidth_name:
        description: Name of the new EIP's bandwidth.
        type: str
      bandwidth_id:
        description: ID of a shared bandwidth for the new EIP.
        type: str
  eips_on_delete:
    description:
      - What O(state=absent) does with the gateway's EIPs. V(release) deletes the gateway at once, which releases
        the EIPs created with it (new ones described by type and bandwidth); their addresses are lost, so the
        sites must be configured again with new addresses. The API reference does not say what becomes of EIPs
        given by ID (only that a pay-per-use gateway with yearly/monthly EIPs cannot be deleted until they are
        unbound, API "Deleting a VPN Gateway"); to be sure they survive, use V(keep).
      - V(keep) deletes the gateway only once no EIP is bound to it, and fails otherwise naming each bound EIP (ID,
        address, slot), before any write (also in check mode). The VPN API cannot unbind an EIP and does not say
        which bound EIPs a delete releases, so unbind them through the EIP service ("Updating an EIP" in its API),
        then run the task again; the EIPs and their addresses are then kept.
    type: str
    choices: [release, keep]
    default: release
  access_vpc_id:
    description:
      - ID of the access VPC. The API defaults to O(vpc_id). Cannot be changed after creation.
    type: str
  access_subnet_id:
    description:
      - ID of the subnet of the access VPC. The API defaults to O(connect_subnet). Cannot be changed.
    type: str
  ha_mode:
    description:
      - V(active-active) uses both EIPs (or private addresses) at once; V(active-standby) keeps the second as
        standby. The API defaults to V(active-active). Cannot be changed after creation.
    type: str
    choices: [active-active, active-standby]
  access_private_ip_1:
    description:
      - First (or active) private IP address of a private gateway, in the access subnet; with
        O(access_private_ip_2). Allocated by the API when not set. Cannot be changed after creation.
    type: str
  access_private_ip_2:
    description:
      - Second (or standby) private IP address of a private gateway; different from O(access_private_ip_1).
    type: str
  policy_template:
    description:
      - IKE and IPsec policies of a gateway that accepts peers at non-fixed IP addresses (flavors
        C(Professional1-NonFixedIP) and C(Professional2-NonFixedIP)). Only the fields set are compared.
    type: dict
    suboptions:
      ike_policy:
        description: The IKE (phase 1) policy.
        type: dict
        suboptions:
          encryption_algorithm:
            description: Encryption algorithm.
            type: str
            choices: [aes-256-gcm-16, aes-128-gcm-16, aes-256, aes-192, aes-128]
          dh_group:
            description: DH group of the key exchange.
            type: str
            choices: [group14, group15, group16, group19, group20, group21, disable]
          authentication_algorithm:
            description: Authentication algorithm.
            type: str
            choices: [sha2-512, sha2-384, sha2-256]
          lifetime_seconds:
            description: SA lifetime in seconds, from 60 to 604800.
            type: int
      ipsec_policy:
        description: The IPsec (phase 2) policy.
        type: dict
        suboptions:
          authentication_algorithm:
            description: Authentication algorithm.
            type: str
            choices: [sha2-512, sha2-384, sha2-256]
          encryption_algorithm:
            description: Encryption algorithm.
            type: str
            choices: [aes-256-gcm-16, aes-128-gcm-16, aes-256, aes-192, aes-128]
          pfs:
            description: DH group of perfect forward secrecy.
            type: str
            choices: [group14, group15, group16, group19, group20, group21, disable]
          lifetime_seconds:
            description: Tunnel lifetime in seconds, from 30 to 604800.
            type: int
  certificate:
    description:
      - The certificates of a gateway of the GM specification (API "Uploading Certificates for a VPN Gateway",
        "Querying VPN Gateway Certificate Details", "Updating Certificate Information of a VPN Gateway"), uploaded
        after the gateway is created, then updated when a certificate's serial number or the name differs.
      - Private keys are write-only; they are sent with any change of certificate content and never returned.
    type: dict
    suboptions:
      name:
        description: Name of the certificate, 3 to 63 letters, digits, C(_), C(-) and C(.).
        type: str
      certificate:
        description: PEM of the SM signature certificate (not a CA certificate), at most 4096 characters.
        type: str
        required: true
      private_key:
        description: PEM private key of the signature certificate.
        type: str
        required: true
      certificate_chain:
        description: PEM of the CA certificate, at most 8192 characters.
        type: str
        required: true
      enc_certificate:
        description: PEM of the SM encryption certificate, at most 4096 characters.
        type: str
        required: true
      enc_private_key:
        description: PEM private key of the encryption certificate.
        type: str
        required: true
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.WAIT
  - hwcloud.vpn.auth.TAGS
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Public gateway in a VPC, one existing EIP and one new
  hwcloud.vpn.vpn_gateway:
    name: hq-vpngw
    vpc_id: "{{ vpc_id }}"
    connect_subnet: "{{ vpn_subnet_id }}"
    local_subnets: [192.168.0.0/24, 192.168.1.0/24]
    flavor: Professional1
    eip1:
      id: "{{ eip_id }}"
    eip2:
      type: 5_bgp
      charge_mode: bandwidth
      bandwidth_size: 100
    tags:
      env: prod
  register: gateway

- name: Private active-standby gateway with chosen addresses
  hwcloud.vpn.vpn_gateway:
    name: private-vpngw
    network_type: private
    ha_mode: active-standby
    vpc_id: "{{ vpc_id }}"
    connect_subnet: "{{ vpn_subnet_id }}"
    local_subnets: [192.168.0.0/24]
    access_private_ip_1: 192.168.100.201
    access_private_ip_2: 192.168.100.202

- name: Gateway attached to an enterprise router
  hwcloud.vpn.vpn_gateway:
    name: er-vpngw
    attachment_type: er
    er_id: "{{ er_id }}"
    vpc_id: "{{ access_vpc_id }}"
    connect_subnet: "{{ access_subnet_id }}"
    bgp_asn: 65533
    flavor: Professional2
    eip1: {type: 5_bgp, bandwidth_size: 300}
    eip2: {type: 5_bgp, bandwidth_size: 300}

- name: Move the first gateway to a larger specification
  hwcloud.vpn.vpn_gateway:
    name: hq-vpngw
    flavor: Professional2

- name: Delete it
  hwcloud.vpn.vpn_gateway:
    name: hq-vpngw
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
vpn_gateway:
  description:
    - The gateway as the API describes it (API "Querying a Specified VPN Gateway"), after any change has settled;
      empty after O(state=absent).
    - In check mode, a create returns the gateway as it would be created (without id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the gateway.
      type: str
      sample: 620d99b8-5d63-4a85-bd3e-200b868f2d7d
    name:
      description: Name of the gateway.
      type: str
    status:
      description: Status, C(ACTIVE) once ready.
      type: str
      sample: ACTIVE
    network_type:
      description: C(public) or C(private).
      type: str
    attachment_type:
      description: C(vpc) or C(er).
      type: str
    ip_version:
      description: C(ipv4) or C(ipv6).
      type: str
    vpc_id:
      description: Service VPC (VPC attachment).
      type: str
    er_id:
      description: Enterprise router (ER attachment).
      type: str
    local_subnets:
      description: IPv4 local subnets.
      type: list
      elements: str
    connect_subnet:
      description: Subnet the gateway uses.
      type: str
    bgp_asn:
      description: BGP AS number.
      type: int
    flavor:
      description: Specification.
      type: str
    availability_zone_ids:
      description: AZs the gateway runs in.
      type: list
      elements: str
    connection_number:
      description: Maximum number of connections of the specification.
      type: int
    used_connection_number:
      description: Connections in use.
      type: int
    enterprise_project_id:
      description: Enterprise project, C(0) for the default one.
      type: str
    eip1:
      description: First (or active) EIP of a public gateway (id, ip_address, type, bandwidth...).
      type: dict
    eip2:
      description: Second (or standby) EIP of a public gateway.
      type: dict
    access_private_ip_1:
      description: First (or active) private address of a private gateway.
      type: str
    access_private_ip_2:
      description: Second (or standby) private address of a private gateway.
      type: str
    ha_mode:
      description: C(active-active) or C(active-standby).
      type: str
    supported_flavors:
      description: Specifications the gateway can change to.
      type: list
      elements: str
    tags:
      description: Tags as a list of key and value pairs.
      type: list
      elements: dict
certificate:
  description: The GM certificate as the API describes it (API "Querying VPN Gateway Certificate Details"), when
               O(certificate) is set. No PEM content.
  returned: when O(certificate) is set
  type: dict
  contains:
    id:
      description: ID of the certificate.
      type: str
    name:
      description: Name of the certificate.
      type: str
    status:
      description: C(BOUND) once in use.
      type: str
    certificate_serial_number:
      description: Serial number of the signature certificate.
      type: str
    enc_certificate_serial_number:
      description: Serial number of the encryption certificate.
      type: str
    certificate_chain_serial_number:
      description: Serial number of the CA certificate.
      type: str
"""

import re

from ansible_collections.hwcloud.vpn.plugins.module_utils import (api, certificates, compare, gateways, ipsec,
                                                                  pagination, validation, waiter)
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field, cidr_set, unordered
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (Companion, Dependent, ResourceModule,
                                                                           ResourceSpec, run_module)

FLAVORS = ["Basic", "Professional1", "Professional2", "GM", "Professional1-NonFixedIP", "Professional2-NonFixedIP"]
EIP_BANDWIDTH_LIMIT = {"Basic": 100, "Professional1": 300, "Professional2": 1000, "GM": 500,
                       "Professional1-NonFixedIP": 300, "Professional2-NonFixedIP": 1000}
CERTIFICATE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{3,63}\Z")
CERTIFICATE_CONTENT = ("certificate", "private_key", "certificate_chain", "enc_certificate", "enc_private_key")


def _eip_field(put_key):
    return Field(nested={
        "id": Field(update=PUT, put_key=put_key),
        "type": Field(), "charge_mode": Field(), "bandwidth_size": Field(), "bandwidth_name": Field(),
        "bandwidth_id": Field(),
    })


def _serial(option):
    return lambda pem: certificates.serial_number("certificate." + option, pem)


# The certificate as "Querying VPN Gateway Certificate Details" describes it, compared with the PEM the task
# gives by serial number.
CERTIFICATE_FIELDS = dict((name, field.bind(name)) for name, field in {
    "name": Field(update=PUT),
    "certificate": Field(update=PUT, api="certificate_serial_number", desired=_serial("certificate")),
    "private_key": Field(update=PUT, secret=True),
    "certificate_chain": Field(update=PUT, api="certificate_chain_serial_number",
                               desired=_serial("certificate_chain")),
    "enc_certificate": Field(update=PUT, api="enc_certificate_serial_number", desired=_serial("enc_certificate")),
    "enc_private_key": Field(update=PUT, secret=True),
}.items())


class GatewayCertificate(Companion):
    """The certificate of a GM gateway, uploaded after the gateway exists and updated in place."""

    key = "certificate"

    def _path(self, resource):
        return "%s/%s/certificate" % (api.VPN_GATEWAYS, path_quote(resource["id"]))

    def read(self, resource):
        return api.get_or_none(self.client, self._path(resource), "certificate")

    def _recover(self, resource):
        """After an upload whose answer was lost: the certificate, if the upload took effect."""
        found = self.read(resource)
        return {"certificate": found} if found is not None else None

    def view(self, current):
        return compare.managed_view(CERTIFICATE_FIELDS, current)

    def desired_view(self, current):
        return compare.desired_view(CERTIFICATE_FIELDS, self.wanted, current)

    def apply(self, resource, current):
        wanted = self.wanted
        if current is None:
            body = {k: wanted[k] for k in CERTIFICATE_CONTENT}
            if wanted.get("name"):
                body["name"] = wanted["name"]
            created = self.client.request("POST", self._path(resource), body={"certificate": body},
                                          recover=lambda: self._recover(resource)).body
            certificate_id = created["certificate"]["id"]
        else:
            certificate_id = current["id"]
            found = compare.changes(CERTIFICATE_FIELDS, wanted, current)
            body = {}
            if any(change.path != "name" for change in found):
                body.update((k, wanted[k]) for k in CERTIFICATE_CONTENT)
            if wanted.get("name") and wanted["name"] != current.get("name"):
                body["name"] = wanted["name"]
            self.client.request("PUT", "%s/%s" % (self._path(resource), path_quote(certificate_id)),
                                body={"certificate": body})
        if not self.owner.waiting():
            return self.read(resource)
        return waiter.wait_for_status(lambda: self.read(resource), api.VPN_GATEWAY_CERTIFICATE,
                                      self.owner.params["wait_timeout"], "certificate %s" % certificate_id)


class VpnGateway(ResourceModule):
    spec = ResourceSpec(
        kind="VPN gateway", body_key="vpn_gateway", list_key="vpn_gateways", path=api.VPN_GATEWAYS,
        tag_type="vpn-gateway", lifecycle=api.VPN_GATEWAY,
        names_unique=False, dependents=(Dependent("VPN connection", api.VPN_CONNECTIONS, "vpn_connections", (("vgw_id", "{id}"),)),),
        create_defaults={"network_type": "public", "attachment_type": "vpc", "ip_version": "ipv4",
                         "bgp_asn": 64512, "flavor": "Professional1", "ha_mode": "active-active",
                         "enterprise_project_id": "0"},
        fields={
            "name": Field(update=PUT),
            "network_type": Field(),
            "attachment_type": Field(),
            "ip_version": Field(),
            "er_id": Field(),
            "vpc_id": Field(),
            "local_subnets": Field(update=PUT, normalize=cidr_set),
            "local_subnets_v6": Field(update=PUT, normalize=cidr_set),
            "connect_subnet": Field(),
            "bgp_asn": Field(),
            "flavor": Field(update="flavor"),
            "availability_zone_ids": Field(normalize=unordered),
            "enterprise_project_id": Field(),
            "eip1": _eip_field("eip_id_1"),
            "eip2": _eip_field("eip_id_2"),
            "access_vpc_id": Field(),
            "access_subnet_id": Field(),
            "ha_mode": Field(),
            "access_private_ip_1": Field(),
            "access_private_ip_2": Field(),
            "policy_template": Field(update=PUT, nested={
                "ike_policy": Field(nested=dict((k, Field()) for k in (
                    "encryption_algorithm", "dh_group", "authentication_algorithm", "lifetime_seconds"))),
                "ipsec_policy": Field(nested=dict((k, Field()) for k in (
                    "authentication_algorithm", "encryption_algorithm", "pfs", "lifetime_seconds"))),
            }),
        })
    companions = (GatewayCertificate,)

    def comparable(self, resource):
        # An ER gateway reports the access VPC and subnet it was created with (vpc_id/connect_subnet, or
        # access_vpc_id/access_subnet_id) only as access_vpc_id/access_subnet_id.
        if resource.get("attachment_type") != "er":
            return resource
        comparable = dict(resource)
        comparable.setdefault("vpc_id", resource.get("access_vpc_id"))
        comparable.setdefault("connect_subnet", resource.get("access_subnet_id"))
        return comparable

    # -- validation before any call ------------------------------------------------------------------

    def validate(self):
        p = self.params
        validation.name("name", p["name"])
        for option in ("id", "er_id", "vpc_id", "connect_subnet", "access_vpc_id", "access_subnet_id"):
            validation.uuid(option, p[option])
        gateways.check_enterprise_project(p["enterprise_project_id"])
        validation.integer_range("bgp_asn", p["bgp_asn"], 1, 4294967295)
        attachment = p["attachment_type"] or "vpc"
        ip_version = p["ip_version"] or "ipv4"
        network = p["network_type"] or "public"
        validation.cidrs("local_subnets", p["local_subnets"], version=4, max_items=50, min_items=1)
        validation.cidrs("local_subnets_v6", p["local_subnets_v6"], version=6, max_items=50, min_items=1)
        if p["local_subnets"] is not None:
            validation.check(attachment == "vpc" and ip_version == "ipv4", "local_subnets",
                             "can be set only with attachment_type vpc and ip_version ipv4.")
        if p["local_subnets_v6"] is not None:
            validation.check(attachment == "vpc" and ip_version == "ipv6", "local_subnets_v6",
                             "can be set only with attachment_type vpc and ip_version ipv6.")
        if p["er_id"] is not None:
            validation.check(attachment == "er", "er_id", "can be set only with attachment_type er.")
        if attachment == "er":
            # The API takes access_vpc_id over vpc_id (and access_subnet_id over connect_subnet) when both are set.
            for given, preferred in (("vpc_id", "access_vpc_id"), ("connect_subnet", "access_subnet_id")):
                validation.check(None in (p[given], p[preferred]) or p[given] == p[preferred], given,
                                 "with attachment_type er, %s names the same thing as %s and the API ignores it "
                                 "when both are set; set only one." % (given, preferred))
        if p["flavor"] == "Basic":
            validation.check(network == "public" and attachment == "vpc", "flavor",
                             "Basic is not available with network_type private or attachment_type er.")
        if ip_version == "ipv6":
            validation.check(attachment == "vpc" and p["flavor"] in (None, "Professional1", "Professional2"),
                             "ip_version", "ipv6 needs attachment_type vpc and flavor Professional1 or "
                                           "Professional2.")
        gateways.check_availability_zones(p["availability_zone_ids"])
        for slot in ("eip1", "eip2"):
            if p[slot] is not None:
                validation.check(network == "public", slot, "can be set only when network_type is public.")
                gateways.check_eip(slot, gateways.given(p[slot]), EIP_BANDWIDTH_LIMIT[p["flavor"] or "Professional1"],
                                   shared_bandwidth=True)
        if p["eip1"] and p["eip2"] and p["eip1"].get("id"):
            validation.check(p["eip1"].get("id") != p["eip2"].get("id"), "eip2.id",
                             "eip1 and eip2 must be different EIPs.")
        self._validate_private_ips(network)
        self._validate_policy_template()
        self._validate_certificate()

    def _validate_private_ips(self, network):
        p = self.params
        first, second = p["access_private_ip_1"], p["access_private_ip_2"]
        for option, value in (("access_private_ip_1", first), ("access_private_ip_2", second)):
            if value is not None:
                validation.check(network == "private", option, "can be set only when network_type is private.")
                validation.ip_address(option, value, version=4)
        if first is not None:
            validation.check(first != second, "access_private_ip_2", "must differ from access_private_ip_1.")

    def _validate_policy_template(self):
        template = self.params["policy_template"]
        if template is None:
            return
        validation.check(self.params["flavor"] in (None, "Professional1-NonFixedIP", "Professional2-NonFixedIP"),
                         "policy_template", "applies only to the Professional1-NonFixedIP and "
                                            "Professional2-NonFixedIP flavors.")
        validation.integer_range("policy_template.ike_policy.lifetime_seconds",
                                 (template.get("ike_policy") or {}).get("lifetime_seconds"), *ipsec.IKE_LIFETIME)
        validation.integer_range("policy_template.ipsec_policy.lifetime_seconds",
                                 (template.get("ipsec_policy") or {}).get("lifetime_seconds"), *ipsec.IPSEC_LIFETIME)

    def _validate_certificate(self):
        certificate = self.params["certificate"]
        if certificate is None:
            return
        validation.check(self.params["flavor"] in (None, "GM"), "certificate",
                         "only a gateway of the GM flavor takes certificates.")
        validation.name("certificate.name", certificate.get("name"), pattern=CERTIFICATE_NAME,
                        rule="3 to 63 letters, digits, underscores, hyphens and periods")
        for option, limit in (("certificate", 4096), ("certificate_chain", 8192), ("enc_certificate", 4096)):
            validation.check(len(certificate[option]) <= limit, "certificate." + option,
                             "is longer than %d characters." % limit)
            certificates.serial_number("certificate." + option, certificate[option])
        for option in ("private_key", "enc_private_key"):
            validation.check(len(certificate[option]) <= 4096, "certificate." + option,
                             "is longer than 4096 characters.")
            certificates.check_private_key("certificate." + option, certificate[option])

    def validate_create(self):
        p = self.params
        attachment = p["attachment_type"] or "vpc"
        if attachment == "vpc":
            subnets = "local_subnets" if (p["ip_version"] or "ipv4") == "ipv4" else "local_subnets_v6"
            options = [("vpc_id", p["vpc_id"] is not None, None),
                       ("connect_subnet", p["connect_subnet"] is not None, None), (subnets, bool(p[subnets]), None)]
            what = "a gateway attached to a VPC"
        else:
            options = [("er_id", p["er_id"] is not None, None),
                       ("access_vpc_id", bool(p["access_vpc_id"] or p["vpc_id"]), "vpc_id"),
                       ("access_subnet_id", bool(p["access_subnet_id"] or p["connect_subnet"]), "connect_subnet")]
            what = "a gateway attached to an enterprise router"
        if (p["network_type"] or "public") == "public":
            options += [(slot, p[slot] is not None, None) for slot in ("eip1", "eip2")]
            what = "a public " + what[2:]
        validation.needed(what, options)
        if p["certificate"] is not None:
            validation.check(p["flavor"] == "GM", "certificate", "needs flavor GM on the new gateway.")
        if p["policy_template"] is not None:
            validation.check(p["flavor"] in ("Professional1-NonFixedIP", "Professional2-NonFixedIP"),
                             "policy_template", "needs flavor Professional1-NonFixedIP or Professional2-NonFixedIP "
                                                "on the new gateway.")

    def validate_update(self, resource, found_changes):
        gateways.refuse_rebinding(found_changes, resource, ("eip1", "eip2"))
        for change in found_changes:
            if change.path == "flavor":
                supported = resource.get("supported_flavors") or []
                validation.check(change.after in supported, "flavor",
                                 "the gateway cannot change from %s to %s; it can change to %s." % (
                                     resource.get("flavor"), change.after, ", ".join(supported) or "nothing"))
        if self.params["certificate"] is not None:
            validation.check(resource.get("flavor") == "GM", "certificate",
                             "only a gateway of the GM flavor takes certificates; this one is %s."
                             % resource.get("flavor"))

    def delete(self, plan, wait=True):
        try:
            return super().delete(plan, wait)
        except ApiError as error:
            if api.not_found(error):
                raise
            # The API refuses with "has connection" and no names: name them, and say what to do.
            resource = plan.resource
            connections = list(pagination.iterate(self.client, api.VPN_CONNECTIONS, "vpn_connections",
                                                  pagination.MARKER, {"vgw_id": resource["id"]}))
            if not connections:
                raise
            raise HwcError(
                "VPN gateway %s still has %d connection%s: %s. Delete %s first (hwcloud.vpn.vpn_connection with "
                "state=absent; a connection's monitor is deleted with it). The API said: %s" % (
                    resource.get("name") or resource["id"], len(connections), "" if len(connections) == 1 else "s",
                    ", ".join(sorted("%s (%s)" % (c.get("name"), c["id"]) for c in connections)),
                    "it" if len(connections) == 1 else "them", error)) from None

    # -- actions -------------------------------------------------------------------------------------

    def plan_delete(self, resource):
        if resource is not None and self.params["eips_on_delete"] == "keep":
            gateways.refuse_releasing(resource, ("eip1", "eip2"), "VPN gateway")
        return super().plan_delete(resource)

    def apply_flavor(self, resource, _plan):
        self.client.request("POST", self.item_path(resource["id"]) + "/update-specification",
                            body={"vpn_gateway": {"flavor": self.params["flavor"]}}, idempotent=True)


def main():
    eip = dict(type="dict", options=dict(
        id=dict(type="str"), type=dict(type="str"), charge_mode=dict(type="str", choices=["bandwidth", "traffic"]),
        bandwidth_size=dict(type="int"), bandwidth_name=dict(type="str"), bandwidth_id=dict(type="str")))
    run_module(VpnGateway, dict(
        name=dict(type="str"),
        network_type=dict(type="str", choices=["public", "private"]),
        attachment_type=dict(type="str", choices=["vpc", "er"]),
        ip_version=dict(type="str", choices=["ipv4", "ipv6"]),
        er_id=dict(type="str"),
        vpc_id=dict(type="str"),
        local_subnets=dict(type="list", elements="str"),
        local_subnets_v6=dict(type="list", elements="str"),
        connect_subnet=dict(type="str"),
        bgp_asn=dict(type="int"),
        flavor=dict(type="str", choices=FLAVORS),
        availability_zone_ids=dict(type="list", elements="str"),
        enterprise_project_id=dict(type="str"),
        eip1=eip,
        eip2=eip,
        eips_on_delete=dict(type="str", choices=gateways.EIPS_ON_DELETE, default="release"),
        access_vpc_id=dict(type="str"),
        access_subnet_id=dict(type="str"),
        ha_mode=dict(type="str", choices=["active-active", "active-standby"]),
        access_private_ip_1=dict(type="str"),
        access_private_ip_2=dict(type="str"),
        policy_template=dict(type="dict", options=dict(
            ike_policy=dict(type="dict", options=dict(
                encryption_algorithm=dict(type="str", choices=ipsec.TEMPLATE_ENCRYPTION),
                dh_group=dict(type="str", choices=ipsec.TEMPLATE_DH_GROUPS),
                authentication_algorithm=dict(type="str", choices=ipsec.TEMPLATE_AUTHENTICATION),
                lifetime_seconds=dict(type="int"))),
            ipsec_policy=dict(type="dict", options=dict(
                authentication_algorithm=dict(type="str", choices=ipsec.TEMPLATE_AUTHENTICATION),
                encryption_algorithm=dict(type="str", choices=ipsec.TEMPLATE_ENCRYPTION),
                pfs=dict(type="str", choices=ipsec.TEMPLATE_DH_GROUPS),
                lifetime_seconds=dict(type="int"))))),
        certificate=dict(type="dict", no_log=False, options=dict(
            name=dict(type="str"),
            certificate=dict(type="str", required=True),
            private_key=dict(type="str", required=True, no_log=True),
            certificate_chain=dict(type="str", required=True),
            enc_certificate=dict(type="str", required=True),
            enc_private_key=dict(type="str", required=True, no_log=True))),
    ), required_together=[["access_private_ip_1", "access_private_ip_2"]])


if __name__ == "__main__":
    main()
