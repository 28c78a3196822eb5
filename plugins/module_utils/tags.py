# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tags: the `tags` dict and `purge_tags` options against the API's tag list, changed by difference only."""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote


def to_dict(api_tags):
    return {tag["key"]: tag.get("value", "") for tag in api_tags or []}


def to_list(tags):
    return [{"key": key, "value": "" if value is None else str(value)} for key, value in sorted(tags.items())]


def plan(current, desired, purge):
    """(tags to add or change, tags to remove) to go from `current` to `desired`.

    Unset `desired` (None) leaves tags alone; `purge` removes tags that are not in `desired`.
    """
    if desired is None:
        return {}, {}
    wanted = dict((k, "" if v is None else str(v)) for k, v in desired.items())
    to_set = dict((k, v) for k, v in wanted.items() if current.get(k) != v)
    to_remove = dict((k, v) for k, v in current.items() if k not in wanted) if purge else {}
    return to_set, to_remove


def predicted(current, to_set, to_remove):
    result = dict((k, v) for k, v in current.items() if k not in to_remove)
    result.update(to_set)
    return result


def apply(client, resource_type, resource_id, to_set, to_remove):
    """Send the difference through the tag API (adding and deleting resource tags in batches): at most one call
    each way."""
    base = "%s/%s/tags" % (api.RESOURCE_TYPE % resource_type, path_quote(resource_id))
    if to_remove:
        client.request("POST", base + "/delete", body={"tags": to_list(to_remove)}, idempotent=True)
    if to_set:
        client.request("POST", base + "/create", body={"tags": to_list(to_set)}, idempotent=True)
