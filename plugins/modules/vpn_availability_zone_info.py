#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_availability_zone_info
short_description: List the availability zones offering S2C VPN gateways
version_added: 0.1.0
description:
  - Reads where S2C VPN gateways can be deployed, with the V5 query (API "Querying the AZs of VPN Gateways (V5)",
    AZs per flavor and attachment) or the V5.1 query (API "Querying the AZs of VPN Gateways (V5.1)", flavors,
    attachments and IP versions per AZ).
  - With O(flavor), O(attachment_type) and O(ip_version) it also answers which AZs offer that combination,
    ready for the C(availability_zone_ids) option of M(hwcloud.vpn.vpn_gateway).
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  api_version:
    description:
      - V(v5.1) gives AZ names with their specifications, IPv6 included; V(v5) the older per-flavor form.
    type: str
    choices: [v5, v5.1]
    default: v5.1
  flavor:
    description:
      - Keep in RV(zone_names) only the AZs offering this gateway flavor.
    type: str
    choices: [Basic, Professional1, Professional2, GM, Professional1-NonFixedIP, Professional2-NonFixedIP]
  attachment_type:
    description:
      - Keep in RV(zone_names) only the AZs offering this attachment type.
    type: str
    choices: [vpc, er]
  ip_version:
    description:
      - Keep in RV(zone_names) only the AZs offering this IP version (V5.1 only; V5 knows IPv4 only).
    type: str
    choices: [ipv4, ipv6]
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: AZs for a Professional2 gateway attached to an enterprise router
  hwcloud.vpn.vpn_availability_zone_info:
    flavor: Professional2
    attachment_type: er
  register: zones

- name: Use two of them
  hwcloud.vpn.vpn_gateway:
    name: er-vpngw
    attachment_type: er
    flavor: Professional2
    availability_zone_ids: "{{ zones.zone_names[:2] }}"
    er_id: "{{ er_id }}"
    bgp_asn: 65533
    vpc_id: "{{ access_vpc_id }}"
    connect_subnet: "{{ access_subnet_id }}"
    eip1: {type: 5_bgp, bandwidth_size: 300}
    eip2: {type: 5_bgp, bandwidth_size: 300}
"""

RETURN = r"""
availability_zones:
  description:
    - The API's answer. With O(api_version=v5.1) a list of AZs (name, public_border_group, available_specs with
      flavor, attachment_type and ip_version); with O(api_version=v5) a dictionary from flavor (C(basic),
      C(professional1), C(professional2), C(gm), C(Professional1-NonFixedIP), C(Professional2-NonFixedIP)) to
      the AZ names per attachment type (C(vpc), C(er)).
  returned: always
  type: raw
zone_names:
  description: Names of the AZs that offer the O(flavor), O(attachment_type) and O(ip_version) asked for.
  returned: always
  type: list
  elements: str
  sample: [cn-north-4a, cn-north-4b]
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info

FLAVORS = ["Basic", "Professional1", "Professional2", "GM", "Professional1-NonFixedIP", "Professional2-NonFixedIP"]
V5_KEYS = {"Basic": "basic", "Professional1": "professional1", "Professional2": "professional2", "GM": "gm"}


def _names_v51(zones, flavor, attachment, ip_version):
    names = []
    for zone in zones:
        for spec in zone.get("available_specs") or []:
            if flavor in (None, spec.get("flavor")) and attachment in (None, spec.get("attachment_type")) \
                    and ip_version in (None, spec.get("ip_version")):
                names.append(zone["name"])
                break
    return names


def _names_v5(zones, flavor, attachment, ip_version):
    if ip_version == "ipv6":
        return []
    names = []
    for key, by_attachment in zones.items():
        if flavor is not None and key != V5_KEYS.get(flavor, flavor):
            continue
        for kind, zone_names in (by_attachment or {}).items():
            if attachment in (None, kind):
                names.extend(n for n in zone_names if n not in names)
    return sorted(names)


def gather(module, client):
    params = module.params
    if params["api_version"] == "v5.1":
        zones = client.read(api.VPN_GATEWAY_AZS_V51, "availability_zones", list)
        names = _names_v51(zones, params["flavor"], params["attachment_type"], params["ip_version"])
    else:
        zones = client.read(api.VPN_GATEWAY_AZS, "availability_zones")
        names = _names_v5(zones, params["flavor"], params["attachment_type"], params["ip_version"])
    return {"availability_zones": zones, "zone_names": names}


def main():
    run_info(dict(api_version=dict(type="str", choices=["v5", "v5.1"], default="v5.1"),
                  flavor=dict(type="str", choices=FLAVORS),
                  attachment_type=dict(type="str", choices=["vpc", "er"]),
                  ip_version=dict(type="str", choices=["ipv4", "ipv6"])), gather)


if __name__ == "__main__":
    main()
