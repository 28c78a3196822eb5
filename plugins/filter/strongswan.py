# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that turn the API's IKE and IPsec policies into strongSwan proposals (module_utils/strongswan.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: strongswan_ike_proposal
short_description: A strongSwan IKE proposal from a VPN connection's ikepolicy
version_added: 1.0.0
description:
  - Turns the API's O(_input.encryption_algorithm), O(_input.authentication_algorithm) and O(_input.dh_group) into a
    strongSwan proposal such as C(aes256-sha256-modp2048). With a GCM cipher the integrity algorithm becomes the PRF.
  - The sibling filter C(hwcloud.vpn.strongswan_esp_proposal) does the same for an ipsecpolicy (with C(pfs)).
  - GM algorithms (sm4, sm3) have no strongSwan equivalent and fail with a message saying so.
options:
  _input:
    description: An ikepolicy (or ipsecpolicy for C(strongswan_esp_proposal)) as the API returns it.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: IKE and ESP proposals of a connection
  ansible.builtin.debug:
    msg: "{{ connection.ikepolicy | hwcloud.vpn.strongswan_ike_proposal }} and
      {{ connection.ipsecpolicy | hwcloud.vpn.strongswan_esp_proposal }}"
"""

RETURN = r"""
_value:
  description: The strongSwan proposal keyword string.
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.hwcloud.vpn.plugins.module_utils import strongswan


def _filter(function):
    def convert(policy):
        try:
            return function(policy)
        except (KeyError, ValueError) as error:
            raise AnsibleFilterError("%s: %s" % (function.__name__, error))
    return convert


class FilterModule(object):
    def filters(self):
        return {
            "strongswan_ike_proposal": _filter(strongswan.ike_proposal),
            "strongswan_esp_proposal": _filter(strongswan.esp_proposal),
        }
