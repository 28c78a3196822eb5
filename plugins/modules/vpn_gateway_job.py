#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_gateway_job
short_description: Delete the job records of Huawei Cloud VPN gateway upgrades (S2C or P2C)
version_added: 0.1.0
description:
  - Deletes the records of upgrade and rollback jobs (API "Deleting Records of a Specified Task", for VPN gateways and
    for P2C VPN gateways), one job by its ID or every finished job of a gateway.
  - A job whose upgrade still runs or waits for confirmation cannot be deleted; finish or roll it back with
    M(hwcloud.vpn.vpn_gateway_upgrade) first (given by ID it fails, saying so; among a gateway's jobs it is left).
  - List the jobs with M(hwcloud.vpn.vpn_gateway_job_info).
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  gateway_type:
    description:
      - V(s2c) for the jobs of VPN gateways, V(p2c) for those of P2C VPN gateways.
    type: str
    choices: [p2c, s2c]
    default: s2c
  id:
    description:
      - ID of the job to delete.
    type: str
  gateway_id:
    description:
      - Delete every finished job of this gateway (with O(id), only that job, if it is the gateway's).
    type: str
  state:
    description:
      - V(absent), the only state a job record can be brought to (jobs are made by M(hwcloud.vpn.vpn_gateway_upgrade)).
    type: str
    choices: [absent]
    default: absent
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Forget the finished upgrade jobs of a gateway
  hwcloud.vpn.vpn_gateway_job:
    gateway_id: "{{ gateway.vpn_gateway.id }}"

- name: Delete one job record of a P2C VPN gateway (jobs from hwcloud.vpn.vpn_gateway_job_info)
  hwcloud.vpn.vpn_gateway_job:
    gateway_type: p2c
    id: "{{ p2c_jobs.jobs[0].id }}"
"""

RETURN = r"""
jobs:
  description:
    - The jobs that were deleted (or would be, in check mode), as API "Querying the Resource Task List" showed them.
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
      description: Status of the job.
      type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils.upgrades import JobRecords, job_argument_spec


def main():
    module = AnsibleModule(argument_spec=job_argument_spec(), supports_check_mode=True,
                           required_one_of=[["id", "gateway_id"]])
    JobRecords(module).run()


if __name__ == "__main__":
    main()
