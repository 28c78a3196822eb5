#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_quota_info
short_description: Read the VPN resource quotas of the project and their use
version_added: 0.1.0
description:
  - Reads the quotas of Enterprise Edition VPN resources (API "VPN Quota") in the project, with how many of each are
    in use, so that a play can check there is room before it creates gateways, customer gateways or connections.
  - The API reports the types C(vpn_gateway), C(customer_gateway) and C(vpn_connection), and may report the Classic
    VPN types C(vpngw) and C(vpn), which this collection does not manage.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  type:
    description:
      - Keep only the quotas of these resource types (the API's C(type) values, for example V(vpn_gateway)).
      - All the types the API reports when not set.
    type: list
    elements: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Read the VPN quotas
  hwcloud.vpn.vpn_quota_info:
  register: vpn_quotas

- name: Stop before the gateway quota is exceeded
  ansible.builtin.assert:
    that:
      - vpn_quotas.available.vpn_gateway >= 2
    fail_msg: >-
      Only {{ vpn_quotas.available.vpn_gateway }} more VPN gateways can be created
      ({{ vpn_quotas.by_type.vpn_gateway.used }} of {{ vpn_quotas.by_type.vpn_gateway.quota }} in use).

- name: Only the connection quota
  hwcloud.vpn.vpn_quota_info:
    type: [vpn_connection]
  register: connection_quota
"""

RETURN = r"""
quotas:
  description:
    - The API's answer (API "Querying Quotas"), filtered by O(type).
  returned: always
  type: dict
  contains:
    resources:
      description: One entry per resource type.
      type: list
      elements: dict
      contains:
        type:
          description:
            - Resource type, C(customer_gateway), C(vpn_connection) or C(vpn_gateway) (Enterprise Edition), or
              C(vpngw) and C(vpn) (Classic VPN).
          type: str
          sample: vpn_gateway
        quota:
          description: The most resources of the type the project may have.
          type: int
          sample: 50
        used:
          description: How many the project has.
          type: int
          sample: 3
by_type:
  description:
    - The same quotas keyed by resource type, for use in conditions.
  returned: always
  type: dict
  sample: {"vpn_gateway": {"quota": 50, "used": 3}, "customer_gateway": {"quota": 100, "used": 12}}
available:
  description:
    - How many more resources of each type can be created (quota minus used, never below 0).
  returned: always
  type: dict
  sample: {"vpn_gateway": 47, "customer_gateway": 88}
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info

# The value range of QuotaInfo.type (API: Querying Quotas).
TYPES = ("customer_gateway", "vpn_connection", "vpn_gateway", "vpngw", "vpn")


def gather(module, client):
    wanted = module.params["type"]
    for value in wanted or []:
        validation.check(value in TYPES, "type", "%r is not a quota type the API reports; it must be one of %s."
                         % (value, ", ".join(TYPES)))
    resources = client.read(api.QUOTAS, "quotas").get("resources") or []
    if wanted:
        resources = [r for r in resources if r.get("type") in wanted]
    by_type = dict((r["type"], {"quota": r.get("quota"), "used": r.get("used")}) for r in resources)
    available = dict((kind, max(0, (q["quota"] or 0) - (q["used"] or 0))) for kind, q in by_type.items())
    return {"quotas": {"resources": resources}, "by_type": by_type, "available": available}


def main():
    run_info(dict(type=dict(type="list", elements="str")), gather)


if __name__ == "__main__":
    main()
