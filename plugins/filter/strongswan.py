# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters over module_utils/strongswan.py: the API's IKE and IPsec policies as strongSwan proposals, and swanctl's
--raw output as data. Documented in the sidecar files strongswan_*.yml.

module_utils/strongswan.py is imported when a filter runs, not with this file: Ansible imports every filter file of
the collection, compiling it and what it imports, in each task that uses any of the collection's filters."""

from ansible.errors import AnsibleFilterError


def _filter(name):
    def convert(value):
        from ansible_collections.hwcloud.vpn.plugins.module_utils import strongswan

        try:
            return getattr(strongswan, name)(value)
        except KeyError as error:
            raise AnsibleFilterError("%s: the policy has no %s" % (name, error))
        except ValueError as error:
            raise AnsibleFilterError("%s: %s" % (name, error))
    return convert


class FilterModule:
    def filters(self):
        return {
            "strongswan_ike_proposal": _filter("ike_proposal"),
            "strongswan_esp_proposal": _filter("esp_proposal"),
            "strongswan_sections": _filter("sections"),
        }
