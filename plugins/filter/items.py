# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""as_items: values as the items of a list option, such as the ids of what to delete in one task. Documented in
the sidecar file as_items.yml."""

from ansible.errors import AnsibleFilterError


def as_items(values, key):
    """[{key: value}, ...], in order: `ids | hwcloud.vpn.as_items('id')` for customer_gateways, user_groups..."""
    if not isinstance(key, str) or not key:
        raise AnsibleFilterError("as_items: the key must be an option name, not %r" % (key,))
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise AnsibleFilterError("as_items: expects a list of values, not %s" % type(values).__name__)
    return [{key: value} for value in values]


class FilterModule:
    def filters(self):
        return {"as_items": as_items}
