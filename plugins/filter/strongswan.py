# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters over module_utils/strongswan.py: the API's IKE and IPsec policies as strongSwan proposals, and swanctl's
--raw output as data. Documented in the sidecar files strongswan_*.yml."""

from ansible.errors import AnsibleFilterError

from ansible_collections.hwcloud.vpn.plugins.module_utils import strongswan


def _filter(function):
    def convert(value):
        try:
            return function(value)
        except KeyError as error:
            raise AnsibleFilterError("%s: the policy has no %s" % (function.__name__, error))
        except ValueError as error:
            raise AnsibleFilterError("%s: %s" % (function.__name__, error))
    return convert


class FilterModule:
    def filters(self):
        return {
            "strongswan_ike_proposal": _filter(strongswan.ike_proposal),
            "strongswan_esp_proposal": _filter(strongswan.esp_proposal),
            "strongswan_sections": _filter(strongswan.sections),
        }
