#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_gateway_upgrade
short_description: Start, finish or roll back the upgrade of a Huawei Cloud VPN gateway (S2C or P2C)
version_added: 0.1.0
description:
  - Upgrades a site-to-cloud VPN gateway or a point-to-cloud VPN gateway in the API's two steps (API "Upgrading a VPN
    Gateway" and "Upgrading a P2C VPN Gateway"). V(start) starts the upgrade; the gateway goes C(UPGRADING), then
    C(PENDING_UPGRADE_CONFIRM). Then V(finish) commits it (the gateway is C(ACTIVE) on the new version) or V(rollback)
    returns to the old version (C(ROLLING_BACK), then C(ACTIVE)).
  - While the upgrade waits for confirmation the service refuses every other change to the gateway, its connections
    and its server; the other modules fail at once saying so and pointing here.
  - Idempotent by the gateway's status and its latest job (M(hwcloud.vpn.vpn_gateway_job_info)). V(start) changes
    nothing on a gateway whose upgrade waits for confirmation, or that has no upgrade available (C(upgrade_info) is
    C(unready)). V(finish) and V(rollback) change nothing when the latest job of the gateway already finished
    or rolled back, and fail when no upgrade waits for confirmation and none was finished or rolled back.
  - The module waits through C(UPGRADING) and C(ROLLING_BACK) when O(wait=true), and fails at once on a frozen gateway.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  gateway_type:
    description:
      - V(s2c) for a VPN gateway (M(hwcloud.vpn.vpn_gateway)), V(p2c) for a P2C VPN gateway (M(hwcloud.vpn.p2c_gateway)).
    type: str
    choices: [p2c, s2c]
    default: s2c
  gateway_id:
    description:
      - ID of the gateway.
    type: str
    required: true
  action:
    description:
      - V(start) the upgrade, V(finish) it (commit the new version) or V(rollback) to the old version.
    type: str
    required: true
    choices: [start, finish, rollback]
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.WAIT
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Start the upgrade of a VPN gateway (waits until it awaits confirmation)
  hwcloud.vpn.vpn_gateway_upgrade:
    gateway_id: "{{ gateway.vpn_gateway.id }}"
    action: start

- name: Commit it once the tunnels are checked
  hwcloud.vpn.vpn_gateway_upgrade:
    gateway_id: "{{ gateway.vpn_gateway.id }}"
    action: finish

- name: Upgrade a P2C VPN gateway too
  hwcloud.vpn.vpn_gateway_upgrade:
    gateway_type: p2c
    gateway_id: "{{ p2c_gateway.p2c_vpn_gateway.id }}"
    action: start

- name: Or return it to its old version
  hwcloud.vpn.vpn_gateway_upgrade:
    gateway_type: p2c
    gateway_id: "{{ p2c_gateway.p2c_vpn_gateway.id }}"
    action: rollback
"""

RETURN = r"""
gateway:
  description:
    - The gateway as the API shows it after the action (API "Querying a VPN Gateway" or "Querying a P2C VPN Gateway");
      in check mode, as it is.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the gateway.
      type: str
    status:
      description: C(PENDING_UPGRADE_CONFIRM) after V(start), C(ACTIVE) after V(finish) and V(rollback).
      type: str
    upgrade_info:
      description: C(ready) when an upgrade is available, C(unready) once the latest version runs.
      type: str
job:
  description:
    - The job of the action (the latest job of the gateway when nothing changed; empty when it has none), as API
      "Querying the Resource Task List" shows it.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the job.
      type: str
    job_type:
      description: C(upgrade) or C(rollback).
      type: str
    status:
      description: C(upgrading), C(pending_upgrade_confirm), C(success), C(rolling_back), C(rollback_success) or C(fail).
      type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils.upgrades import GatewayUpgrade, upgrade_argument_spec


def main():
    module = AnsibleModule(argument_spec=upgrade_argument_spec(), supports_check_mode=True)
    GatewayUpgrade(module).run()


if __name__ == "__main__":
    main()
