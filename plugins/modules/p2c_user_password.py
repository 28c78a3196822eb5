#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_user_password
short_description: Change a Huawei Cloud P2C VPN user's password with the old one (self-service)
version_added: 0.1.0
description:
  - Changes the password of a VPN user of a VPN server that authenticates with C(LOCAL_PASSWORD), given the user's
    current password (API "Changing the Password of a VPN User"), as a self-service flow does. An administrator who
    does not know the old password sets a new one with M(hwcloud.vpn.p2c_user) (O(hwcloud.vpn.p2c_user#module:password)
    with O(hwcloud.vpn.p2c_user#module:update_password=always), API "Resetting the Password of a VPN User").
  - Idempotent without reading any password (the API never returns one). The module first asks the API to change
    O(new_password) to itself, a request that changes nothing. The API answers VPN.1311 ("the new password cannot be
    the same as the old one") when O(new_password) is already the user's password, and then the task changes nothing.
    It answers VPN.1312 ("the old password is incorrect") otherwise, and the module changes O(old_password) to
    O(new_password). An O(old_password) that is not the current password fails the task, naming the option.
  - In check mode no request is sent that could write, so the change is reported as planned whenever the user exists.
  - Passwords never appear in results, diffs, logs or errors.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  name:
    description:
      - Name of the VPN user.
    type: str
    required: true
  old_password:
    description:
      - The user's current password.
    type: str
    required: true
  new_password:
    description:
      - The new password, by the rules of API "Creating a VPN User" (8 to 32 characters of at least two kinds, not the
        user name or its reverse) and different from the latest five passwords of the user.
    type: str
    required: true
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Alice changes her own VPN password
  hwcloud.vpn.p2c_user_password:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: alice
    old_password: "{{ alice_old_password }}"
    new_password: "{{ alice_new_password }}"
  no_log: true
"""

RETURN = r"""
user:
  description:
    - The user as the API describes it (API "Querying a VPN User"); never a password.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the user.
      type: str
    name:
      description: Name of the user.
      type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils import p2c
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.p2c_password import PasswordChange


def main():
    argument_spec = dict(name=dict(type="str", required=True), old_password=dict(type="str", required=True, no_log=True),
                         new_password=dict(type="str", required=True, no_log=True))
    argument_spec.update(p2c.server_options())
    argument_spec.update(auth_spec())
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_one_of=[p2c.SERVER_OPTIONS], mutually_exclusive=[p2c.SERVER_OPTIONS])
    PasswordChange(module).run()


if __name__ == "__main__":
    main()
