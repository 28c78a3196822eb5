#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_gateway_job_info
short_description: List the upgrade jobs of Huawei Cloud VPN gateways (S2C or P2C)
version_added: 0.1.0
description:
  - Lists upgrade and rollback jobs (API "Querying the Resource Task List", for VPN gateways and for P2C VPN gateways),
    oldest first. Jobs are made by M(hwcloud.vpn.vpn_gateway_upgrade) and deleted by M(hwcloud.vpn.vpn_gateway_job).
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  gateway_type:
    description:
      - V(s2c) for the jobs of VPN gateways, V(p2c) for those of P2C VPN gateways.
    type: str
    choices: [p2c, s2c]
    default: s2c
  gateway_id:
    description:
      - Return only the jobs of this gateway.
    type: str
  id:
    description:
      - Return only the job with this ID (an empty list when there is none).
    type: str
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: The upgrade jobs of a gateway
  hwcloud.vpn.vpn_gateway_job_info:
    gateway_id: "{{ gateway.vpn_gateway.id }}"
  register: jobs
"""

RETURN = r"""
jobs:
  description:
    - The jobs, oldest first, as the API describes them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the job.
      type: str
    resource_id:
      description: ID of the gateway.
      type: str
    job_type:
      description: C(upgrade) or C(rollback).
      type: str
    status:
      description: C(upgrading), C(pending_upgrade_confirm), C(success), C(rolling_back), C(rollback_success) or C(fail).
      type: str
    created_at:
      description: When the job started (UTC).
      type: str
    finished_at:
      description: When it ended (UTC; empty while it runs).
      type: str
    sub_jobs:
      description: Its steps (C(prepare_resource), C(upgrade_worker_1), C(upgrade_worker_2)) with their statuses.
      type: list
      elements: dict
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info, select
from ansible_collections.hwcloud.vpn.plugins.module_utils.upgrades import gateway_type_spec, list_jobs


def gather(module, client):
    params = module.params
    validation.uuids(params, "id", "gateway_id")
    return {"jobs": select(list_jobs(client, params["gateway_type"], params["gateway_id"]), module)}


def main():
    options = gateway_type_spec()
    options.update(gateway_id=dict(type="str"), id=dict(type="str"))
    run_info(options, gather)


if __name__ == "__main__":
    main()
