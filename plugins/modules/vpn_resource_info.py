#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vpn_resource_info
short_description: Find VPN resources of any type by their tags, and count them
version_added: 0.1.0
description:
  - Finds S2C VPN gateways, customer gateways, VPN connections and P2C VPN gateways by tags and by name with the tag
    service's resource queries (API "Querying the Resource Instance List" and "Querying the Number of Resource
    Instances"), one query per resource type, reading every page of the answer.
  - Returns the resources found (ID, name and tags) and how many there are of each type. Read the resources
    themselves with the matching C(*_info) module, for example M(hwcloud.vpn.vpn_gateway_info).
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  resource_type:
    description:
      - The resource types to search, as the tag API names them. V(vpn-gateway) is the S2C VPN gateway,
        V(customer-gateway) the customer gateway, V(vpn-connection) the S2C VPN connection and
        V(p2c-vpn-gateways) the P2C VPN gateway.
      - One query is sent per type (two with O(count_only=false) and more than 1000 resources of a type).
    type: list
    elements: str
    choices: [vpn-gateway, customer-gateway, vpn-connection, p2c-vpn-gateways]
    default: [vpn-gateway, customer-gateway, vpn-connection, p2c-vpn-gateways]
  tags:
    description:
      - Tags the resources must have, as a dictionary from tag key to the wanted value.
      - A value may be a string (the tag must have this value), a list of strings (any of them; at most 20), or
        V(null) (any value, the key alone is enough).
      - All the keys must match (AND); the values of one key are alternatives (OR). At most 20 keys of 1 to 128
        characters, values of 0 to 255 characters.
      - Cannot be used with O(without_any_tag=true).
    type: dict
  without_any_tag:
    description:
      - Find the resources that have no tag at all.
    type: bool
    default: false
  name:
    description:
      - Find the resources whose name matches this value, with the API's C(resource_name) match (a fuzzy match,
        the name contains the value). At most 255 characters.
    type: str
  count_only:
    description:
      - Only count the resources (API "Querying the Number of Resource Instances"); RV(resources) is then empty.
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.INFO_ATTRIBUTES
notes:
  - The tag service's view may lag behind the resources by a few seconds after tags change.
"""

EXAMPLES = r"""
- name: Everything of the Paris site, whatever its type
  hwcloud.vpn.vpn_resource_info:
    tags:
      site: paris
  register: paris

- name: Production gateways owned by the network or the security team
  hwcloud.vpn.vpn_resource_info:
    resource_type: vpn-gateway
    tags:
      env: prod
      team: [network, security]
      cost-center: null
  register: prod_gateways

- name: Count the untagged connections
  hwcloud.vpn.vpn_resource_info:
    resource_type: vpn-connection
    without_any_tag: true
    count_only: true
  register: untagged

- name: Report
  ansible.builtin.debug:
    msg: >-
      {{ paris.total_count }} resources at the Paris site
      ({{ paris.counts['customer-gateway'] }} customer gateways),
      {{ untagged.counts['vpn-connection'] }} untagged connections.
"""

RETURN = r"""
resources:
  description:
    - The resources found (API "Querying the Resource Instance List"), in the order of O(resource_type), then as the
      API lists them. Empty with O(count_only=true).
  returned: always
  type: list
  elements: dict
  contains:
    resource_type:
      description: The resource type of this entry, one of O(resource_type) (added by the module).
      type: str
      sample: vpn-gateway
    resource_id:
      description: ID of the resource.
      type: str
      sample: 134f9fb1-b9f1-4fa7-a8df-2040a5c13325
    resource_name:
      description: Name of the resource.
      type: str
      sample: vpngw-paris
    resource_detail:
      description: Reserved by the API; empty.
      type: raw
    tags:
      description: The tags of the resource as key and value pairs.
      type: list
      elements: dict
      sample: [{"key": "site", "value": "paris"}]
counts:
  description:
    - How many resources of each type match (the API's C(total_count) per type).
  returned: always
  type: dict
  sample: {"vpn-gateway": 2, "customer-gateway": 3, "vpn-connection": 4, "p2c-vpn-gateways": 0}
total_count:
  description: How many resources match, all types together.
  returned: always
  type: int
  sample: 9
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.info import run_info

RESOURCE_TYPES = ["vpn-gateway", "customer-gateway", "vpn-connection", "p2c-vpn-gateways"]
PAGE_SIZE = 1000
MAX_PAGES = 1000
MAX_VALUES = 20


def _text(value):
    return "" if value is None else str(value)


def query_body(params):
    """The request body of the resource instance queries (list and count) from the options, checked first."""
    body = {}
    if params["without_any_tag"]:
        validation.check(not params["tags"], "tags", "cannot be used with without_any_tag=true.")
        body["without_any_tag"] = True
    elif params["tags"]:
        validation.check(len(params["tags"]) <= validation.MAX_TAGS, "tags", "%d tags given; the API accepts at "
                         "most %d." % (len(params["tags"]), validation.MAX_TAGS))
        wanted = []
        for key, value in sorted(params["tags"].items()):
            validation.check(validation.TAG_KEY_PATTERN.match(key) is not None, "tags",
                             "tag key %r must be 1 to 128 letters, digits, spaces or _ . : = + - @." % (key,))
            values = [] if value is None else [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
            validation.check(len(values) <= MAX_VALUES, "tags", "tag %r lists %d values; the API accepts at most %d."
                             % (key, len(values), MAX_VALUES))
            for text in values:
                validation.check(validation.TAG_VALUE_PATTERN.match(text) is not None, "tags",
                                 "the values of tag %r must be 0 to 255 letters, digits, spaces or _ . : = + - @."
                                 % (key,))
            wanted.append({"key": key, "values": values})
        body["tags"] = wanted
    if params["name"] is not None:
        validation.check(len(params["name"]) <= 255, "name", "is longer than 255 characters.")
        body["matches"] = [{"key": "resource_name", "value": params["name"]}]
    return body


def count(client, resource_type, body):
    answer = client.request("POST", api.RESOURCE_TYPE % resource_type + "/resource-instances/count", body=body,
                            idempotent=True).body
    return answer.get("total_count") or 0


def find(client, resource_type, body):
    """Every resource of the type that matches, page by page (limit and offset); and the API's total count."""
    path = api.RESOURCE_TYPE % resource_type + "/resource-instances/filter"
    found, offset, total = [], 0, None
    for dummy in range(MAX_PAGES):
        answer = client.request("POST", path, query={"limit": PAGE_SIZE, "offset": offset}, body=body,
                                idempotent=True).body
        page = answer.get("resources") or []
        total = answer.get("total_count", total)
        for resource in page:
            entry = {"resource_type": resource_type}
            entry.update(resource)
            found.append(entry)
        offset += len(page)
        if len(page) < PAGE_SIZE or (total is not None and offset >= total):
            return found, total if total is not None else len(found)
    raise HwcError("More than %d pages of %s resources; stopping." % (MAX_PAGES, resource_type))


def gather(module, client):
    params = module.params
    body = query_body(params)
    resources, counts = [], {}
    for resource_type in dict.fromkeys(params["resource_type"]):
        if params["count_only"]:
            counts[resource_type] = count(client, resource_type, body)
        else:
            found, counts[resource_type] = find(client, resource_type, body)
            resources.extend(found)
    return {"resources": resources, "counts": counts, "total_count": sum(counts.values())}


def main():
    run_info(dict(resource_type=dict(type="list", elements="str", choices=RESOURCE_TYPES, default=RESOURCE_TYPES),
                  tags=dict(type="dict"),
                  without_any_tag=dict(type="bool", default=False),
                  name=dict(type="str"),
                  count_only=dict(type="bool", default=False)), gather)


if __name__ == "__main__":
    main()
