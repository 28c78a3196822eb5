# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Looking up the resources a module refers to (a connection's gateway, a monitor's connection) by id or by
name. Read-only: used by modules' resolve() hooks and by *_info filters."""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, pagination
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, MissingReference


def by_name(client, path, list_key, name, kind, option, style=pagination.NOT_PAGED, query=None):
    """The one resource of a list with this name; fails naming `option` when there is none, or when there are
    several."""
    matches = [item for item in pagination.iterate(client, path, list_key, style, query) if item.get("name") == name]
    if not matches:
        raise MissingReference(option, "There is no %s named %r." % (kind, name))
    if len(matches) > 1:
        raise HwcError("%d %ss are named %r: give the id instead (%s)." % (
            len(matches), kind, name, ", ".join(sorted(item["id"] for item in matches))))
    return matches[0]


def by_id(client, path, body_key, resource_id, kind, option):
    found = api.get_or_none(client, "%s/%s" % (path, path_quote(resource_id)), body_key)
    if found is None:
        raise MissingReference(option, "There is no %s with id %s." % (kind, resource_id))
    return found


def gateway(client, gateway_id=None, name=None):
    """A VPN gateway by id (option vgw_id), else by name (option vgw_name; the gateway list is not paged)."""
    if gateway_id:
        return by_id(client, api.VPN_GATEWAYS, "vpn_gateway", gateway_id, "VPN gateway", "vgw_id")
    return by_name(client, api.VPN_GATEWAYS, "vpn_gateways", name, "VPN gateway", "vgw_name")


def customer_gateway(client, gateway_id=None, name=None):
    """A customer gateway by id (option cgw_id), else by name (option cgw_name)."""
    if gateway_id:
        return by_id(client, api.CUSTOMER_GATEWAYS, "customer_gateway", gateway_id, "customer gateway", "cgw_id")
    return by_name(client, api.CUSTOMER_GATEWAYS, "customer_gateways", name, "customer gateway", "cgw_name",
                   pagination.MARKER)


def connection(client, name, vgw_id=None):
    """A VPN connection by name (option vpn_connection_name), within one gateway when vgw_id is given."""
    return by_name(client, api.VPN_CONNECTIONS, "vpn_connections", name, "VPN connection", "vpn_connection_name",
                   pagination.MARKER, {"vgw_id": vgw_id} if vgw_id else None)
