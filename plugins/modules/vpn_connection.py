#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_connection
short_description: Manage S2C VPN connections of Huawei Cloud VPN
version_added: 0.1.0
description:
  - Create, update, reset and delete the site-to-cloud VPN connections between a VPN gateway and a customer gateway
    (API "VPN Connection"), in policy-based, static routing, BGP routing or policy template mode.
  - Manages one connection, or with O(connections) the connections of one site (typically the two connections of an
    active-active or active-standby gateway to one customer gateway), creating those missing together through the
    batch API (API "Creating VPN Connections in Batches"), all or nothing, in one call per two connections.
  - Updates what the API can change in place (API "Updating a VPN Connection"), nested IKE, DPD and IPsec settings
    included, comparing only the options the task sets; the service's defaults are not drift. A task that asks to
    change anything else fails and names the option.
  - The pre-shared key is write-only. It is sent when the connection is created, and again on every run with
    O(update_psk=always); it never appears in results, diffs or logs.
  - O(state=reset) resets an existing connection (API "Resetting a VPN Connection"). Read a connection's logs (API
    "Querying VPN Connection Logs") with M(hwcloud.vpn.vpn_connection_info) and
    O(hwcloud.vpn.vpn_connection_info#module:logs=true).
  - Waits until the connection is C(ACTIVE) or C(DOWN) (C(DOWN) means configured but not negotiated with the
    customer gateway yet; C(ERROR) fails), and after a delete until the API answers 404.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the connection. When set, the connection must exist; it is never created from an id.
      - When not set, the connection is found by O(name) among the connections of the gateway (O(vgw_id) or
        O(vgw_name)); two connections with that name make the task fail.
    type: str
  name:
    description:
      - Name of the connection, 1 to 64 letters, digits, underscores, hyphens and periods.
      - Identifies the connection when O(id) is not set; with O(id), a different name renames it.
    type: str
  state:
    description:
      - V(present) creates or updates the connection, V(absent) deletes it (and the API deletes its monitor).
      - V(reset) resets an existing connection (its tunnel is torn down and negotiated again) and always reports a
        change; it never creates one. Only the options that identify the connection are used then.
    type: str
    choices: [present, absent, reset]
    default: present
  vgw_id:
    description:
      - ID of the VPN gateway. Needed to create a connection (or O(vgw_name)). Cannot be changed.
      - The gateway must be C(ACTIVE); with O(wait=true) the module waits for a gateway that is still settling.
    type: str
  vgw_name:
    description:
      - Name of the VPN gateway, instead of O(vgw_id). The gateway is looked up by name; two gateways with that
        name make the task fail.
    type: str
  vgw_ip:
    description:
      - The gateway address the connection uses. Needed to create a connection. Cannot be changed.
      - V(eip1) or V(eip2) for the first or second EIP of a public gateway, V(access_private_ip_1) or
        V(access_private_ip_2) for the first or second address of a private gateway.
      - Also accepted, as the API takes them, the ID of one of the gateway's EIPs, or a private address of a
        private gateway; and the address of one of a public gateway's EIPs. The module sends the API's form (the
        EIP ID, or the private address), which is what RV(vpn_connection.vgw_ip) returns.
      - In active-standby mode the first address is the active one and the second the standby one.
      - A gateway address takes one connection per customer gateway. The module checks it against the gateway's
        connections before any write and names the connection that holds the pair.
    type: str
  cgw_id:
    description:
      - ID of the customer gateway. Needed to create a connection (or O(cgw_name)). Can be changed.
      - A BGP connection needs a customer gateway with a BGP AS number different from the gateway's; a
        connection of a gateway of the GM flavor needs a customer gateway with a CA certificate.
    type: str
  cgw_name:
    description:
      - Name of the customer gateway, instead of O(cgw_id).
    type: str
  style:
    description:
      - The connection mode. V(policy) is policy-based (traffic selected by O(policy_rules)), V(static) is static
        routing, V(bgp) is BGP routing, V(policy-template) uses the policy template of a gateway of a
        C(Professional1-NonFixedIP) or C(Professional2-NonFixedIP) flavor.
      - The API defaults to V(static); it reports the mode in upper case, which the module compares without case.
        Cannot be changed after creation.
    type: str
    choices: [policy, static, bgp, policy-template]
  peer_subnets:
    description:
      - IPv4 CIDR blocks of the customer network, at most 50, none overlapping the gateway's local subnets or the
        reserved blocks 100.64.0.0/10 and 214.0.0.0/8. Compared as a set. Updated in place.
      - Needed for a connection of an IPv4 gateway, except for a gateway attached to an enterprise router with
        O(style=policy) or O(style=bgp), where it must be empty (or not set).
      - Not taken by an IPv6 gateway.
    type: list
    elements: str
  peer_subnets_v6:
    description:
      - IPv6 CIDR blocks of the customer network, at most 50; for a connection of an IPv6 gateway, where they are
        needed. Compared as a set. Updated in place.
    type: list
    elements: str
  tunnel_local_address:
    description:
      - The gateway's tunnel interface address, for example V(169.254.76.1/30), with O(style=static) or
        O(style=bgp) only; needed with O(style=bgp). The service chooses one for a static connection when not set.
      - A host address of a /30 block in 169.254.0.0/16 outside 169.254.195.0/24, the block of
        O(tunnel_peer_address), with which it is set. Updated in place.
    type: str
  tunnel_peer_address:
    description:
      - The customer gateway's tunnel interface address, for example V(169.254.76.2/30); as O(tunnel_local_address).
    type: str
  enable_nqa:
    description:
      - Whether network quality analysis (NQA) is enabled, with O(style=static) only (the API refuses it
        otherwise). The API defaults to V(false). Cannot be changed after creation.
    type: bool
  enable_hub:
    description:
      - Whether branch interconnection is enabled, with O(style=bgp) only. The API defaults to V(false). Updated in
        place.
    type: bool
  psk:
    description:
      - The pre-shared key, 8 to 128 characters with at least three of upper case letters, lower case letters,
        digits and the special characters C(~!@#$%^&*-_+={},./;:) and parentheses, and no other characters.
      - Needed unless the gateway is of the GM flavor (where it cannot be changed). Write-only, see O(update_psk).
      - With IKE version v2, the API does not apply a key changed alone (API "Updating a VPN Connection"); the key
        is checked only when the tunnel is negotiated again. So when the key is the only change of an IKEv2
        connection, the module resets the connection after the update (API "Resetting a VPN Connection") and says so
        in a warning. The tunnel is negotiated again at once with the new key, and stays down until the peer has
        it too. A key sent with another change takes effect with that change.
    type: str
  update_psk:
    description:
      - V(on_create) sends O(psk) only when the connection is created; V(always) sends it on every run, which is
        then always a change (the API never returns the key, so it cannot be compared). In the diff, O(psk)
        sent again shows as the word C(rotated) in parentheses, never as the key. With IKE version v2 and no other
        change, every such run also resets the connection (see O(psk)), so use V(always) in the run that rotates
        the key, not in every run.
    type: str
    choices: [on_create, always]
    default: on_create
  policy_rules:
    description:
      - The IPv4 policy rules of a policy-based connection (O(style=policy)) of an IPv4 gateway, where they are
        needed; at most 5. Compared as a set of rules (one per source), their destinations as sets. Updated in
        place.
    type: list
    elements: dict
    suboptions:
      source:
        description: Source CIDR block (on the cloud side), unique among the rules.
        type: str
        required: true
      destination:
        description: Destination CIDR blocks (on the customer side), 1 to 50.
        type: list
        elements: str
        required: true
  policy_rules_v6:
    description:
      - The IPv6 policy rules of a policy-based connection of an IPv6 gateway; as O(policy_rules).
    type: list
    elements: dict
    suboptions:
      source:
        description: Source IPv6 CIDR block, unique among the rules.
        type: str
        required: true
      destination:
        description: Destination IPv6 CIDR blocks, 1 to 50.
        type: list
        elements: str
        required: true
  ikepolicy:
    description:
      - The IKE (phase 1) policy. Only the fields set are compared; what is not set keeps the service's value
        (the defaults named below for a new connection). All fields but O(ikepolicy.authentication_method) are
        updated in place.
      - A gateway of the GM flavor takes only V(v1), V(main), V(sm3) and V(sm4), and none of O(ikepolicy.dh_group)
        and the identities; V(sm3), V(sm4) and V(digital-envelope-v2) are for GM gateways only.
    type: dict
    suboptions:
      ike_version:
        description: IKE version. The API defaults to V(v2) (V(v1) for GM).
        type: str
        choices: [v1, v2]
      phase1_negotiation_mode:
        description: Negotiation mode, with IKE version V(v1) only. The API defaults to V(main).
        type: str
        choices: [main, aggressive]
      authentication_algorithm:
        description:
          - Authentication algorithm. The API defaults to V(sha2-256) (V(sm3) for GM). V(sha1) and V(md5) are weak.
        type: str
        choices: [sha2-512, sha2-384, sha2-256, sha1, md5, sm3]
      encryption_algorithm:
        description:
          - Encryption algorithm. The API defaults to V(aes-128) (V(sm4) for GM). V(3des) is weak.
        type: str
        choices: [aes-256-gcm-16, aes-128-gcm-16, aes-256, aes-192, aes-128, 3des, sm4]
      dh_group:
        description: DH group of the key exchange. The API defaults to V(group15). Groups 1, 2, 5 and 14 are weak.
        type: str
        choices: [group1, group2, group5, group14, group15, group16, group19, group20, group21]
      authentication_method:
        description:
          - V(pre-share) (the default) or V(digital-envelope-v2) (the SM digital envelope, the GM default).
          - Cannot be changed after creation.
        type: str
        choices: [pre-share, digital-envelope-v2]
      lifetime_seconds:
        description: SA lifetime in seconds, from 60 to 604800. The API defaults to 86400.
        type: int
      local_id_type:
        description: Type of the gateway's identity. The API defaults to V(ip).
        type: str
        choices: [ip, fqdn]
      local_id:
        description:
          - The gateway's identity, the peer's peer ID. With V(ip) an IPv4 address (the gateway's address when not
            set); with V(fqdn) needed, at most 255 characters without spaces or any of C(& < > [ ] \).
          - Compared only when set, so the address the service fills in is not drift.
        type: str
      peer_id_type:
        description: Type of the customer gateway's identity. The API defaults to V(ip); V(any) accepts any.
        type: str
        choices: [ip, fqdn, any]
      peer_id:
        description:
          - The customer gateway's identity, as O(ikepolicy.local_id) (the customer gateway's address when not set
            with V(ip)); not with V(any).
        type: str
      dpd:
        description: Dead peer detection.
        type: dict
        suboptions:
          timeout:
            description: Interval for retransmitting DPD packets, 2 to 60 seconds. The API defaults to 15.
            type: int
          interval:
            description: DPD idle timeout, 10 to 3600 seconds. The API defaults to 30.
            type: int
          msg:
            description: Order of the DPD packet payload. The API defaults to V(seq-hash-notify).
            type: str
            choices: [seq-hash-notify, seq-notify-hash]
  ipsecpolicy:
    description:
      - The IPsec (phase 2) policy. Only the fields set are compared; all are updated in place.
    type: dict
    suboptions:
      authentication_algorithm:
        description: Authentication algorithm. The API defaults to V(sha2-256) (V(sm3) for GM).
        type: str
        choices: [sha2-512, sha2-384, sha2-256, sha1, md5, sm3]
      encryption_algorithm:
        description: Encryption algorithm. The API defaults to V(aes-128) (V(sm4) for GM).
        type: str
        choices: [aes-256-gcm-16, aes-128-gcm-16, aes-256, aes-192, aes-128, 3des, sm4]
      pfs:
        description: DH group of perfect forward secrecy, or V(disable). The API defaults to V(group15). Not for GM.
        type: str
        choices: [group1, group2, group5, group14, group15, group16, group19, group20, group21, disable]
      transform_protocol:
        description: Transfer protocol. The API defaults to V(esp), the only value.
        type: str
        choices: [esp]
      lifetime_seconds:
        description: Tunnel lifetime in seconds, from 30 to 604800. The API defaults to 3600.
        type: int
      encapsulation_mode:
        description: Packet encapsulation mode. The API defaults to V(tunnel), the only value.
        type: str
        choices: [tunnel]
  ha_role:
    description:
      - V(master) or V(slave). A gateway in active-active mode takes only V(master) (the API's default).
      - In active-standby mode the connection of the first (active) address is V(master) and the one of the
        second (standby) address is V(slave); the module sets the role from O(vgw_ip) when it is not given, and
        refuses a role that does not match. Cannot be changed after creation.
    type: str
    choices: [master, slave]
  connections:
    description:
      - The connections of one site, instead of O(name), O(vgw_ip), O(tunnel_local_address),
        O(tunnel_peer_address) and O(ha_role). Each item is one connection of the gateway (O(vgw_id) or
        O(vgw_name)) with the task's other options, the item's own over them.
      - Connections are found by name among the gateway's. Those missing are created together through the batch
        API, two per call, all or nothing; the others are updated one by one once every update has been checked.
        O(state=absent) deletes them and O(state=reset) resets them.
      - The result is then RV(vpn_connections), and diffs are keyed by connection name.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the connection.
        type: str
        required: true
      vgw_ip:
        description: The gateway address of the connection, as O(vgw_ip); each connection uses its own.
        type: str
        required: true
      tunnel_local_address:
        description: As O(tunnel_local_address), for this connection.
        type: str
      tunnel_peer_address:
        description: As O(tunnel_peer_address), for this connection.
        type: str
      ha_role:
        description: As O(ha_role), for this connection.
        type: str
        choices: [master, slave]
      psk:
        description: The pre-shared key of this connection, instead of O(psk).
        type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.WAIT
  - hwcloud.vpn.auth.TAGS
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Static routing connection on the first EIP of a gateway
  hwcloud.vpn.vpn_connection:
    name: berlin-1
    vgw_name: hq-vpngw
    vgw_ip: eip1
    cgw_name: berlin-office
    peer_subnets: [10.30.0.0/16]
    psk: "{{ berlin_psk }}"
    tags:
      site: berlin

- name: Both BGP connections of a site in one task (created with one batch call)
  hwcloud.vpn.vpn_connection:
    vgw_name: hq-vpngw
    cgw_name: paris-office
    style: bgp
    peer_subnets: [10.10.0.0/16]
    psk: "{{ paris_psk }}"
    ikepolicy:
      encryption_algorithm: aes-256-gcm-16
      dh_group: group20
      dpd:
        interval: 60
    ipsecpolicy:
      encryption_algorithm: aes-256-gcm-16
      pfs: group20
    connections:
      - name: paris-bgp-1
        vgw_ip: eip1
        tunnel_local_address: 169.254.10.1/30
        tunnel_peer_address: 169.254.10.2/30
      - name: paris-bgp-2
        vgw_ip: eip2
        tunnel_local_address: 169.254.10.5/30
        tunnel_peer_address: 169.254.10.6/30
  register: site

- name: Policy-based connection with its rules
  hwcloud.vpn.vpn_connection:
    name: lyon
    vgw_name: hq-vpngw
    vgw_ip: eip2
    cgw_name: lyon-office
    style: policy
    peer_subnets: [10.20.0.0/16]
    policy_rules:
      - source: 192.168.0.0/24
        destination: [10.20.0.0/16]
    psk: "{{ lyon_psk }}"

- name: Rotate the pre-shared key
  hwcloud.vpn.vpn_connection:
    name: berlin-1
    vgw_name: hq-vpngw
    psk: "{{ new_berlin_psk }}"
    update_psk: always

- name: Reset a connection
  hwcloud.vpn.vpn_connection:
    name: berlin-1
    vgw_name: hq-vpngw
    state: reset

- name: Delete it
  hwcloud.vpn.vpn_connection:
    name: berlin-1
    vgw_name: hq-vpngw
    state: absent
"""

RETURN = r"""
vpn_connection:
  description:
    - The connection as the API describes it (API "Querying a Specified VPN Connection"), after any change has
      settled; empty after O(state=absent), and without O(connections). Never holds the pre-shared key.
    - In check mode, a create returns the connection as it would be created (without id, identities or the tunnel
      addresses the service would choose).
  returned: when O(connections) is not set
  type: dict
  contains:
    id:
      description: ID of the connection.
      type: str
      sample: 98c5af8a-6ee2-4482-99a2-ae2280a6f4c3
    name:
      description: Name of the connection.
      type: str
      sample: paris-1
    status:
      description: C(ACTIVE), C(DOWN) (not negotiated yet), C(ERROR), or a pending status.
      type: str
      sample: ACTIVE
    vgw_id:
      description: ID of the VPN gateway.
      type: str
    vgw_ip:
      description: EIP ID (public gateway) or private address (private gateway) the connection uses.
      type: str
    style:
      description: Connection mode, in upper case (C(POLICY), C(STATIC), C(BGP), C(POLICY-TEMPLATE)).
      type: str
      sample: STATIC
    cgw_id:
      description: ID of the customer gateway.
      type: str
    peer_subnets:
      description: IPv4 customer subnets (not returned for an ER gateway's BGP or policy connection).
      type: list
      elements: str
    peer_subnets_v6:
      description: IPv6 customer subnets.
      type: list
      elements: str
    tunnel_local_address:
      description: The gateway's tunnel interface address (static and BGP connections).
      type: str
      sample: 169.254.56.225/30
    tunnel_peer_address:
      description: The customer gateway's tunnel interface address.
      type: str
      sample: 169.254.56.226/30
    enable_nqa:
      description: Whether NQA is enabled (static connections).
      type: bool
    enable_hub:
      description: Whether branch interconnection is enabled (BGP connections).
      type: bool
    policy_rules:
      description: IPv4 policy rules (policy connections), with the API's rule_index.
      type: list
      elements: dict
    policy_rules_v6:
      description: IPv6 policy rules.
      type: list
      elements: dict
    ikepolicy:
      description: The IKE policy, with the service's values for what was not set (see O(ikepolicy)).
      type: dict
    ipsecpolicy:
      description: The IPsec policy.
      type: dict
    ha_role:
      description: C(master) or C(slave).
      type: str
    enterprise_project_id:
      description: Enterprise project of the gateway.
      type: str
    connection_monitor_id:
      description: ID of the connection's monitor, when it has one (see M(hwcloud.vpn.vpn_connection_monitor)).
      type: str
    bgp_peer:
      description: BGP peer information of a BGP connection.
      type: dict
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
vpn_connections:
  description:
    - With O(connections), the connections in the order listed, each as RV(vpn_connection) (an empty dictionary
      for one deleted or absent).
  returned: when O(connections) is set
  type: list
  elements: dict
summary:
  description:
    - With O(connections), the change in a few lines, which also head the diff; first a headline with the counts of
      connections created, updated, deleted, reset and unchanged, then a line per kind with the names (an update
      with the options it changes, a key sent again as C(psk rotated)). Never a key.
  returned: when O(connections) is set
  type: list
  elements: str
  sample:
    - "VPN connections: 2 updated"
    - "  updated (2): paris-1 (peer_subnets, psk rotated), paris-2 (peer_subnets, psk rotated)"
created:
  description:
    - With O(connections), the connections created (or to be created, in check mode), by name (by id for an item with
      only an id), in the order listed.
  returned: when O(connections) is set
  type: list
  elements: str
updated:
  description:
    - With O(connections), the connections updated (or to be updated), by name (by id for an item with only an id), in
      the order listed.
  returned: when O(connections) is set
  type: list
  elements: str
deleted:
  description:
    - With O(connections), the connections deleted (or to be deleted), by name (by id for an item with only an id), in
      the order listed.
  returned: when O(connections) is set
  type: list
  elements: str
"""

import ipaddress

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, compare, ipsec, lookup, validation, waiter
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field, cidr_set, lower
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.ipsec import ADDRESS_SLOTS, GATEWAY_ADDRESSES, HA_ROLES, leaf
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER, iterate
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (Outcome, Plan, ResourceModule,
                                                                           ResourceSet, ResourceSpec, run_module)

STYLES = ["policy", "static", "bgp", "policy-template"]
NON_FIXED_IP = ("Professional1-NonFixedIP", "Professional2-NonFixedIP")
# "Reserved VPC CIDR blocks such as 100.64.0.0/10, 100.64.0.0/12, and 214.0.0.0/8 cannot be used"
RESERVED_PEER_SUBNETS = (ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("214.0.0.0/8"))


def check_peer_subnets(option, values, version):
    parsed = validation.cidrs(option, values, version=version, max_items=50)
    for subnet in parsed or []:
        for reserved in RESERVED_PEER_SUBNETS:
            validation.check(subnet.version != reserved.version or not subnet.overlaps(reserved), option,
                             "%s overlaps %s, which is reserved." % (subnet, reserved))


def check_style(params, style, creating):
    """The options each connection mode takes (as creating a VPN connection documents them)."""
    if params["enable_nqa"] is not None:
        validation.check(style == "static", "enable_nqa", "can be set only with style static (it is %s)." % style)
    if params["enable_hub"] is not None:
        validation.check(style == "bgp", "enable_hub", "can be set only with style bgp (it is %s)." % style)
    if params["tunnel_local_address"] is not None:
        validation.check(style in ("static", "bgp"), "tunnel_local_address",
                         "can be set only with style static or bgp (it is %s)." % style)
    elif creating:
        validation.check(style != "bgp", "tunnel_local_address",
                         "tunnel_local_address and tunnel_peer_address are needed with style bgp.")
    for option in ("policy_rules", "policy_rules_v6"):
        if params[option]:
            validation.check(style == "policy", option, "can be set only with style policy (it is %s)." % style)


def _policy_fields(names):
    return {name: Field() for name in names}


FIELDS = {
    "name": Field(update=PUT),
    "vgw_id": Field(),
    "vgw_ip": Field(),
    "cgw_id": Field(update=PUT),
    "style": Field(normalize=lower),
    "peer_subnets": Field(update=PUT, normalize=cidr_set),
    "peer_subnets_v6": Field(update=PUT, normalize=cidr_set),
    "tunnel_local_address": Field(update=PUT, normalize=ipsec.interface),
    "tunnel_peer_address": Field(update=PUT, normalize=ipsec.interface),
    "enable_nqa": Field(),
    "enable_hub": Field(update=PUT),
    "psk": Field(update=PUT, secret=True),
    "policy_rules": Field(update=PUT, normalize=ipsec.policy_rules_form, to_api=ipsec.policy_rules_body),
    "policy_rules_v6": Field(update=PUT, normalize=ipsec.policy_rules_form, to_api=ipsec.policy_rules_body),
    "ikepolicy": Field(update=PUT, nested=dict(_policy_fields((
        "ike_version", "phase1_negotiation_mode", "authentication_algorithm", "encryption_algorithm", "dh_group",
        "lifetime_seconds", "local_id_type", "local_id", "peer_id_type", "peer_id")),
        authentication_method=Field(update=None),
        dpd=Field(nested=_policy_fields(("timeout", "interval", "msg"))))),
    "ipsecpolicy": Field(update=PUT, nested=_policy_fields((
        "authentication_algorithm", "encryption_algorithm", "pfs", "transform_protocol", "lifetime_seconds",
        "encapsulation_mode"))),
    "ha_role": Field(),
}


PSK_RESET_NOTE = ("%s: an IKEv2 connection does not apply a pre-shared key changed alone (API: Updating a VPN "
                  "Connection), so the connection is reset after the update to negotiate with the new key at once; "
                  "its tunnel is down until the peer has the new key too. Use update_psk=always only in the run "
                  "that rotates the key.")


class VpnConnection(ResourceModule):
    # The call that creates the connection: a set of connections is created in batches.
    create_call = "create"
    spec = ResourceSpec(
        kind="VPN connection", body_key="vpn_connection", list_key="vpn_connections",
        path=api.VPN_CONNECTIONS, pagination=MARKER, tag_type="vpn-connection",
        lifecycle=api.VPN_CONNECTION, scope=("vgw_id",), list_query={"vgw_id": "vgw_id"},
        secret_policies={"psk": "update_psk"}, fields=FIELDS)

    def __init__(self, module, client=None, params=None):
        super().__init__(module, client, params)
        self.gateway = None  # the VPN gateway, once read
        self.customer = None  # the customer gateway the task names, once read
        self.address_slot = None  # 1 or 2: which of the gateway's addresses vgw_ip is

    # -- checks before any call ----------------------------------------------------------------------

    def validate(self):
        p = self.params
        for option in ("name", "vgw_name", "cgw_name"):
            validation.name(option, p[option])
        for option in ("id", "vgw_id", "cgw_id"):
            validation.uuid(option, p[option])
        if p["vgw_ip"] is not None:
            validation.check(bool(p["vgw_id"] or p["vgw_name"]), "vgw_ip",
                             "needs vgw_id or vgw_name, the gateway whose address it is.")
            self._validate_address(p["vgw_ip"])
        check_peer_subnets("peer_subnets", p["peer_subnets"], 4)
        check_peer_subnets("peer_subnets_v6", p["peer_subnets_v6"], 6)
        ipsec.check_tunnel_addresses(p["tunnel_local_address"], p["tunnel_peer_address"])
        ipsec.check_policy_rules("policy_rules", p["policy_rules"], 4)
        ipsec.check_policy_rules("policy_rules_v6", p["policy_rules_v6"], 6)
        ipsec.check_psk("psk", p["psk"])
        self._validate_policies()
        if p["style"] is not None:
            check_style(p, p["style"], creating=False)
        ipsec.check_gm_consistency(p)

    @staticmethod
    def _validate_address(value):
        if value in ADDRESS_SLOTS or validation.UUID_PATTERN.match(value):
            return
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise ValidationError("vgw_ip", "%r is neither one of %s, an EIP id nor an IPv4 address." % (
                value, ", ".join(ADDRESS_SLOTS)))

    def _validate_policies(self):
        ike = self.params["ikepolicy"] or {}
        dpd = ike.get("dpd") or {}
        ipsec_policy = self.params["ipsecpolicy"] or {}
        validation.integer_range("ikepolicy.lifetime_seconds", ike.get("lifetime_seconds"), *ipsec.IKE_LIFETIME)
        validation.integer_range("ikepolicy.dpd.timeout", dpd.get("timeout"), 2, 60)
        validation.integer_range("ikepolicy.dpd.interval", dpd.get("interval"), 10, 3600)
        validation.integer_range("ipsecpolicy.lifetime_seconds", ipsec_policy.get("lifetime_seconds"),
                                 *ipsec.IPSEC_LIFETIME)
        if ike.get("ike_version") is not None:
            self._check_phase1(ike["ike_version"])
        for kind in ("local", "peer"):
            if ike.get(kind + "_id_type") is not None:
                ipsec.check_identity(kind, ike[kind + "_id_type"], ike.get(kind + "_id"))

    def _check_phase1(self, ike_version):
        if (self.params["ikepolicy"] or {}).get("phase1_negotiation_mode") is not None:
            validation.check(ike_version == "v1", "ikepolicy.phase1_negotiation_mode",
                             "applies only to IKE version v1 (the connection's is %s)." % ike_version)

    def _check_with_policy(self, current):
        """The checks that depend on the IKE policy the connection has (`current`, or the defaults)."""
        ike = self.params["ikepolicy"] or {}
        if ike.get("ike_version") is None:
            self._check_phase1(current.get("ike_version"))
        for kind in ("local", "peer"):
            if ike.get(kind + "_id") is not None and ike.get(kind + "_id_type") is None:
                ipsec.check_identity(kind, current.get(kind + "_id_type", "ip"), ike[kind + "_id"])

    def _check_with_gateway(self, style, creating):
        """What the gateway decides: IP version, attachment, specification, local subnets, and the customer
        gateway a BGP or GM connection needs. Reads nothing (the gateway was read by resolve)."""
        p, gateway = self.params, self.gateway
        version = 6 if gateway.get("ip_version") == "ipv6" else 4
        subnets, rules = ("peer_subnets_v6", "policy_rules_v6") if version == 6 else ("peer_subnets", "policy_rules")
        for option in ("peer_subnets", "policy_rules", "peer_subnets_v6", "policy_rules_v6"):
            if option not in (subnets, rules):
                validation.check(not p[option], option, "cannot be set: the gateway's ip_version is ipv%d." % version)
        if gateway.get("attachment_type") == "er" and style in ("policy", "bgp"):
            validation.check(not p[subnets], subnets, "must be empty: the gateway is attached to an enterprise "
                                                      "router and the style is %s." % style)
        elif creating or p[subnets] is not None:
            validation.check(bool(p[subnets]), subnets, "needs at least one customer subnet.")
        if creating and style == "policy":
            validation.check(bool(p[rules]), rules, "is needed with style policy.")
        if style == "policy-template":
            validation.check(gateway.get("flavor") in NON_FIXED_IP, "style", "policy-template needs a gateway of "
                             "the Professional1-NonFixedIP or Professional2-NonFixedIP flavor.")
        local = [ipaddress.ip_network(s) for s in (gateway.get("local_subnets") or []) +
                 (gateway.get("local_subnets_v6") or [])]
        for subnet in p[subnets] or []:
            for block in local:
                validation.check(not ipaddress.ip_network(subnet).overlaps(block), subnets,
                                 "%s overlaps the gateway's local subnet %s." % (subnet, block))
        self._check_flavor(creating)
        customer = self.customer
        if customer is not None and style == "bgp":
            option = "cgw_name" if p["cgw_name"] else "cgw_id"
            validation.check(customer.get("bgp_asn") is not None, option,
                             "customer gateway %s has no BGP AS number, which style bgp needs." % customer["id"])
            validation.check(customer.get("bgp_asn") != gateway.get("bgp_asn"), option,
                             "customer gateway %s has the gateway's BGP AS number %s; they must differ." % (
                                 customer["id"], gateway.get("bgp_asn")))

    def _check_flavor(self, creating):
        p, gateway = self.params, self.gateway
        if gateway.get("flavor") != "GM":
            for path, value in ipsec.GM_VALUES.items():
                validation.check(leaf(p, path) != value, path, "%s needs a gateway of the GM flavor." % value)
            if creating:
                validation.check(p["psk"] is not None, "psk", "is needed: the gateway is not of the GM flavor.")
            return
        for path in ipsec.NOT_FOR_GM:
            validation.check(leaf(p, path) is None, path, "a gateway of the GM flavor does not take it.")
        for path, value in ipsec.GM_ONLY_ALLOWS.items():
            validation.check(leaf(p, path) in (None, value), path,
                             "a gateway of the GM flavor takes only %s." % value)
        if not creating:
            validation.check(p["psk"] is None or p["update_psk"] != "always", "psk",
                             "cannot be changed on a connection of a gateway of the GM flavor.")
        if self.customer is not None:
            validation.check("ca_certificate" in self.customer, "cgw_name" if p["cgw_name"] else "cgw_id",
                             "customer gateway %s has no CA certificate, which a gateway of the GM flavor needs."
                             % self.customer["id"])

    def validate_create(self):
        p = self.params
        if self.planned_parent:  # check mode, under a gateway planned in this run: what needs no gateway
            validation.check(p["vgw_ip"] is not None, "vgw_ip", "is needed to create a VPN connection.")
            check_style(p, p["style"] or "static", creating=True)
            return
        validation.needed("a VPN connection", [
            ("vgw_id", self.gateway is not None, "vgw_name"), ("vgw_ip", p["vgw_ip"] is not None, None),
            ("cgw_id", self.customer is not None, "cgw_name"),
            # A gateway of the GM flavor takes no key (checked with the gateway below).
            ("psk", p["psk"] is not None or (self.gateway or {}).get("flavor") == "GM", None)])
        style = p["style"] or "static"
        check_style(p, style, creating=True)
        self._check_with_gateway(style, creating=True)
        self._check_with_policy(ipsec.GM_IKE_DEFAULTS if self.gateway.get("flavor") == "GM" else ipsec.IKE_DEFAULTS)
        ipsec.check_psk_for_call("psk", p["psk"], self.create_call)
        self._check_one_per_address_and_customer()

    def _check_one_per_address_and_customer(self):
        """A gateway address takes one connection per customer gateway (the API refuses a second one, after any
        earlier write of the run): checked against the gateway's connections before the first write."""
        taken = [c for c in iterate(self.client, api.VPN_CONNECTIONS, "vpn_connections", MARKER,
                                    {"vgw_id": self.gateway["id"]})
                 if c.get("vgw_ip") == self.params["vgw_ip"] and c.get("cgw_id") == self.customer["id"]]
        validation.check(not taken, "vgw_ip", "connection %s already joins this gateway address (%s) to customer "
                         "gateway %s; a gateway address takes one connection per customer gateway: use the other "
                         "address or another customer gateway." % (
                             ", ".join(repr(c.get("name")) for c in taken), self.params["vgw_ip"],
                             self.customer.get("name") or self.customer["id"]))

    def validate_update(self, resource, found_changes):
        if self.gateway is None:
            self.gateway = lookup.gateway(self.client, resource["vgw_id"])
        style = resource["style"].lower()
        check_style(self.params, style, creating=False)
        self._check_with_gateway(style, creating=False)
        self._check_with_policy(resource.get("ikepolicy") or {})
        if self.params["update_psk"] == "always":
            ipsec.check_psk_for_call("psk", self.params["psk"], "update")

    # -- references ----------------------------------------------------------------------------------

    def resolve(self):
        p = self.params
        if p["vgw_name"] and self.gateway is None:
            self.gateway = lookup.gateway(self.client, name=p["vgw_name"])
        if self.gateway is not None:
            p["vgw_id"] = self.gateway["id"]
        if p["state"] != "present":
            return
        if p["vgw_id"] and self.gateway is None:
            self.gateway = lookup.gateway(self.client, p["vgw_id"])
        if self.gateway is not None and self.gateway.get("status") != "ACTIVE" and self.waiting():
            # A gateway's addresses are known once it is ACTIVE.
            self.gateway = waiter.wait_for_status(
                lambda: lookup.gateway(self.client, self.gateway["id"]), api.VPN_GATEWAY, p["wait_timeout"],
                "VPN gateway %s" % self.gateway["id"])
        if self.gateway is not None:
            api.refuse_blocked(self.gateway, api.VPN_GATEWAY, "VPN gateway")
        if (p["cgw_id"] or p["cgw_name"]) and self.customer is None:
            self.customer = lookup.customer_gateway(self.client, p["cgw_id"], p["cgw_name"])
        if self.customer is not None:
            p["cgw_id"] = self.customer["id"]
        if p["vgw_ip"] is not None:
            p["vgw_ip"], self.address_slot = self._select_address(p["vgw_ip"])
            self._resolve_ha_role()

    def _select_address(self, value):
        """(the API's vgw_ip, 1 or 2) for eip1/eip2/access_private_ip_1/2, an EIP id or address of a public
        gateway, or a private address of a private one."""
        gateway = self.gateway
        network = gateway.get("network_type", "public")
        if value in ADDRESS_SLOTS:
            kind, slot = ADDRESS_SLOTS[value]
            validation.check(kind == network, "vgw_ip", "%s names an address of a %s gateway; gateway %s is %s." % (
                value, kind, gateway["id"], network))
            address = (gateway.get(value) or {}).get("id") if network == "public" else gateway.get(value)
            validation.check(bool(address), "vgw_ip", "gateway %s has no %s (it is %s)." % (
                gateway["id"], value, gateway.get("status")))
            return address, slot
        for slot, name in enumerate(GATEWAY_ADDRESSES[network], 1):
            if network == "public":
                eip = gateway.get(name) or {}
                if value in (eip.get("id"), eip.get("ip_address")):
                    return eip["id"], slot
            elif value == gateway.get(name):
                return value, slot
        raise ValidationError("vgw_ip", "%s is not an address of VPN gateway %s; valid values: %s." % (
            value, gateway.get("name") or gateway["id"], "; ".join(self._valid_addresses())))

    def _valid_addresses(self):
        """What vgw_ip may name on this gateway, for messages."""
        gateway, valid = self.gateway, []
        network = gateway.get("network_type", "public")
        for name in GATEWAY_ADDRESSES[network]:
            if network == "public":
                eip = gateway.get(name) or {}
                if eip.get("id"):
                    valid.append("%s (or %s, id %s)" % (name, eip.get("ip_address"), eip["id"]))
            elif gateway.get(name):
                valid.append("%s (or %s)" % (name, gateway[name]))
        return valid or ["none yet (the gateway is %s)" % gateway.get("status")]

    def _resolve_ha_role(self):
        """The role follows from vgw_ip's address (ipsec.ha_role); it is set when not given in active-standby mode."""
        mode = self.gateway.get("ha_mode", "active-active")
        expected = ipsec.ha_role(mode, self.address_slot)
        if self.params["ha_role"] is None:
            if mode == "active-standby":
                self.params["ha_role"] = expected
            return
        validation.check(self.params["ha_role"] == expected, "ha_role", "must be %s for the connection of the %s "
                         "address of a gateway in %s mode." % (expected, "first" if self.address_slot == 1 else
                                                               "second", mode))

    # -- comparing and predicting --------------------------------------------------------------------

    def comparable(self, resource):
        """Values the service fills in count only when the task sets them: the identities (local_id, peer_id,
        which default to the two ends' addresses), the phase 1 mode of a policy the task moves to IKEv2, and the
        peer subnets the API leaves out (an ER gateway's BGP or policy connection, an IPv6 gateway's IPv4
        subnets). They are then neither compared, nor shown in diffs, nor sent back in an update."""
        comparable = dict(resource)
        wanted = self.params["ikepolicy"] or {}
        if isinstance(resource.get("ikepolicy"), dict):
            ike = dict(resource["ikepolicy"])
            for key in ("local_id", "peer_id"):
                if wanted.get(key) is None:
                    ike.pop(key, None)
            if wanted.get("ike_version") == "v2" and wanted.get("phase1_negotiation_mode") is None:
                ike.pop("phase1_negotiation_mode", None)
            comparable["ikepolicy"] = ike
        for key in ("peer_subnets", "peer_subnets_v6"):
            if self.params[key] == [] and key not in resource:
                comparable[key] = []
        return comparable

    def predict_created(self, body):
        """The connection as the API will describe it: the task's options over the defaults of its style and
        gateway. The identities, and the tunnel addresses of a static connection, are the service's choice."""
        p, gateway = self.params, self.gateway or {}
        request = compare.create_body(self.spec.fields, p)
        request.update(body)
        style = p["style"] or "static"
        ike, ipsec_policy = ipsec.effective_policies(gateway, style, request.get("ikepolicy"),
                                                     request.get("ipsecpolicy"))
        predicted = dict(request, style=style.upper(), ha_role=request.get("ha_role", HA_ROLES[0]),
                         ikepolicy=ike, ipsecpolicy=ipsec_policy)
        if style == "static":
            predicted.setdefault("enable_nqa", False)
        if style == "bgp":
            predicted.setdefault("enable_hub", False)
        if gateway.get("enterprise_project_id"):
            predicted["enterprise_project_id"] = gateway["enterprise_project_id"]
        return predicted

    # -- reset -----------------------------------------------------------------------------------------

    def plan(self, current):
        if self.params["state"] != "reset":
            plan = super().plan(current)
            if plan.operation == "update" and set(plan.body) - {"name"} == {"psk"} and \
                    (current.get("ikepolicy") or {}).get("ike_version") == "v2":
                # "When the IKE version is v2 and only this parameter is modified, the modification does not take
                # effect" (Updating a VPN Connection); the key is checked when the tunnel is negotiated again, which
                # a reset does at once.
                plan.actions.append("psk_reset")
                self.module.warn(PSK_RESET_NOTE % self.describe())
            return plan
        self.doing = "Resetting %s" % self.describe()
        if current is None:
            raise HwcError("there is no such connection to reset.")
        view = self.view(current)
        return Plan("reset", current, before=view, after=view, predicted=current)

    def apply_psk_reset(self, resource, plan):
        self.client.request("POST", self.item_path(resource["id"]) + "/reset", idempotent=True)

    def reset(self, plan):
        """Tear the tunnel down and negotiate it again: an action, so always a change."""
        resource = self.settled(plan.resource)
        self.client.request("POST", self.item_path(resource["id"]) + "/reset", idempotent=True)
        self.mark_changed()
        return Outcome(self.wait_ready(resource["id"]), plan.after)


class ConnectionSet(ResourceSet):
    """The connections listed in `connections` (typically the two of a site): those missing are created together
    through the batch API, two per call, all or nothing; the others are updated, reset or deleted one by one,
    after every one has been planned."""

    member_class = VpnConnection
    items_option = "connections"
    unique_keys = ("name", "vgw_ip")

    def __init__(self, module, client=None):
        super().__init__(module, client)
        for member in self.members:
            member.create_call = "batch-create"

    def describe(self):
        return "VPN connections %s" % ", ".join(repr(self.name(m)) for m in self.members)

    def validate(self):
        validation.check(bool(self.params["vgw_id"] or self.params["vgw_name"]), "vgw_id",
                         "is needed with connections (or vgw_name).")
        super().validate()

    def resolve(self):
        first = self.members[0]
        first.resolve()
        for member in self.members[1:]:
            member.gateway, member.customer = first.gateway, first.customer
            member.resolve()

    def plan(self, current):
        if self.params["state"] == "reset":
            missing = [self.name(m) for m in self.members if self.name(m) not in current]
            validation.check(not missing, "connections", "there is no connection named %s to reset." %
                             ", ".join(missing))
        plan = super().plan(current)
        self.doing = "%s %s" % ({"reset": "Resetting", "absent": "Deleting"}.get(self.params["state"], "Managing"),
                                self.describe())
        return plan

    def create_together(self, creates):
        created = {}
        for start in range(0, len(creates), 2):
            chunk = creates[start:start + 2]
            response = self.client.request(
                "POST", api.VPN_CONNECTIONS_BATCH_CREATE, body={"vpn_connections": [plan.body for _m, plan in chunk]},
                recover=lambda chunk=chunk: self._recover([member for member, _plan in chunk]))
            created.update((c["name"], c) for c in response.require("vpn_connections", list))
            for member, _plan in chunk:
                member.mark_changed()
        outcomes = {}
        for member, _plan in creates:
            resource = created[self.name(member)]
            resource = member.wait_ready(resource["id"]) or resource
            outcomes[self.name(member)] = Outcome(resource, member.view(resource))
        return outcomes

    def _recover(self, members):
        """After a batch create whose answer was lost: the connections, if the batch took effect (it is all or
        nothing)."""
        found = self.find()
        present = [found[self.name(m)] for m in members if self.name(m) in found]
        if not present:
            return None
        if len(present) != len(members):
            raise HwcError("only some connections of a lost batch create exist; run the task again to finish.")
        return {"vpn_connections": present}


def choose_task(params):
    """One connection, or with `connections` the set the task lists."""
    return ConnectionSet if params.get("connections") is not None else VpnConnection


_POLICY_RULES = dict(type="list", elements="dict", options=dict(
    source=dict(type="str", required=True), destination=dict(type="list", elements="str", required=True)))
OPTIONS = dict(
    name=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent", "reset"]),
    vgw_id=dict(type="str"),
    vgw_name=dict(type="str"),
    vgw_ip=dict(type="str"),
    cgw_id=dict(type="str"),
    cgw_name=dict(type="str"),
    style=dict(type="str", choices=STYLES),
    peer_subnets=dict(type="list", elements="str"),
    peer_subnets_v6=dict(type="list", elements="str"),
    tunnel_local_address=dict(type="str"),
    tunnel_peer_address=dict(type="str"),
    enable_nqa=dict(type="bool"),
    enable_hub=dict(type="bool"),
    psk=dict(type="str", no_log=True),
    update_psk=dict(type="str", default="on_create", choices=["on_create", "always"]),
    policy_rules=_POLICY_RULES,
    policy_rules_v6=_POLICY_RULES,
    ikepolicy=dict(type="dict", options=dict(
        ike_version=dict(type="str", choices=["v1", "v2"]),
        phase1_negotiation_mode=dict(type="str", choices=["main", "aggressive"]),
        authentication_algorithm=dict(type="str", choices=ipsec.CONNECTION_AUTHENTICATION),
        encryption_algorithm=dict(type="str", choices=ipsec.CONNECTION_ENCRYPTION),
        dh_group=dict(type="str", choices=ipsec.CONNECTION_DH_GROUPS),
        authentication_method=dict(type="str", choices=["pre-share", "digital-envelope-v2"]),
        lifetime_seconds=dict(type="int"),
        local_id_type=dict(type="str", choices=["ip", "fqdn"]),
        local_id=dict(type="str"),
        peer_id_type=dict(type="str", choices=["ip", "fqdn", "any"]),
        peer_id=dict(type="str"),
        dpd=dict(type="dict", options=dict(
            timeout=dict(type="int"), interval=dict(type="int"),
            msg=dict(type="str", choices=["seq-hash-notify", "seq-notify-hash"]))))),
    ipsecpolicy=dict(type="dict", options=dict(
        authentication_algorithm=dict(type="str", choices=ipsec.CONNECTION_AUTHENTICATION),
        encryption_algorithm=dict(type="str", choices=ipsec.CONNECTION_ENCRYPTION),
        pfs=dict(type="str", choices=ipsec.CONNECTION_PFS),
        transform_protocol=dict(type="str", choices=["esp"]),
        lifetime_seconds=dict(type="int"),
        encapsulation_mode=dict(type="str", choices=["tunnel"]))),
    ha_role=dict(type="str", choices=list(HA_ROLES)),
    connections=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        vgw_ip=dict(type="str", required=True),
        tunnel_local_address=dict(type="str"),
        tunnel_peer_address=dict(type="str"),
        ha_role=dict(type="str", choices=list(HA_ROLES)),
        psk=dict(type="str", no_log=True))),
)


def main():
    exclusive = [["vgw_id", "vgw_name"], ["cgw_id", "cgw_name"]]
    exclusive += [["connections", option] for option in ("id", "name", "vgw_ip", "tunnel_local_address",
                                                         "tunnel_peer_address", "ha_role")]
    run_module(VpnConnection, OPTIONS, choose=choose_task, required_one_of=[["id", "name", "connections"]],
               mutually_exclusive=exclusive)


if __name__ == "__main__":
    main()
